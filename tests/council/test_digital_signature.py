"""Issue #12, item 4(a): a PAdES digital signature on the decision PDF.

The tests make their own certification authority and signer certificates (valid, expired, not
yet valid, without the digital-signature key usage, issued to someone else), sign through the
service and through the confirmation page, and validate: valid with the trust root, a tampered
copy (a byte flipped in the signed range, an incremental update appended) invalid.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from emulation.models import RegisterEntry
from nominations.decisions import services as decisions
from nominations.files import signing
from nominations.models import Decision
from tests.signing_ca import CHAIRMAN, NOW, PASSWORD, make_ca

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)
AUTHORITY = "Ủy ban nhân dân quận Đống Đa"  # AuthorityFactory's name


# --------------------------------------------------------------------------- helpers


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _private_files(settings) -> list[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def draft(secretary, make_nomination, base_salaries, campaign, authority):
    tinh = make_nomination("recommended", name="Nguyễn Đình Tính", nominee__gender="male")
    return decisions.draft(secretary, [tinh], campaign=campaign)


@pytest.fixture(scope="module")
def seal_p12(ca) -> bytes:
    """The authority's seal certificate (AuthorityFactory's name)."""
    return ca.p12(AUTHORITY)


@pytest.fixture
def signed(draft, chairman, chairman_p12, seal_p12, trusted):
    return decisions.issue(
        draft,
        chairman,
        today=DAY,
        certificate=chairman_p12,
        password=PASSWORD,
        seal=seal_p12,
        seal_password=PASSWORD,
    )


# --------------------------------------------------------------------------- the service


def test_signed_decision_is_the_file_of_record_and_validates(signed, settings):
    stored = decisions.issued_pdf(signed)
    report = signing.validate_pdf(stored)
    assert report.valid is True
    assert report.intact is True
    assert report.signer == CHAIRMAN
    assert report.problem == ""
    assert report.sha256 == signed.pdf_sha256
    assert report.signed_at is not None
    assert abs((report.signed_at - dt.datetime.now(dt.UTC)).total_seconds()) < 120
    assert signed.reference == "01/QĐ-UBND"


def test_visible_field_sits_above_the_printed_name(signed, tmp_path):
    """The widget is on the page of the signer block, between "CHỦ TỊCH" and the name, and
    the name is still in the page's text (the field hides nothing)."""
    stored = decisions.issued_pdf(signed)
    (tmp_path / "signed.pdf").write_bytes(stored)
    reader = PdfReader(io.BytesIO(stored))
    widgets = [
        (index, annot.get_object())
        for index, page in enumerate(reader.pages)
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/T") == signing.FIELD_NAME
    ]
    assert len(widgets) == 1
    index, widget = widgets[0]
    page = reader.pages[index]
    baselines: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for wanted in (CHAIRMAN, "CHỦ TỊCH"):
            if wanted in text and cm[4] + tm[4] * cm[0] > 300:
                baselines[wanted] = float(cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert baselines[CHAIRMAN] + 13 < y1 < y2 < baselines["CHỦ TỊCH"]
    assert 318 < x1 < x2 < 553
    assert CHAIRMAN in _text(stored)
    assert "CHỦ TỊCH" in _text(stored)


def test_signed_copy_tampered_fails(signed):
    stored = decisions.issued_pdf(signed)
    # A byte flipped inside the signed range (in the page content, before the signature).
    at = stored.index(b"stream") + 40
    flipped = stored[:at] + bytes([stored[at] ^ 0x01]) + stored[at + 1 :]
    report = signing.validate_pdf(flipped)
    assert (report.valid, report.intact, report.status) == (False, False, "invalid")
    assert report.problem == "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn giá trị."
    # An incremental update appended after the signature, changing the text.
    writer = PdfWriter(io.BytesIO(stored), incremental=True)
    writer.pages[0].merge_page(writer.pages[-1])
    buffer = io.BytesIO()
    writer.write(buffer)
    appended = buffer.getvalue()
    assert appended.startswith(stored)
    report = signing.validate_pdf(appended)
    assert (report.valid, report.status) == (False, "invalid")
    assert report.problem == (
        "Tệp đã bị thêm nội dung sau khi ký: phần thêm vào không được chữ ký số bảo đảm."
    )


def test_untrusted_but_intact_is_not_valid(signed, settings, tmp_path):
    stranger = tmp_path / "other.pem"
    stranger.write_bytes(make_ca("CA khác").cert.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUST_ROOTS = [str(stranger)]
    report = signing.validate_pdf(decisions.issued_pdf(signed))
    assert (report.valid, report.intact, report.status) == (False, True, "untrusted")
    assert report.signer == CHAIRMAN


def test_unsigned_pdf_reports_no_signature(draft, chairman, trusted):
    decision = decisions.issue(draft, chairman, today=DAY)
    report = signing.validate_pdf(decisions.issued_pdf(decision))
    assert (report.signed, report.status) == (False, "unsigned")
    assert decisions.signature_report(decision) is None


def test_signing_twice_refused(signed, chairman_p12):
    with pytest.raises(signing.AlreadySigned) as err:
        signing.sign_pdf(decisions.issued_pdf(signed), chairman_p12, PASSWORD, signer_name=CHAIRMAN)
    assert err.value.message == "Tệp PDF đã có chữ ký số; không ký lại một văn bản đã ký."


LATER = NOW + dt.timedelta(days=10)


@pytest.mark.parametrize(
    ("bundle", "password", "message"),
    [
        ("good", "sai mật khẩu", "Mật khẩu của tệp chứng thư số không đúng."),
        ("text", PASSWORD, "Tệp chứng thư số không phải tệp PKCS#12 (.p12, .pfx)."),
        (
            "expired",
            PASSWORD,
            "Chứng thư số đã hết hạn từ ngày {}.".format(
                (NOW - dt.timedelta(days=1)).strftime("%d/%m/%Y")
            ),
        ),
        (
            "future",
            PASSWORD,
            "Chứng thư số chưa có hiệu lực: có hiệu lực từ ngày {}.".format(
                LATER.strftime("%d/%m/%Y")
            ),
        ),
        (
            "encipherment",
            PASSWORD,
            "Chứng thư số này không được cấp cho mục đích ký số (thiếu quyền “chữ ký số”).",
        ),
        (
            "other",
            PASSWORD,
            "Chứng thư số cấp cho “Trần Văn Khác”, không phải người ký “Lê Tuấn Định”. Dùng "
            "chứng thư số của chính người ký.",
        ),
    ],
)
def test_refusals_issue_nothing(draft, chairman, ca, trusted, settings, bundle, password, message):
    p12 = {
        "good": lambda: ca.p12(),
        "text": lambda: b"day khong phai chung thu so",
        "expired": lambda: ca.p12(
            not_before=NOW - dt.timedelta(days=400), not_after=NOW - dt.timedelta(days=1)
        ),
        "future": lambda: ca.p12(not_before=LATER, not_after=LATER + dt.timedelta(days=300)),
        "encipherment": lambda: ca.p12(signing=False),
        "other": lambda: ca.p12("Trần Văn Khác"),
    }[bundle]()
    with pytest.raises(decisions.SigningRefused) as err:
        decisions.issue(draft, chairman, today=DAY, certificate=p12, password=password)
    assert err.value.message == message
    draft.refresh_from_db()
    assert (draft.state, draft.number, draft.pdf.name) == ("draft", None, "")
    assert RegisterEntry.objects.count() == 0
    assert _private_files(settings) == []


def test_signing_required_refuses_an_unsigned_issue(draft, chairman, settings):
    settings.SIGNING_REQUIRED = True
    with pytest.raises(decisions.SigningRefused) as err:
        decisions.issue(draft, chairman, today=DAY)
    assert err.value.message == (
        "Quyết định phải được ký số: chọn tệp chứng thư số (.p12, .pfx) và nhập mật khẩu."
    )
    assert Decision.objects.get(pk=draft.pk).state == "draft"


# --------------------------------------------------------------------------- the pages


def _post_issue(client, decision, **extra):
    if Decision.objects.get(pk=decision.pk).state == "draft":
        decisions.submit(decision, decision.created_by)
    return client.post(reverse("decision-issue", args=[decision.pk]), {"confirm": "yes", **extra})


def test_chairman_signs_through_the_confirmation_page(
    client, draft, chairman, chairman_p12, trusted
):
    client.force_login(chairman)
    decisions.submit(draft, draft.created_by)
    page = client.get(reverse("decision-issue", args=[draft.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="certificate"' in page
    upload = SimpleUploadedFile("chu-tich.p12", chairman_p12, "application/x-pkcs12")
    response = _post_issue(client, draft, certificate=upload, password=PASSWORD)
    assert response.status_code == 302
    decision = Decision.objects.get(pk=draft.pk)
    assert decision.state == "signed"
    report = signing.validate_pdf(decisions.issued_pdf(decision))
    assert (report.valid, report.signer, report.sha256) == (True, CHAIRMAN, decision.pdf_sha256)
    detail = client.get(reverse("decision-detail", args=[decision.pk])).content.decode()
    assert "Chữ ký số hợp lệ" in detail
    assert decision.pdf_sha256 in detail


def test_wrong_password_on_the_page_shows_the_refusal(
    client, draft, chairman, chairman_p12, trusted, settings
):
    client.force_login(chairman)
    upload = SimpleUploadedFile("chu-tich.p12", chairman_p12, "application/x-pkcs12")
    response = _post_issue(client, draft, certificate=upload, password="sai")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mật khẩu của tệp chứng thư số không đúng." in page
    assert 'value="sai"' not in page
    assert Decision.objects.get(pk=draft.pk).state == "submitted"
    assert RegisterEntry.objects.count() == 0
    assert _private_files(settings) == []


def test_oversized_file_refused_on_the_page(client, draft, chairman):
    client.force_login(chairman)
    upload = SimpleUploadedFile("big.pfx", b"0" * (signing.MAX_P12_BYTES + 1))
    response = _post_issue(client, draft, certificate=upload, password="x")
    assert "Tệp chứng thư số quá lớn (tối đa 64 KB): đây không phải tệp .p12/.pfx." in (
        response.content.decode()
    )
    assert Decision.objects.get(pk=draft.pk).state == "submitted"


def test_verification_page_shows_signer_time_and_hash(client, signed):
    award = signed.awards.get()
    page = client.get(reverse("verify", args=[award.verification_code])).content.decode()
    assert "Chữ ký số hợp lệ" in page
    assert CHAIRMAN in page
    assert signed.pdf_sha256 in page
    report = decisions.signature_report(signed)
    assert report is not None
    assert timezone.localtime(report.signed_at).strftime("%H:%M %d/%m/%Y") in page
