"""Vietnamese text helpers: input normalisation, output safety, accent folding for search and
slugs, Vietnamese name ordering.

Text arrives from Word (a vertical tab for Shift+Enter), phones (NFD letters, zero-width
characters), spreadsheets and other systems. Every form field goes through
:func:`normalize_line` or :func:`normalize_multiline` (``emulation.forms``); every XML output
(xlsx, Atom) goes through :func:`xml_safe`, for text stored before that rule existed.

Django's ``slugify`` drops "đ" ("Đà Nẵng" becomes "a-nang"), so every slug and every search
key goes through :func:`fold` first.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")

# What str.splitlines() breaks on: \n, \r, \r\n, vertical tab (Word's Shift+Enter), form feed,
# the separators U+001C-U+001E, NEL (U+0085), LINE and PARAGRAPH SEPARATOR (U+2028, U+2029).
# Invisible format characters that carry meaning and stay: zero-width non-joiner and joiner
# (emoji sequences such as a family, Indic and Persian spelling).
_KEPT_FORMAT = frozenset("\u200c\u200d")
# XML 1.0 (section 2.2) allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e]")


def is_noncharacter(ch: str) -> bool:
    """U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE…)."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def is_invisible(ch: str) -> bool:
    """A character no form keeps: a control (Cc), a lone surrogate (Cs), a noncharacter, or a
    format character (Cf: BOM, zero-width space, soft hyphen, bidirectional overrides) other
    than the zero-width (non-)joiner. Private use (Co) and code points unassigned in Python's
    Unicode tables (a newer emoji) stay."""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):
        return True
    if category == "Cf":
        return ch not in _KEPT_FORMAT
    return category == "Cn" and is_noncharacter(ch)


def _visible_nfc(text: str, keep: str = "") -> str:
    """Invisible characters but those in ``keep`` dropped, NFC, trimmed (before and after
    NFC, which may turn one space into another)."""
    text = "".join(ch for ch in text if ch in keep or not is_invisible(ch))
    return unicodedata.normalize("NFC", text.strip()).strip()


def normalize_line(text: str | None) -> str:
    r"""The value of a one-line field: every line break (see :func:`normalize_multiline`) and
    tab becomes a space, invisible characters (:func:`is_invisible`) go, then NFC and the
    surrounding whitespace trimmed. Inner runs of spaces stay (:func:`normalize` collapses).

    >>> normalize_line(" Tổ trưởng\x0bTổ dân phố số 5\r\n")
    'Tổ trưởng Tổ dân phố số 5'
    """
    return _visible_nfc(" ".join((text or "").replace("\t", " ").splitlines()))


def normalize_multiline(text: str | None) -> str:
    r"""The value of a multi-line field: every line break ("\r\n", "\r", vertical tab, form
    feed, U+001C-U+001E, U+0085, U+2028, U+2029) becomes "\n", a tab a space, invisible
    characters go, then NFC and the whole text trimmed at both ends.

    >>> normalize_multiline("Tổ trưởng\x0bTổ dân phố số 5\r\n")
    'Tổ trưởng\nTổ dân phố số 5'
    """
    return _visible_nfc("\n".join((text or "").replace("\t", " ").splitlines()), keep="\n")


def xml_safe(text: str) -> str:
    r"""``text`` without what XML 1.0 forbids, for xlsx cells and the Atom feed (both fail on
    it) when it was stored before the input rule. A forbidden line break (vertical tab, form
    feed, U+001C-U+001E) becomes a space so words stay apart; every other forbidden character
    (controls, lone surrogates, U+FFFE, U+FFFF) is dropped. Nothing else changes.

    >>> xml_safe("Tổ trưởng\x0bTổ dân phố\x00 số 5\ufffe")
    'Tổ trưởng Tổ dân phố số 5'
    """
    return _NOT_XML.sub("", _XML_BREAKS.sub(" ", text))


_PRINT_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def printable(text: str) -> str:
    r"""``text`` as a printed document may show it (the HTML of a PDF, before WeasyPrint
    draws a box for each character no font has): a line break other than "\n" and "\r"
    becomes a space, every invisible character (:func:`is_invisible`) but tab, "\n" and
    "\r" is dropped. Markup and entities are left alone.

    >>> printable("<p>Tổ trưởng\x0bTổ dân phố\x1f số 5\ufffe</p>")
    '<p>Tổ trưởng Tổ dân phố số 5</p>'
    """
    text = _PRINT_BREAKS.sub(" ", text)
    return "".join(ch for ch in text if ch in "\t\n\r" or not is_invisible(ch))


