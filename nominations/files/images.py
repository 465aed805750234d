"""Photos through Pillow: checked by content, EXIF orientation applied, metadata stripped,
re-encoded in three sizes (original ≤ 2400 px, medium ≤ 1200 px, thumbnail ≤ 480 px).
"""

from __future__ import annotations

import io
import struct
import threading
import warnings
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from nominations.models import Nomination

# MPO is how Pillow names the multi-picture JPEGs of many phone cameras.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
OPENERS = ["JPEG", "PNG", "WEBP"]  # the JPEG opener also yields MPO
SIZES = {"original": 2400, "medium": 1200, "thumb": 480}


@dataclass
class ProcessedPhoto:
    original: ContentFile
    medium: ContentFile
    thumb: ContentFile
    thumb_size: tuple[int, int]


def _read_all(upload: File | IO[bytes]) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


_STRICT = threading.Lock()


def _load_strictly(image: Image.Image) -> None:
    """Decode every pixel, refusing truncated files.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process when it
    is imported (after the first PDF), which would let a truncated JPEG through: the flag is
    forced off while an upload is decoded.
    """
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def open_checked_image(upload: File | IO[bytes]) -> Image.Image:
    """Open an uploaded image, refusing anything that is not a sane JPEG, PNG or WebP."""
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read_all(upload))
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Ảnh quá lớn (tối đa %(mb)d MB).")
            % {"mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    data = _read_all(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these decoders may look at the bytes (never EPS/Ghostscript and the like).
            image = Image.open(io.BytesIO(data), formats=OPENERS)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG hoặc WebP."), code="format")
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh có quá nhiều điểm ảnh (tối đa %(mp)d triệu).")
                    % {"mp": settings.PHOTO_MAX_PIXELS // 1_000_000},
                    code="pixels",
                )
            _load_strictly(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("Ảnh có quá nhiều điểm ảnh."), code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Tệp không phải là ảnh hợp lệ hoặc đã bị hỏng."), code="invalid"
        ) from None
    return image


def _encode(image: Image.Image, longest: int) -> tuple[ContentFile, tuple[int, int]]:
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # A fresh JPEG without exif/icc/xmp: every piece of metadata (GPS!) is gone.
    copy.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg"), copy.size


def _to_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode == "L":
        return image.convert("RGB")
    return image


def process_photo(upload: File | IO[bytes]) -> ProcessedPhoto:
    image = open_checked_image(upload)
    try:
        # A corrupt EXIF block or an exotic mode must end as a message, never as a 500.
        image = _to_rgb(image)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        raise ValidationError(
            _("Tệp không phải là ảnh hợp lệ hoặc đã bị hỏng."), code="invalid"
        ) from None
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    original, _size = _encode(clean, SIZES["original"])
    medium, _size = _encode(clean, SIZES["medium"])
    thumb, thumb_size = _encode(clean, SIZES["thumb"])
    return ProcessedPhoto(original=original, medium=medium, thumb=thumb, thumb_size=thumb_size)


def attach_photo(nomination: Nomination, upload: File | IO[bytes]) -> None:
    """Store the three sizes on a nomination (caller saves it). Old files are removed."""
    processed = process_photo(upload)
    for field in ("photo", "photo_medium", "photo_thumb"):
        old = getattr(nomination, field)
        if old:
            old.delete(save=False)
    nomination.photo.save("photo.jpg", processed.original, save=False)
    nomination.photo_medium.save("photo.jpg", processed.medium, save=False)
    nomination.photo_thumb.save("photo.jpg", processed.thumb, save=False)
    nomination.thumb_width, nomination.thumb_height = processed.thumb_size
