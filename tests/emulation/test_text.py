import unicodedata

import pytest

from emulation.text import fold, name_sort_key, normalize, vn_slugify

BASES = {
    "a": "aàáảãạ",
    "ă": "ằắẳẵặ",
    "â": "ầấẩẫậ",
    "e": "èéẻẽẹ",
    "ê": "ềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọ",
    "ô": "ồốổỗộ",
    "ơ": "ờớởỡợ",
    "u": "ùúủũụ",
    "ư": "ừứửữự",
    "y": "ỳýỷỹỵ",
}
ASCII = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "y",
}


def _marked_letters() -> list[tuple[str, str]]:
    """Every Vietnamese letter carrying a mark, with its folded form."""
    pairs = []
    for base, toned in BASES.items():
        letters = toned if base in "aeiouy" else base + toned
        for letter in letters:
            if letter == base and base in "aeiouy":
                continue
            pairs.append((letter, ASCII[base]))
    pairs.append(("đ", "d"))
    return pairs


MARKED = _marked_letters()


def test_alphabet_has_134_marked_letters():
    upper_and_lower = MARKED + [(letter.upper(), folded) for letter, folded in MARKED]
    assert len({letter for letter, _ in upper_and_lower}) == 134


@pytest.mark.parametrize(("letter", "expected"), MARKED + [(x.upper(), y) for x, y in MARKED])
def test_fold_every_marked_letter(letter, expected):
    assert fold(letter) == expected


@pytest.mark.parametrize(("letter", "expected"), MARKED)
def test_fold_handles_decomposed_input(letter, expected):
    assert fold(unicodedata.normalize("NFD", letter)) == expected


def test_fold_phrases():
    assert fold("Nguyễn Đình Tính") == "nguyen dinh tinh"
    assert fold("  Quận   ĐỐNG ĐA ") == "quan dong da"
    assert fold("Ngô Thanh Thủy") == "ngo thanh thuy"


def test_slug_keeps_d():
    assert vn_slugify("Đống Đa") == "dong-da"
    assert vn_slugify("Người tốt, việc tốt 2026") == "nguoi-tot-viec-tot-2026"


def test_normalize_nfc_and_whitespace():
    assert normalize(unicodedata.normalize("NFD", " Thủy\u200b  Hà ")) == "Thủy Hà"


def test_vietnamese_name_order():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Ánh", "Phạm Văn An"]
    assert sorted(names, key=name_sort_key) == [
        "Phạm Văn An",
        "Trần Thị An",
        "Lê Ánh",
        "Nguyễn Văn Bình",
    ]