def normalize(text: str | None) -> str:
    """A name or a search key: :func:`normalize_line`, with every run of whitespace collapsed
    to one space."""
    return _SPACES.sub(" ", normalize_line(text)).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: every tone and vowel mark removed, đ → d.

    >>> fold("Nguyễn Đình Tính")
    'nguyen dinh tinh'
    """
    text = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text).translate(_D_MAP)
    return _SPACES.sub(" ", text).strip().lower()


def _words(text: str) -> str:
    """Folded words between single spaces, for whole-word containment: " to dan pho so 7 "."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


# Labels that stand before a unit's proper name in running text ("phường Cát Linh", "tổ dân
# phố Hòa Bình"). A generic label ("Đơn vị", "Cơ quan") never does: such units are named in
# full ("Trường Tiểu học Quang Trung"), as is a unit whose name already starts with its label.
NAMING_LABELS = frozenset(
    ["phuong", "xa", "thi tran", "dac khu", "quan", "huyen", "to dan pho", "to", "thon", "ap"]
    + ["ban", "khu pho", "khu dan cu", "lang", "buon", "soc", "khom", "xom"]
)


def unit_phrase(label: str, name: str) -> str:
    """A nominating unit as running text says it: "phường Cát Linh" (label lower-cased before
    the name); the name alone when the label is generic ("Đơn vị": "Tổ dân phố số 5",
    "Trạm Y tế phường Đống Đa") or the name already starts with it ("Tổ dân phố số 5" under
    "Tổ dân phố").

    >>> unit_phrase("Phường", "Cát Linh"), unit_phrase("Đơn vị", "Tổ dân phố số 5")
    ('phường Cát Linh', 'Tổ dân phố số 5')
    """
    name = normalize(name)
    key = " ".join(re.findall(r"[a-z0-9]+", fold(label)))
    # Compared with its marks: "Phương Mai" folds to the "phuong" of "Phường" but is a name.
    said = name.casefold().startswith(normalize(label).casefold() + " ")
    if key not in NAMING_LABELS or said:
        return name
    return f"{label.strip().lower()} {name}"


def place_line(
    *parts: str | None, ward: str = "", unit_label: str = "phường", said: str = ""
) -> str:
    """Where an awardee works and lives, each place said once, for generated texts.

    ``parts`` (position, workplace …) are joined with ", "; a part that another part (or
    ``said``, text printed next to it such as a collective's name "Tổ dân phố số 7, phường Cát
    Linh") already contains, word for word and ignoring marks and case, is left out; then
    "phường <ward>" (:func:`unit_phrase`) is added unless already said. Returns "" when
    nothing is left.

    >>> place_line("Tổ trưởng", "Tổ dân phố số 7, phường Cát Linh", ward="Cát Linh")
    'Tổ trưởng, Tổ dân phố số 7, phường Cát Linh'
    >>> place_line("", ward="Cát Linh", said="Tổ dân phố số 7, phường Cát Linh")
    ''
    """
    texts = [normalize(p) for p in parts if p and normalize(p)]
    words = [_words(t) for t in texts]
    kept = [
        text
        for i, text in enumerate(texts)
        if words[i] not in _words(said)
        and not any(
            words[i] in other and (len(other) > len(words[i]) or j < i)
            for j, other in enumerate(words)
            if j != i
        )
    ]
    if ward:
        phrase = unit_phrase(unit_label, ward)
        if not any(_words(phrase) in _words(t) for t in [*kept, said]):
            kept.append(phrase)
    return ", ".join(kept)


def vn_slugify(text: str) -> str:
    """A URL slug that keeps đ as d: "Đống Đa" → "dong-da"."""
    return slugify(fold(text))


# Vietnamese order ----------------------------------------------------------------------------
#
# A sort key is a string of [0-9a-z] only: every collation (C, en_US, ICU, SQLite's binary)
# orders such strings alike, so ``ORDER BY sort_key`` is the Vietnamese order on any database.
# Each primary unit is two base-36 digits (weights below); levels are the ICU/CLDR "vi" ones.

