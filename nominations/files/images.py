"""Photos through Pillow: checked by content, EXIF orientation applied, colours converted to
sRGB (any mode, bit depth, embedded ICC profile), metadata stripped, re-encoded in three sizes
(original ≤ 2400 px, medium ≤ 1200 px, thumbnail ≤ 480 px).
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
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

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
    # A fresh JPEG without exif/icc/xmp/comment: every piece of metadata (GPS!) is gone. The
    # pixels are sRGB, which every browser assumes of an untagged image.
    copy.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg"), copy.size


# 16-bit samples to 8 bits by scaling (v / 257, rounded), never by clipping at 255.
_SIXTEEN_TO_EIGHT = [(v * 255 + 32767) // 65535 for v in range(65536)]
_SRGB = ImageCms.createProfile("sRGB")
_LAB = ImageCms.createProfile("LAB")
# Modes whose colours an ICC profile can describe, with the profile's colour space.
_PROFILE_SPACES = {"L": "GRAY", "RGB": "RGB", "RGBA": "RGB", "CMYK": "CMYK", "LAB": "LAB"}


def _colour_key(image: Image.Image) -> Image.Image | None:
    """The alpha channel (L) of a grey or RGB image whose file names one colour transparent
    (a PNG tRNS chunk without a palette), else None."""
    key = image.info.get("transparency")
    if key is None or isinstance(key, bytes):
        return None
    if image.mode == "RGB" and isinstance(key, tuple):
        return image.convert("RGBA").getchannel("A")
    if image.mode in ("L", "I", "I;16", "I;16B", "I;16L") and isinstance(key, int):
        table = [255] * 65536
        if 0 <= key < 65536:
            table[key] = 0
        return image.convert("I").point(table, "L")
    return None


def _eight_bit(image: Image.Image) -> Image.Image:
    """:func:`_eight_samples`, with the transparent colour of a grey or RGB PNG (tRNS) as its
    alpha channel (LA, RGBA), as the palette's is."""
    alpha = _colour_key(image)
    eight = _eight_samples(image)
    if alpha is not None and eight.mode in ("L", "RGB"):
        eight = eight.copy()
        eight.putalpha(alpha)
    return eight


def _eight_samples(image: Image.Image) -> Image.Image:
    """Any Pillow mode to one of L, LA, RGB, RGBA, CMYK, LAB (8 bits per sample).

    I;16* and I are 16-bit samples (how PNG stores them) scaled by 1/257; F is taken in
    Pillow's 0–255 convention and clipped; 1, P, PA, La, RGBa, RGBX, YCbCr and HSV go through
    Pillow's own conversions (a palette keeps its transparency).
    """
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        return image.convert("I").point(_SIXTEEN_TO_EIGHT, "L")
    if mode == "F":
        return image.convert("L")
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if transparent else "RGB")
    if mode == "La":
        return image.convert("LA")
    if mode == "RGBa":
        return image.convert("RGBA")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK", "LAB"):
        return image
    return image.convert("RGB")  # YCbCr, HSV, RGBX


def _profile(image: Image.Image, icc: bytes | None) -> ImageCms.ImageCmsProfile | None:
    """The embedded ICC profile when it is readable and fits the pixels, else None."""
    if image.mode == "LAB":
        return ImageCms.ImageCmsProfile(_LAB)
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    space = profile.profile.xcolor_space.strip()
    return profile if _PROFILE_SPACES.get(image.mode) == space else None


def _png_gamma(info: dict) -> float | None:
    """The file gamma of a PNG's gAMA chunk when it describes the samples (no iCCP, no sRGB
    chunk, as viewers read it) and is not sRGB's 2.2 (0.45455); else None."""
    gamma = info.get("gamma")
    if info.get("icc_profile") or "srgb" in info or not isinstance(gamma, int | float):
        return None
    return float(gamma) if 0.01 <= gamma <= 10 and abs(gamma - 0.45455) > 0.005 else None


def _gamma_table(gamma: float) -> list[int]:
    """8-bit samples encoded with file gamma ``gamma`` (linear = v ** (1 / gamma)) → sRGB."""

    def encode(linear: float) -> float:
        return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055

    return [round(255 * encode((v / 255) ** (1 / gamma))) for v in range(256)]


def _to_srgb(image: Image.Image, icc: bytes | None, gamma: float | None = None) -> Image.Image:
    """Pixels as a colour-managed viewer shows them, in 8-bit sRGB: RGB, or RGBA when the
    image has an alpha channel. ``icc`` is the profile the file embedded (None: sRGB);
    ``gamma`` a PNG's file gamma (:func:`_png_gamma`), used when there is no profile."""
    image = _eight_bit(image)
    if image.mode == "LA":
        alpha = image.getchannel("A")
        image = image.convert("L")
    elif image.mode == "RGBA":
        alpha = image.getchannel("A")
        image = image.convert("RGB")
    else:
        alpha = None
    profile = _profile(image, icc)
    if profile is not None:
        try:
            converted = ImageCms.profileToProfile(
                image,
                profile,
                _SRGB,
                # Relative colorimetric, no black point scaling: the colours the profile states
                # (sRGB holds nearly every print and most photo colours; the rest clip).
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode="RGB",
            )
            if converted is not None:  # None only when asked to convert in place
                image = converted
        except ImageCms.PyCMSError:
            pass  # a profile LittleCMS cannot use: the pixels are taken as sRGB
    elif gamma is not None and image.mode in ("L", "RGB"):
        image = image.point(_gamma_table(gamma) * len(image.mode))
    if image.mode != "RGB":
        image = image.convert("RGB")  # L, and CMYK without a usable profile (Pillow's formula)
    if alpha is not None:
        image.putalpha(alpha)
    return image


def _flattened(image: Image.Image) -> Image.Image:
    """Transparent parts on white; a plain RGB image that carries no ``info`` of the file."""
    clean = Image.new("RGB", image.size, (255, 255, 255))
    if image.mode == "RGBA":
        clean.paste(image, mask=image.getchannel("A"))
    else:
        clean.paste(image)
    return clean


def process_photo(upload: File | IO[bytes]) -> ProcessedPhoto:
    """Check an uploaded photo and re-encode it in the three sizes of :data:`SIZES`.

    Every mode, bit depth and embedded ICC profile ends as 8-bit sRGB that looks as the
    original does in a colour-managed viewer; EXIF orientation is applied; the JPEGs carry no
    metadata at all (EXIF, GPS, XMP, ICC, comments). Raises ``ValidationError`` (codes
    ``empty``, ``size``, ``format``, ``pixels``, ``invalid``).
    """
    image = open_checked_image(upload)
    icc = image.info.get("icc_profile")
    gamma = _png_gamma(image.info)
    try:
        # A corrupt EXIF block or an exotic mode must end as a message, never as a 500.
        image = ImageOps.exif_transpose(image)
        clean = _flattened(_to_srgb(image, icc if isinstance(icc, bytes) else None, gamma))
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        raise ValidationError(
            _("Tệp không phải là ảnh hợp lệ hoặc đã bị hỏng."), code="invalid"
        ) from None
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


A4_INCHES = (8.27, 11.69)


def jpeg_to_pdf(data: bytes) -> bytes:
    """A checked photo (the JPEG of :func:`process_photo`) as a one-page PDF, its resolution
    chosen so the page is A4-sized (a photographed paper decision prints as the paper did)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    width, height = image.size
    if width > height:
        dpi = max(width / A4_INCHES[1], height / A4_INCHES[0])
    else:
        dpi = max(width / A4_INCHES[0], height / A4_INCHES[1])
    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=max(dpi, 1.0))
    return out.getvalue()
