"""Bad input met cleanly: 200 with the form, a message next to the field, nothing stored,
no temporary file left behind; and photos cleaned of their metadata (GPS) in every size."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from nominations.files import images, uploads
from nominations.models import Evidence, Nomination, Nominee
from tests import factories
from tests.nominations.conftest import form_data, jpeg_bytes, minimal_pdf, png_bytes, upload

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML_PDF = b"<!doctype html><html><body><script>alert(1)</script>Not a PDF</body></html>"


def png_bomb(side: int = 20_000) -> bytes:
    """A real PNG of side × side black pixels (1 bit), a few tens of KB compressed."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def big_file(mb: int, head: bytes = b"") -> bytes:
    return head + b"\x00" * (mb * 1024 * 1024 - len(head))


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def _files_under(*folders) -> list:
    found = []
    for folder in folders:
        if folder.exists():
            found += [p for p in folder.rglob("*") if p.is_file()]
    return found


def assert_refused(response, field: str, message_part: str, settings, temp_dir):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message_part in e for e in errors[field]), errors[field]
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert Nomination.objects.count() == 0
    assert Nominee.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert _files_under(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, temp_dir) == []


BAD_PHOTOS = [
    (
        "text renamed .jpg",
        "anh.jpg",
        b"Day khong phai la anh, chi la chu.\n" * 20,
        "không phải là ảnh hợp lệ",
    ),
    ("truncated JPEG", "cut.jpg", jpeg_bytes((800, 600))[:700], "không phải là ảnh hợp lệ"),
    ("decompression bomb", "bomb.png", None, "quá nhiều điểm ảnh"),
    ("SVG with script", "logo.svg.jpg", SVG, "không phải là ảnh hợp lệ"),
    ("0 bytes", "empty.jpg", b"", "Tệp rỗng"),
    ("50 MB", "huge.jpg", None, "Ảnh quá lớn"),
]


@pytest.mark.parametrize(
    ("label", "name", "data", "message"), BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS]
)
def test_bad_photo_refused(
    client, officer, campaign, settings, temp_dir, label, name, data, message
):
    if label == "decompression bomb":
        data = png_bomb()
        assert len(data) < 100_000
    if label == "50 MB":
        data = big_file(50, jpeg_bytes())
    client.force_login(officer)
    payload = form_data(campaign)
    payload["photo"] = upload(name, data, "image/jpeg")
    payload["evidence"] = [upload("ok.pdf", minimal_pdf(), "application/pdf")]
    response = client.post(reverse("nomination-create"), payload)
    assert_refused(response, "photo", message, settings, temp_dir)


BAD_EVIDENCE = [
    ("HTML renamed .pdf", "bien-ban.pdf", HTML_PDF, "Chỉ nhận tệp PDF"),
    ("SVG with script", "hinh.svg", SVG, "Chỉ nhận tệp PDF"),
    ("text renamed .jpg", "giay.jpg", b"hello world " * 100, "Chỉ nhận tệp PDF"),
    ("0 bytes", "rong.pdf", b"", "Tệp rỗng"),
    ("50 MB", "to.pdf", None, "Tệp quá lớn"),
    ("PDF header, no body", "half.pdf", b"%PDF-1.7\n%garbage", "bị hỏng"),
    ("PDF with JavaScript", "js.pdf", None, "mã lệnh"),
    ("truncated JPEG", "cut.jpg", jpeg_bytes((800, 600))[:700], "không phải là ảnh hợp lệ"),
]


@pytest.mark.parametrize(
    ("label", "name", "data", "message"), BAD_EVIDENCE, ids=[b[0] for b in BAD_EVIDENCE]
)
def test_bad_evidence_refused(
    client, officer, campaign, settings, temp_dir, label, name, data, message
):
    if label == "50 MB":
        data = big_file(50, minimal_pdf())
    if label == "PDF with JavaScript":
        data = minimal_pdf().replace(
            b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
        )
    client.force_login(officer)
    payload = form_data(campaign)
    payload["evidence"] = [upload("tốt.pdf", minimal_pdf()), upload(name, data)]
    response = client.post(reverse("nomination-create"), payload)
    assert_refused(response, "evidence", message, settings, temp_dir)


