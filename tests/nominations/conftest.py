"""Helpers of the ward officers' tests: images made with Pillow, a campaign, a valid form."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories


def jpeg_bytes(size=(640, 480), colour=(200, 30, 30), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def png_bytes(size=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def minimal_pdf() -> bytes:
    """A small, well-formed one-page PDF (objects, xref, trailer, %%EOF)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users are made in almost every test here; PBKDF2's million rounds would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def campaign(db):
    return factories.CampaignFactory(name="Người tốt, việc tốt")


def form_data(campaign, **overrides) -> dict:
    """A complete individual dossier as the browser posts it."""
    data = {
        "campaign": campaign.pk,
        "kind": "individual",
        "full_name": "Nguyễn Đình Tính",
        "gender": "male",
        "birth_year": "1950",
        "position": "Bí thư chi bộ",
        "workplace": "Tổ dân phố số 10",
        "phone": "0912 345 678",
        "award_kind": campaign.award_kinds.first().pk,
        "procedure": "regular",
        "field": "community",
        "public_summary": "33 năm làm công tác mặt trận ở khu dân cư.",
        "achievement_report": "Vận động giải phóng mặt bằng 7 dự án, không cưỡng chế.",
        "initiative": "",
        "period_start": "2020-01-01",
        "period_end": "2025-12-31",
        "consent_public": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
