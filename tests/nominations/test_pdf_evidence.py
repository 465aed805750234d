"""Evidence PDFs (issue #15): judged by parsing them with pypdf, not by scanning bytes.

Refused wherever they sit: JavaScript, launch / import / submit / remote go-to actions, embedded
files, rich media, XFA. Accepted: what a PDF reader opens, a missing cross-reference included.
Every PDF is built here, by hand (bytes) or with pypdf's writer.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from nominations.files import uploads
from nominations.models import Evidence
from tests import factories
from tests.nominations.conftest import form_data, minimal_pdf, upload

pytestmark = pytest.mark.django_db

ACTIVE = "Tệp PDF chứa mã lệnh hoặc tệp đính kèm, không được chấp nhận."
BROKEN = "Tệp PDF bị hỏng hoặc không đầy đủ."
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def hand_pdf(*objects: bytes, xref: bool = True, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF of ``objects`` (numbered from 1), with or without its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    if not xref:
        out.write(b"trailer\n<< %s >>\n%%%%EOF\n" % trailer)
        return out.getvalue()
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    )
    return out.getvalue()


def catalog(extra: bytes = b"", page_extra: bytes = b"", *more: bytes, xref: bool = True) -> bytes:
    return hand_pdf(
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE[:-2] + page_extra + b" >>",
        *more,
        xref=xref,
    )


def written(build) -> bytes:
    """A one-page PDF from pypdf's writer, after ``build(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refusal(data: bytes) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as err:
        uploads.check_evidence(upload("minh-chung.pdf", data))
    return err.value.code, err.value.messages


def accepted(data: bytes) -> bool:
    checked = uploads.check_evidence(upload("minh-chung.pdf", data))
    assert (checked.extension, checked.content_type, checked.content.read()) == (
        "pdf",
        "application/pdf",
        data,
    )
    return True


# --- The examples ---------------------------------------------------------------------


def test_open_action_javascript_written_with_escaped_names_is_refused():
    """Issue #15: ``/Java#53cript`` was accepted although pypdf reads it back as JavaScript."""
    data = catalog(
        b"/OpenAction 4 0 R", b"", b"<< /Type /Action /S /Java#53cript /J#53 (app.alert(1)) >>"
    )
    action = PdfReader(io.BytesIO(data)).trailer["/Root"]["/OpenAction"].get_object()
    assert action["/S"] == "/JavaScript"  # what a reader sees
    assert refusal(data) == ("active", [ACTIVE])


def test_minimal_valid_pdf_without_xref_table_is_accepted():
    """Issue #15: refused as corrupt; every reader opens it (the table is rebuilt)."""
    data = catalog(xref=False)
    assert b"xref" not in data
    assert accepted(data)
    # … and the rebuilt file is still inspected: JavaScript without an xref is refused.
    assert refusal(catalog(b"/OpenAction << /S /JavaScript /JS (x) >>", xref=False)) == (
        "active",
        [ACTIVE],
    )


def test_wrong_startxref_is_repaired_too():
    data = catalog().replace(b"startxref\n", b"startxref\n1")
    assert accepted(data)


def test_well_formed_pdfs_are_accepted():
    assert accepted(minimal_pdf())
    assert accepted(written(lambda w: w.add_metadata({"/Title": "Biên bản họp tổ dân phố"})))
    # A link to a web page is not active content: the reader asks before following it.
    assert accepted(written(lambda w: w.add_uri(0, "https://dongda.hanoi.gov.vn", [0, 0, 50, 50])))


# --- Active content wherever it sits ------------------------------------------------------------


def _page_annotation(annotation: dict) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        writer.add_annotation(0, DictionaryObject(annotation))

    return build


def _action(kind: str, **extra) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in extra.items():
        action[NameObject(f"/{key}")] = value
    return action


RECT = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(50)])
LINK = {
    NameObject("/Type"): NameObject("/Annot"),
    NameObject("/Subtype"): NameObject("/Link"),
    NameObject("/Rect"): RECT,
}