def test_bad_evidence_on_detail_page_upload(client, officer, campaign, settings, temp_dir):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    response = client.post(
        reverse("evidence-upload", args=[nom.pk]), {"files": [upload("x.pdf", HTML_PDF)]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "x.pdf: Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."
    ]
    assert not Evidence.objects.exists()
    assert _files_under(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, temp_dir) == []


HUGE = "x" * 100_000


@pytest.mark.parametrize(
    "field",
    [
        "full_name",
        "position",
        "workplace",
        "phone",
        "public_summary",
        "achievement_report",
        "initiative",
    ],
)
def test_100kb_text_refused_next_to_field(client, officer, campaign, settings, temp_dir, field):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(campaign, **{field: HUGE}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Nomination.objects.count() == 0
    assert _files_under(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, temp_dir) == []


def test_future_birth_year_refused(client, officer, campaign, settings, temp_dir):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(campaign, birth_year="2999"))
    assert_refused(response, "birth_year", "Năm sinh không được ở tương lai.", settings, temp_dir)


def test_tampered_ward_on_edit_is_ignored(client, officer, other_officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    payload = form_data(campaign, version=1, ward=other_officer.ward.pk)
    payload["campaign"] = factories.CampaignFactory().pk
    assert client.post(reverse("nomination-edit", args=[nom.pk]), payload).status_code == 302
    nom.refresh_from_db()
    assert (nom.ward, nom.campaign, nom.nominee.ward) == (officer.ward, campaign, officer.ward)


def test_html_and_script_shown_escaped(client, officer, campaign):
    script = "<script>alert('x')</script><b>đậm</b>"
    client.force_login(officer)
    client.post(
        reverse("nomination-create"),
        form_data(
            campaign,
            full_name=f"Tên {script}",
            position=script,
            workplace=script,
            public_summary=script,
            achievement_report=script,
            initiative=script,
        ),
    )
    nom = Nomination.objects.get()
    html = client.get(reverse("nomination-detail", args=[nom.pk])).content.decode()
    assert "<script>alert(" not in html
    assert "<b>đậm</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    edit = client.get(reverse("nomination-edit", args=[nom.pk])).content.decode()
    assert "<script>alert(" not in edit


def test_file_names_with_dots_and_vietnamese(client, officer, campaign):
    client.force_login(officer)
    payload = form_data(campaign)
    payload["photo"] = upload("../../../etc/ảnh chân dung.jpg", jpeg_bytes(), "image/jpeg")
    payload["evidence"] = [
        upload("..\\..\\Quyết định khen thưởng năm 2025.pdf", minimal_pdf()),
        upload("Ảnh: hiện trường <1>.png", png_bytes()),
    ]
    response = client.post(reverse("nomination-create"), payload)
    assert response.status_code == 302
    nom = Nomination.objects.get()
    assert sorted(nom.evidence.values_list("original_name", "content_type")) == [
        ("Quyết định khen thưởng năm 2025.pdf", "application/pdf"),
        ("Ảnh_ hiện trường _1_.jpg", "image/jpeg"),
    ]
    for stored in [
        nom.photo.name,
        nom.photo_thumb.name,
        *nom.evidence.values_list("file", flat=True),
    ]:
        assert ".." not in stored
        assert stored.isascii()


def test_gps_exif_gone_and_orientation_applied(client, officer, campaign):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Camera hãng X"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    gps[3] = "E"
    gps[4] = (105.0, 49.0, 12.0)
    raw = jpeg_bytes((600, 400), exif=exif)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the test input has GPS
    client.force_login(officer)
    payload = form_data(campaign)
    payload["photo"] = upload("gps.jpg", raw, "image/jpeg")
    payload["evidence"] = [upload("gps-evidence.jpg", raw, "image/jpeg")]
    assert client.post(reverse("nomination-create"), payload).status_code == 302
    nom = Nomination.objects.get()
    stored = [nom.photo, nom.photo_medium, nom.photo_thumb, nom.evidence.get().file]
    for fieldfile in stored:
        with fieldfile.open("rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        assert "exif" not in image.info
        assert b"Exif" not in data[:200]
        width, height = image.size
        assert height > width  # 600×400 turned upright to portrait
    assert (nom.photo_width, nom.photo_height) == (400, 600)


def test_safe_display_name():
    assert uploads.safe_display_name("../../etc/passwd") == "passwd"
    assert uploads.safe_display_name("C:\\Users\\a\\Tờ trình.pdf") == "Tờ trình.pdf"
    assert uploads.safe_display_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert uploads.safe_display_name("...") == "tai-lieu"
    long = uploads.safe_display_name("Đ" * 300 + ".pdf")
    assert len(long) == uploads.MAX_NAME_LENGTH and long.endswith(".pdf")


def test_check_evidence_accepts_real_pdf_from_weasyprint():
    from nominations.files.pdf import render_pdf

    pdf = render_pdf("pdf/base.html", {})
    checked = uploads.check_evidence(upload("x.pdf", pdf))
    assert (checked.content_type, checked.extension, checked.size) == (
        "application/pdf",
        "pdf",
        len(pdf),
    )


def test_images_refuse_more_than_40_megapixels(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100 - 1
    with pytest.raises(ValidationError) as err:
        images.process_photo(upload("a.png", png_bytes((100, 100))))
    assert err.value.code == "pixels"


def test_truncated_jpeg_refused_even_after_weasyprint_loaded():
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on process-wide when imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with pytest.raises(ValidationError) as err:
            images.process_photo(upload("cut.jpg", jpeg_bytes((800, 600))[:700]))
        assert err.value.code == "invalid"
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous
