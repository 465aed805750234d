import unicodedata

import pytest

from emulation.text import (
    fold,
    name_sort_key,
    normalize,
    normalize_line,
    normalize_multiline,
    vn_slugify,
    xml_safe,
)

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


# --- issue #15: text from Word, phones and other systems --------------------------------------


def test_word_vertical_tab_in_a_one_line_field_becomes_a_space():
    assert normalize_line("Tổ trưởng\x0bTổ dân phố số 5") == "Tổ trưởng Tổ dân phố số 5"


def test_word_vertical_tab_in_a_multi_line_field_becomes_a_new_line():
    assert normalize_multiline("Tổ trưởng\x0bTổ dân phố số 5") == "Tổ trưởng\nTổ dân phố số 5"


@pytest.mark.parametrize(
    ("raw", "line", "multiline"),
    [
        ("  Dòng 1\r\nDòng 2\rDòng 3\n\n", "Dòng 1 Dòng 2 Dòng 3", "Dòng 1\nDòng 2\nDòng 3"),
        (
            "Dòng 1\u2028Dòng 2\u2029Dòng 3\x85Hết",
            "Dòng 1 Dòng 2 Dòng 3 Hết",
            "Dòng 1\nDòng 2\nDòng 3\nHết",
        ),
        ("Cột\tcột", "Cột cột", "Cột cột"),
        # A phone's NFD letters become NFC.
        (unicodedata.normalize("NFD", "Ngô Thanh Thủy"), "Ngô Thanh Thủy", "Ngô Thanh Thủy"),
        # NUL, unit separator, DEL, BOM, zero-width space, soft hyphen, RTL override, U+FFFE.
        (
            "\ufeffNgô\x00 Thanh\x1f Th\u00adủy\u200b\x7f\u202e\ufffe\uffff",
            "Ngô Thanh Thủy",
            "Ngô Thanh Thủy",
        ),
        # A lone surrogate (Python can hold one; PostgreSQL cannot).
        ("Hà\ud800 Nội", "Hà Nội", "Hà Nội"),
        # What stays: emoji sequences with a zero-width joiner, private use, NBSP inside.
        (
            "Gia đình 👨\u200d👩\u200d👧 \ue000 a\u00a0b",
            "Gia đình 👨\u200d👩\u200d👧 \ue000 a\u00a0b",
            "Gia đình 👨\u200d👩\u200d👧 \ue000 a\u00a0b",
        ),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_line_and_multiline_normalisation(raw, line, multiline):
    assert normalize_line(raw) == line
    assert normalize_multiline(raw) == multiline


def test_normalize_collapses_what_normalize_line_keeps():
    assert normalize_line("Nguyễn  Đình\x0bTính") == "Nguyễn  Đình Tính"
    assert normalize("Nguyễn  Đình\x0bTính") == "Nguyễn Đình Tính"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Tổ trưởng\x0bTổ dân phố số 5", "Tổ trưởng Tổ dân phố số 5"),
        ("Trang 1\x0cTrang 2", "Trang 1 Trang 2"),
        ("a\x00b\x08c\x1fd\ufffee\uffff", "abcde"),
        ("a\ud800b", "ab"),
        # XML allows these: they stay (what the input rule would take out is not its job).
        (
            "Dòng 1\r\nDòng 2\tcột \x7f\x85\u202e\ufdd0",
            "Dòng 1\r\nDòng 2\tcột \x7f\x85\u202e\ufdd0",
        ),
    ],
)
def test_xml_safe(raw, safe):
    assert xml_safe(raw) == safe


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Phương Mai", "Người dân, phường Phương Mai"),
        ("Phương Liên", "Người dân, phường Phương Liên"),
        ("Cát Linh", "Người dân, phường Cát Linh"),
    ],
)
def test_a_ward_whose_name_folds_like_the_label_still_gets_the_label(name, expected):
    """ "Phương" folds to "phuong" like "Phường": the demo printed "Người dân, Phương Mai"."""
    from emulation.text import place_line, unit_phrase

    assert unit_phrase("Phường", name) == f"phường {name}"
    assert place_line("Người dân", ward=name) == expected
    assert unit_phrase("Tổ dân phố", "Tổ dân phố số 5") == "Tổ dân phố số 5"
