"""Evidence files (tài liệu minh chứng): checked by content, never by name.

A PDF must start with ``%PDF-`` and look like one (a cross-reference, an end-of-file marker, at
least one object); it may not carry JavaScript or launch actions. An image goes through
:mod:`nominations.files.images` (Pillow: format, size, pixel count, metadata stripped, re-encoded as
JPEG). The client's file name is kept only as display metadata, sanitised; the stored path is
random (:func:`nominations.models.storage.evidence_path`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from nominations.files import images

PDF_MAGIC = b"%PDF-"
# Active content that has no place in a dossier's evidence.
PDF_FORBIDDEN = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/EmbeddedFile")
IMAGE_MAGICS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
MAX_EVIDENCE_FILES = 20
MAX_NAME_LENGTH = 120
_UNSAFE_NAME = re.compile(r"[^\w\s.,()\-+&'’]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass
class CheckedEvidence:
    content: ContentFile
    extension: str
    content_type: str
    original_name: str
    size: int


def safe_display_name(name: str, fallback: str = "tai-lieu") -> str:
    """The client's file name, reduced to something harmless to show and to send back.

    Directories (``../``, ``C:\\``) are dropped, control and shell-special characters removed,
    Vietnamese letters kept (NFC), the length capped.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" ._")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: MAX_NAME_LENGTH - len(ext) - 1].rstrip() + (
            f".{ext}" if ext else ""
        )
    return name or fallback


def _read(upload: File) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _check_pdf(data: bytes) -> None:
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(_("Tệp không phải là PDF hợp lệ."), code="format")
    tail = data[-2048:]
    has_xref = b"startxref" in tail or b"xref" in data[-65536:]
    if b"%%EOF" not in tail or not has_xref or b" obj" not in data:
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ."), code="invalid")
    if any(marker in data for marker in PDF_FORBIDDEN):
        raise ValidationError(
            _("Tệp PDF chứa mã lệnh hoặc tệp đính kèm, không được chấp nhận."), code="active"
        )


def check_evidence(upload: File) -> CheckedEvidence:
    """Validate one uploaded evidence file; return what is to be stored. Nothing is written."""
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read(upload))
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (tối đa %(mb)d MB).")
            % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = safe_display_name(getattr(upload, "name", ""))
    if head.startswith(PDF_MAGIC):
        data = _read(upload)
        _check_pdf(data)
        return CheckedEvidence(
            ContentFile(data, name="evidence.pdf"), "pdf", "application/pdf", name, len(data)
        )
    if head.startswith(IMAGE_MAGICS):
        processed = images.process_photo(upload)  # raises ValidationError
        data = processed.original.read()
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return CheckedEvidence(
            ContentFile(data, name="evidence.jpg"), "jpg", "image/jpeg", f"{stem}.jpg", len(data)
        )
    raise ValidationError(_("Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."), code="format")