# The Vietnamese alphabet, with f j w z (foreign names) at their Latin places, as CLDR does.
ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
# Tone marks in dictionary (and CLDR vi) order: none, huyền, hỏi, ngã, sắc, nặng.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Vowel marks that make a letter of its own: ă â ê ô ơ ư.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_END, _SPACE, _NUMBER, _DIGIT, _LETTER, _OTHER = 0, 1, 2, 40, 60, 200
_LETTER_WEIGHT = {letter: _LETTER + i for i, letter in enumerate(ALPHABET)}
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
SORT_KEY_LENGTH = 1000


def _b36(value: int, width: int = 2) -> str:
    digits = []
    for _i in range(width):
        value, rest = divmod(value, 36)
        digits.append(_B36[rest])
    return "".join(reversed(digits))


def _units(text: str) -> tuple[str, str, str]:
    """The three levels of one segment: (letters and numbers, tones, case), each [0-9a-z]."""
    chars = unicodedata.normalize("NFD", text)
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    i = 0
    pending_space = False
    while i < len(chars):
        ch = chars[i]
        i += 1
        if unicodedata.category(ch) == "Mn":
            continue  # a mark without a letter before it
        marks = []
        while i < len(chars) and unicodedata.category(chars[i]) == "Mn":
            marks.append(chars[i])
            i += 1
        if ch.isdigit() and ch.isascii():
            run = ch
            while i < len(chars) and chars[i].isdigit() and chars[i].isascii():
                run += chars[i]
                i += 1
            run = run.lstrip("0") or "0"
            if pending_space and primary:
                primary.append(_b36(_SPACE))
            pending_space = False
            # Numbers compare by value: the count of digits first ("số 7" before "số 12").
            primary.append(_b36(_NUMBER + min(len(run), _DIGIT - _NUMBER - 1)))
            primary.extend(_b36(_DIGIT + int(d)) for d in run)
            continue
        if not ch.isalpha():
            # Spaces and punctuation separate words; a run of them is one separator.
            pending_space = True
            continue
        if pending_space and primary:
            primary.append(_b36(_SPACE))
        pending_space = False
        lower = ch.lower()
        letter = lower
        tone = 0
        for mark in marks:
            if (letter, mark) in _LETTER_MARKS:
                letter = _LETTER_MARKS[(letter, mark)]
            elif mark in TONES:
                tone = max(tone, TONES[mark])
            else:
                tone = max(tone, 6)  # a foreign accent (ç, ü…): after the Vietnamese tones
        weight = _LETTER_WEIGHT.get(letter)
        if weight is None:
            # Any other letter sorts after z, by code point (4 base-36 digits hold them all).
            primary.append(_b36(_OTHER) + _b36(ord(letter), 4))
        else:
            primary.append(_b36(weight))
        tones.append(_B36[tone])
        cases.append("1" if ch != lower else "0")
    return "".join(primary) + _b36(_END), "".join(tones), "".join(cases)


def vietnamese_key(text: str) -> str:
    """Key that orders a whole phrase (a ward, a collective) in the Vietnamese alphabet.

    Letters compare by their place in a ă â b c d đ e ê … o ô ơ … u ư … y; the tone marks only
    break ties (none, huyền, hỏi, ngã, sắc, nặng), then lower case before capitals. Numbers
    compare by value. The result holds only ``[0-9a-z]`` and at most ``SORT_KEY_LENGTH`` chars.

    >>> sorted(["Anh", "Ân", "An"], key=vietnamese_key)
    ['An', 'Anh', 'Ân']
    """
    return "".join(_units(normalize(text)))[:SORT_KEY_LENGTH]


def name_sort_key(full_name: str, *, person: bool = True) -> str:
    """Key that sorts as Vietnamese lists do: a person by given name (last word), then the rest
    (family and middle names); a collective or a household (``person=False``) by its full name
    from the first word.

    The given name is settled completely (letters, then tones, then case) before the rest is
    looked at: every "Anh" comes before every "Ánh". Same alphabet rules as
    :func:`vietnamese_key`. Search does not use this key; it uses :func:`fold`.

    >>> sorted(["Lê Văn Dung", "Trần Đức", "Phạm Anh", "Ngô Ân"], key=name_sort_key)
    ['Phạm Anh', 'Ngô Ân', 'Lê Văn Dung', 'Trần Đức']
    """
    words = normalize(full_name).split(" ")
    if not person or len(words) < 2:
        return vietnamese_key(full_name)
    given = "".join(_units(words[-1]))
    rest = "".join(_units(" ".join(words[:-1])))
    return (given + rest)[:SORT_KEY_LENGTH]