def _open_action_js(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(
        _action("/JavaScript", JS=TextStringObject("app.alert(1)"))
    )


ACTIVE_PDFS = {
    "document JavaScript (name tree)": catalog(
        b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>",
        b"",
        b"<< /S /JavaScript /JS (app.alert('x');) >>",
    ),
    "open action JavaScript (writer)": written(_open_action_js),
    "embedded file (name tree)": written(lambda w: w.add_attachment("virus.exe", b"MZ\x90\x00")),
    "open action JavaScript": catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "catalog additional action": catalog(
        b"/AA << /WC << /S /JavaScript /JS 4 0 R >> >>", b"", b"(x)"
    ),
    "page additional action": catalog(b"", b" /AA << /O << /S /Launch /F (calc.exe) >> >>"),
    "launch on a link annotation": written(
        _page_annotation(
            {**LINK, NameObject("/A"): _action("/Launch", F=TextStringObject("cmd.exe"))}
        )
    ),
    "import data": written(
        _page_annotation(
            {**LINK, NameObject("/A"): _action("/ImportData", F=TextStringObject("x.fdf"))}
        )
    ),
    "submit form": written(
        _page_annotation(
            {**LINK, NameObject("/A"): _action("/SubmitForm", F=TextStringObject("http://x"))}
        )
    ),
    "remote go-to (UNC path)": written(
        _page_annotation(
            {
                **LINK,
                NameObject("/A"): _action("/GoToR", F=TextStringObject("\\\\evil\\share\\a.pdf")),
            }
        )
    ),
    "embedded go-to": written(_page_annotation({**LINK, NameObject("/A"): _action("/GoToE")})),
    "file attachment annotation": written(
        _page_annotation(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): RECT,
            }
        )
    ),
    "rich media annotation": written(
        _page_annotation(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/RichMedia"),
                NameObject("/Rect"): RECT,
            }
        )
    ),
    "form field keystroke script": catalog(
        b"/AcroForm << /Fields [4 0 R] >>",
        b" /Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (ho_ten) /Rect [0 0 50 20] /P 3 0 R"
        b" /AA << /K << /S /JavaScript /JS (event.rc = true;) >> >> >>",
    ),
    "XFA form": catalog(
        b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", b"<< /Length 0 >>\nstream\n\nendstream"
    ),
    "next action of a harmless one": catalog(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /JavaScript /JS (x) >> >>"
    ),
    "action type given by reference": catalog(
        b"/OpenAction << /S 4 0 R /JS (x) >>", b"", b"/JavaScript"
    ),
    "escaped key /J#53 alone": catalog(b"/OpenAction << /S /Rendition /J#53 (x) >>"),
    "outline item action": catalog(
        b"/Outlines 4 0 R",
        b"",
        b"<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
        b"<< /Title (Muc 1) /Parent 4 0 R /A << /S /Launch /F (a.exe) >> >>",
    ),
    "orphan object listed in the xref": catalog(b"", b"", b"<< /S /JavaScript /JS (x) >>"),
    "file specification with embedded stream": catalog(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /F << /Type /Filespec /F (a.txt) /EF << /F 4 0 R >> >> >>",
        b"",
        b"<< /Length 1 >>\nstream\nx\nendstream",
    ),
}


@pytest.mark.parametrize("label", list(ACTIVE_PDFS))
def test_active_content_is_refused_wherever_it_sits(label):
    data = ACTIVE_PDFS[label]
    PdfReader(io.BytesIO(data))  # a PDF pypdf reads without complaint
    assert refusal(data) == ("active", [ACTIVE])


@pytest.mark.parametrize(
    "uri",
    [
        b"(javascript:app.alert\\(1\\))",
        b"( JavaScript:app.alert\\(1\\))",
        b"<6a6176617363726970743a616c65727428312900>",  # hex string, "javascript:alert(1)"
        b"(vbscript:msgbox)",
        b"(file:///C:/Windows/System32/calc.exe)",
    ],
)
def test_a_uri_action_running_script_or_a_local_file_is_refused(uri):
    """Was accepted: a link whose address is JavaScript (or a local program, a launch by
    another name) runs it in the viewers that hand the address to a browser engine."""
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /URI /URI %s >> >>" % uri
    assert refusal(catalog(b"/OpenAction << /S /URI /URI %s >>" % uri)) == ("active", [ACTIVE])
    assert refusal(catalog(b"", b" /Annots [4 0 R]", link)) == ("active", [ACTIVE])


def test_the_word_javascript_in_the_text_is_not_active_content():
    text = b"BT /F1 12 Tf (/JavaScript /Launch /JS) Tj ET"
    page = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    data = catalog(b"/Lang (vi) /Title (/JavaScript)", b" /Contents 4 0 R", page)
    assert b"/JavaScript" in data
    assert accepted(data)


# --- Encryption, pages, what cannot be parsed -------------------------------------------


def _encrypted(user: str, extra=None) -> bytes:
    def build(writer: PdfWriter) -> None:
        if extra:
            extra(writer)
        writer.encrypt(user_password=user, owner_password="chu-so-huu", algorithm="RC4-128")

    return written(build)


def test_password_protected_pdf_is_refused():
    assert refusal(_encrypted("mat-khau")) == (
        "encrypted",
        ["Tệp PDF có mật khẩu, không mở được để kiểm tra; hãy nộp bản không đặt mật khẩu."],
    )


