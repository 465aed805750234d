"""Generated portrait images for demo and bulk data (no real photos are shipped)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from emulation.text import normalize

PALETTE = [
    (165, 14, 37),
    (20, 108, 67),
    (11, 94, 215),
    (138, 109, 0),
    (90, 58, 168),
    (179, 89, 0),
    (13, 110, 253),
    (102, 16, 242),
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Bold.ttf"
    return ImageFont.truetype(str(path), size)


def initials(full_name: str) -> str:
    words = normalize(full_name).split(" ")
    picked = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(w[0] for w in picked if w).upper()


def tone(full_name: str) -> int:
    """The index in ``PALETTE`` of a person's portrait colour, fixed by the name; the public
    cards' placeholder (CSS classes ``tone-0`` … ``tone-7``) uses the same, so an exemplar
    without a photo looks like the generated portraits."""
    return hashlib.sha256(full_name.encode()).digest()[0] % len(PALETTE)


def portrait_bytes(full_name: str, size: tuple[int, int] = (800, 1000)) -> io.BytesIO:
    """A JPEG portrait placeholder: a coloured card with the person's initials."""
    top = PALETTE[tone(full_name)]
    bottom = tuple(max(0, c - 60) for c in top)
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    # Head and shoulders silhouette behind the initials.
    draw.ellipse(
        [width * 0.3, height * 0.18, width * 0.7, height * 0.52],
        fill=(255, 255, 255, 60),
        outline=(255, 255, 255),
        width=4,
    )
    draw.rounded_rectangle(
        [width * 0.15, height * 0.58, width * 0.85, height * 1.1],
        radius=int(width * 0.2),
        outline=(255, 255, 255),
        width=4,
    )
    font = _font(int(height * 0.14))
    text = initials(full_name)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((width - (box[2] - box[0])) / 2, height * 0.35 - (box[3] - box[1]) / 2 - box[1]),
        text,
        font=font,
        fill=top,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    buffer.name = "portrait.jpg"
    return buffer
