"""Vietnamese text helpers: accent folding for search and slugs, Vietnamese name ordering.

Django's ``slugify`` drops "đ" ("Đà Nẵng" becomes "a-nang"), so every slug and every search
key goes through :func:`fold` first.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC-normalise, drop control characters and collapse whitespace."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: every tone and vowel mark removed, đ → d.

    >>> fold("Nguyễn Đình Tính")
    'nguyen dinh tinh'
    """
    text = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text).translate(_D_MAP)
    return _SPACES.sub(" ", text).strip().lower()


def vn_slugify(text: str) -> str:
    """A URL slug that keeps đ as d: "Đống Đa" → "dong-da"."""
    return slugify(fold(text))


def name_sort_key(full_name: str) -> str:
    """Key that sorts people as Vietnamese lists do: given name (last word), then the rest.

    Folded so that "Ánh" sorts beside "Anh"; the original name breaks ties.
    """
    words = normalize(full_name).split(" ")
    if not words or words == [""]:
        return ""
    given = words[-1]
    rest = " ".join(words[:-1])
    return f"{fold(given)} {fold(rest)}".strip()