def test_pdf_restricted_by_owner_password_only_is_opened_and_checked():
    """Opens in every reader without a password (printing or copying may be restricted)."""
    assert accepted(_encrypted(""))
    assert refusal(_encrypted("", _open_action_js)) == ("active", [ACTIVE])


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("header only", b"%PDF-1.7\n%garbage"),
        (
            "no pages",
            hand_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"),
        ),
        ("no catalog", hand_pdf(b"<< /Type /Pages /Kids [] /Count 0 >>", trailer=b"")),
        ("cut in half", minimal_pdf()[:120]),
        ("binary noise", b"%PDF-1.4\n" + bytes(range(256)) * 40),
    ],
)
def test_what_no_reader_opens_is_refused_as_broken(label, data):
    assert refusal(data) == ("invalid", [BROKEN])


def test_not_a_pdf_at_all():
    with pytest.raises(ValidationError) as err:
        uploads._check_pdf(b"<html>%PDF-1.4</html>")
    assert (err.value.code, err.value.messages) == ("format", ["Tệp không phải là PDF hợp lệ."])


def test_page_cap(monkeypatch):
    def pages(writer: PdfWriter) -> None:
        for _i in range(3):
            writer.add_blank_page(200, 200)

    monkeypatch.setattr(uploads, "MAX_PDF_PAGES", 3)
    assert refusal(written(pages)) == ("pages", ["Tệp PDF quá nhiều trang (tối đa 3 trang)."])


def test_object_cap(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTS", 5)
    assert refusal(written(lambda w: [w.add_blank_page(200, 200) for _i in range(5)])) == (
        "complex",
        ["Tệp PDF quá phức tạp để kiểm tra, không được chấp nhận."],
    )


# --- A hostile file cannot hang a worker -----------------------------------------------------


def test_reference_cycles_end():
    data = catalog(b"/Loop 4 0 R", b"", b"[4 0 R 5 0 R << /Self 4 0 R >>]", b"[4 0 R 5 0 R]")
    assert accepted(data)


def test_deep_nesting_is_refused_quickly():
    deep = b"[" * 200_000 + b"]" * 200_000
    data = catalog(b"/Deep 4 0 R", b"", deep)
    began = time.monotonic()
    code, _messages = refusal(data)
    assert code == "invalid"
    assert time.monotonic() - began < 10


def test_a_thousand_pages_are_checked_in_reasonable_time():
    def pages(writer: PdfWriter) -> None:
        for _i in range(999):
            writer.add_blank_page(595, 842)

    data = written(pages)
    began = time.monotonic()
    assert accepted(data)
    assert time.monotonic() - began < 10


def _arrays(count: int, size: int) -> bytes:
    def build(writer: PdfWriter) -> None:
        for i in range(count):
            writer.root_object[NameObject(f"/Big{i}")] = ArrayObject(
                [ArrayObject([NumberObject(n)]) for n in range(size)]
            )

    return written(build)


def test_many_objects_walked_within_the_cap():
    data = _arrays(2, 90_000)  # 180,000 arrays of the 200,000 walked at most
    began = time.monotonic()
    assert accepted(data)
    assert time.monotonic() - began < 20


def test_pypdf_limits_end_as_too_complex():
    assert refusal(_arrays(1, 150_000)) == (
        "complex",
        ["Tệp PDF quá phức tạp để kiểm tra, không được chấp nhận."],
    )


# --- Through the page: the message next to the field -------------------------------------------


def test_escaped_javascript_refused_next_to_the_field(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    response = client.post(
        reverse("evidence-upload", args=[nom.pk]),
        {
            "files": [
                upload(
                    "Biên bản.pdf",
                    ACTIVE_PDFS["open action JavaScript (writer)"].replace(
                        b"/JavaScript", b"/Java#53cript"
                    ),
                )
            ]
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [f"Biên bản.pdf: {ACTIVE}"]
    assert not Evidence.objects.exists()


def test_pdf_without_xref_accepted_through_the_page(client, officer, campaign):
    client.force_login(officer)
    payload = form_data(campaign)
    payload["evidence"] = [upload("Giấy xác nhận.pdf", catalog(xref=False), "application/pdf")]
    assert client.post(reverse("nomination-create"), payload).status_code == 302
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        assert handle.read() == catalog(xref=False)


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b"\r\n", b"\xef\xbb\xbf \n\t"])
def test_a_header_after_a_bom_or_white_space_is_a_pdf_as_readers_open_it(prefix):
    """Tester: some mail and scanner software saves a BOM or a newline before "%PDF-"; readers
    open such a file, so it is accepted (stored as uploaded) and still checked for scripts."""
    assert accepted(prefix + written(lambda w: None))
    script = catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    assert refusal(prefix + script)[0] == "active"


def test_other_bytes_before_the_header_are_not_a_pdf():
    assert refusal(b"<p>see attached</p>\n" + written(lambda w: None)) == (
        "format",
        ["Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."],
    )
