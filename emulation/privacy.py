"""The one checker of private details in text meant for the public (Luật An ninh mạng 2018,
Nghị định 13/2023/NĐ-CP on personal data: a phone number, an address, a date of birth, an
identity number are basic personal data; health is sensitive personal data, art. 2).

:func:`find_private` returns every hit as a :class:`Hit` (kind, span, text). The text is
matched on an accent-free copy mapped back to the text (``_fold_with_positions``), so "sinh ngay",
"Sinh ngày" and an NFD "sinh ngày" are one thing, and every span points into the text as
given. It is a reviewer's aid, not a filter: a hit is shown to staff, who fix or confirm it.

Kinds: ``phone`` (Vietnamese mobile or landline, national or +84), ``email`` (also written
"an [at] gmail.com"), ``address`` (house number with ngõ / ngách / hẻm / kiệt / phố / đường,
"số nhà 12", "15 phố Huế"), ``birth_date`` (an exact date next to "sinh"), ``id_number``
(12-digit CCCD anywhere, 9 or 12 digits, grouped or not, after its name), ``health``
(illness, treatment, hospital, disability, pregnancy, addiction words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "phone": _("số điện thoại"),
    "email": _("thư điện tử"),
    "address": _("địa chỉ nhà"),
    "birth_date": _("ngày sinh"),
    "id_number": _("số CCCD / CMND"),
    "health": _("thông tin sức khỏe"),
}

MAX_CHARS = 100_000  # longer text is checked up to here (a story is ≤ 5,000)


@dataclass(frozen=True)
class Hit:
    """One private detail: ``kind`` (a key of :data:`KINDS`), ``start``/``end`` (a slice of
    the checked text), ``text`` (that slice)."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def key(self) -> str:
        """What a confirmation remembers: the kind and the text, not where it stands."""
        return f"{self.kind}:{self.text}"


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """Lower case, accents and đ dropped, one character for one character (combining marks
    of a decomposed text dropped), with the index in ``text`` of each folded character."""
    out: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(text):
        if unicodedata.combining(ch):
            continue
        base = "d" if ch in "đĐ" else (unicodedata.normalize("NFD", ch)[:1] or ch).lower()
        out.append(base if len(base) == 1 else ch)
        positions.append(index)
    return "".join(out), positions


_SEP = r"[\s.\-]?"
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?84|84|\(?0)\)?" + _SEP + r"\(?\d{1,4}\)?(?:" + _SEP + r"\d){5,9}(?!\d)"
)
# "an@gmail.com", and as people hide it from robots: "an [at] gmail.com", "an @ gmail (dot) com".
_EMAIL = re.compile(
    r"[\w.+\-]+(?:@|\s*[\[(]\s*(?:at|a cong)\s*[\])]\s*|\s@\s)[\w\-]+"
    r"(?:\.[\w\-]+|\s*[\[(]\s*(?:dot|cham)\s*[\])]\s*[\w\-]+)+"
)
_CCCD = re.compile(r"(?<![\d])\d{3}[\s.]?\d{3}[\s.]?\d{6}(?!\d)")
_CMND = re.compile(
    r"\b(?:cmnd|chung minh(?: nhan dan| thu)?|cccd|can cuoc(?: cong dan)?)\W{0,3}"
    r"(?:so\W{0,2})?((?:\d[\s.]?){11}\d|(?:\d[\s.]?){8}\d)(?!\d)"
)
_STREET = r"(?:ngo|ngach|hem|kiet|pho|duong|to|thon|xom|ap|khu pho|to dan pho)"
_ADDRESS = re.compile(
    r"\b(?:so nha|nha so|so)\s*\d+[a-z]?(?:/\d+[a-z]?)*"
    r"(?:\s*,?\s*" + _STREET + r"\b\s*(?:so\s*)?[\w/]*)+"
    r"|\b(?:so nha|nha so)\s*\d+[a-z]?(?:/\d+[a-z]?)*"
    r"|\b(?:ngo|ngach|hem|kiet)\s+(?:so\s*)?\d+[a-z]?(?:/\d+)*"
)
# "15 phố Huế", "27 đường Láng": a house number before a street whose name is capitalised
# (checked on the original text: "thăm 15 phố trong phường" is not an address).
_HOUSE_ON_STREET = re.compile(
    r"(?<![\w/])\d+[a-z]?(?:/\d+[a-z]?)*\s+(?:pho|duong)\s+(?=(\w))(?:\w+\s?){1,3}"
)
_DATE = r"\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*(?:\d{4}|\d{2})(?!\d)"
_WORDS_DATE = r"\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}"
_BIRTH = re.compile(
    r"\b(?:ngay sinh|sinh ngay|sinh|sn|d\.o\.b|dob)\b\W{0,3}(?:ngay\s+)?(?:"
    + _DATE
    + "|"
    + _WORDS_DATE
    + ")"
)
_HEALTH = re.compile(
    r"\b(?:nam vien|nhap vien|xuat vien|benh vien|ung thu|ung buou|chay than|suy than|loc mau"
    r"|hoa tri|xa tri|phau thuat|dot quy|tai bien|hiv|aids|lao phoi|tam than|tram cam"
    r"|tieu duong|dai thao duong|thiem nang|hon me|cap cuu|dieu tri|benh hiem ngheo"
    r"|benh nan y|nhiem doc|khuyet tat|mang thai|co thai|say thai|cai nghien ma tuy"
    r"|cai nghien|nghien ma tuy|bi liet nua nguoi|liet nua nguoi|bai liet|bi liet|dong kinh)\b"
)


def _phone_ok(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("84") and not raw.lstrip("(").startswith("0"):
        digits = "0" + digits[2:]
    return bool(re.fullmatch(r"0[35789]\d{8}|02\d{9}", digits))


def find_private(text: str) -> list[Hit]:
    """Every private detail in ``text``, in reading order, none overlapping another (the
    earlier, then the longer, wins). Never raises, whatever the text."""
    text = (text or "")[:MAX_CHARS]
    folded, positions = _fold_with_positions(text)
    found: list[Hit] = []

    def add(kind: str, folded_start: int, folded_end: int) -> None:
        start = positions[folded_start]
        end = positions[folded_end - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        while end > start and text[end - 1] in " ,.;:-/":
            end -= 1
        if end > start:
            found.append(Hit(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(folded):
        add("email", m.start(), m.end())
    for m in _CMND.finditer(folded):
        add("id_number", m.start(), m.end())
    for m in _CCCD.finditer(folded):
        add("id_number", m.start(), m.end())
    for m in _PHONE.finditer(folded):
        if _phone_ok(m.group()):
            add("phone", m.start(), m.end())
    for m in _BIRTH.finditer(folded):
        add("birth_date", m.start(), m.end())
    for m in _ADDRESS.finditer(folded):
        add("address", m.start(), m.end())
    for m in _HOUSE_ON_STREET.finditer(folded):
        if text[positions[m.start(1)]].isupper():
            add("address", m.start(), m.end())
    for m in _HEALTH.finditer(folded):
        add("health", m.start(), m.end())

    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in found:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
