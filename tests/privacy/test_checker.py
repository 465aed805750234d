"""The checker of private details (emulation/privacy.py): each pattern with Vietnamese text
as residents and officers write it, what it must not flag, and no crash on any text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.privacy import Hit, find_private


def hits(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in find_private(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi chị qua số 0912 345 678 nhé", [("phone", "0912 345 678")]),
        ("SĐT: 0912.345.678", [("phone", "0912.345.678")]),
        ("điện thoại +84 912 345 678", [("phone", "+84 912 345 678")]),
        ("+84912345678", [("phone", "+84912345678")]),
        ("bàn (024) 3856 1234", [("phone", "(024) 3856 1234")]),
        ("0236-382-1234", [("phone", "0236-382-1234")]),
    ],
)
def test_phone_numbers(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bà sống ở số nhà 12 ngõ 34 phố Khâm Thiên",
            [("address", "số nhà 12 ngõ 34 phố Khâm")],
        ),
        ("nhà số 5, tổ 3", [("address", "nhà số 5, tổ 3")]),
        ("ở hẻm 12/3 Lê Lợi", [("address", "hẻm 12/3")]),
        ("số 7 đường Láng", [("address", "số 7 đường Láng")]),
        ("ngách 5 ngõ 120 Hoàng Hoa Thám", [("address", "ngách 5"), ("address", "ngõ 120")]),
        ("so nha 12 ngo 34 pho Kham Thien", [("address", "so nha 12 ngo 34 pho Kham")]),
    ],
)
def test_home_addresses(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông sinh ngày 12/3/1950 tại Hà Nội", [("birth_date", "sinh ngày 12/3/1950")]),
        ("ngày sinh: 01-02-1960", [("birth_date", "ngày sinh: 01-02-1960")]),
        ("bà sinh 5 tháng 6 năm 1948", [("birth_date", "sinh 5 tháng 6 năm 1948")]),
        ("SN 12.03.1950", [("birth_date", "SN 12.03.1950")]),
        ("sinh ngay 12/3/1950", [("birth_date", "sinh ngay 12/3/1950")]),
    ],
)
def test_exact_birth_dates(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CCCD 001090012345", [("id_number", "CCCD 001090012345")]),
        ("số căn cước công dân: 001090012345", [("id_number", "căn cước công dân: 001090012345")]),
        ("CMND số 012345678", [("id_number", "CMND số 012345678")]),
        ("mã 001 090 012345", [("id_number", "001 090 012345")]),
    ],
)
def test_identity_numbers(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm ngoái ông nằm viện ba tháng", [("health", "nằm viện")]),
        ("chị bị ung thư giai đoạn 2", [("health", "ung thư")]),
        ("mỗi tuần chạy thận hai lần", [("health", "chạy thận")]),
        ("điều trị ở Bệnh viện Bạch Mai", [("health", "điều trị"), ("health", "Bệnh viện")]),
        ("sau cơn đột quỵ", [("health", "đột quỵ")]),
    ],
)
def test_health_words(text, expected):
    assert hits(text) == expected


def test_email():
    assert hits("thư: an.nguyen@gmail.com.") == [("email", "an.nguyen@gmail.com")]


@pytest.mark.parametrize(
    "text",
    [
        "Ủng hộ 500.000.000 đồng cho Quỹ vì người nghèo năm 2020",
        "Giúp đỡ 12 hộ gia đình, hiến 0,5 ha đất làm đường",
        "Bà sinh năm 1950, đã 35 năm làm tổ trưởng",
        "Hiến máu 20 lần từ ngày 12/3/2005",
        "Quyết định số 05/QĐ-UBND ngày 12/3/2024",
        "Tổ dân phố số 5 phường Cát Linh",
    ],
)
def test_ordinary_achievements_are_not_flagged(text):
    assert hits(text) == []


def test_a_suggestion_with_everything_gives_each_hit_with_its_span():
    text = (
        "Bác Lan, sinh ngày 12/3/1950, nhà ở số nhà 12 ngõ 34 phố Khâm Thiên, "
        "điện thoại 0912 345 678, vừa nằm viện."
    )
    found = find_private(text)
    assert [h.kind for h in found] == ["birth_date", "address", "phone", "health"]
    for hit in found:
        assert text[hit.start : hit.end] == hit.text
        assert hit.span == (hit.start, hit.end)
    assert found[2] == Hit("phone", 80, 92, "0912 345 678")


def test_decomposed_text_is_found_at_the_same_place():
    text = unicodedata.normalize("NFD", "Ông sinh ngày 12/3/1950, nằm viện")
    assert [h.kind for h in find_private(text)] == ["birth_date", "health"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_hits_inside_it(text):
    found = find_private(text)
    previous_end = 0
    for hit in found:
        assert previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text
        previous_end = hit.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .-+()/@abcđsinhgàyngõốsố\n", max_size=200))
def test_digit_soup_never_crashes(text):
    find_private(text)


# Issue #14 tried again: what residents also write, which the checker missed.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CMND: 012 345 678", [("id_number", "CMND: 012 345 678")]),
        (
            "căn cước công dân số: 001 050 012 345",
            [("id_number", "căn cước công dân số: 001 050 012 345")],
        ),
        ("CCCD 001.050.012.345", [("id_number", "CCCD 001.050.012.345")]),
        ("Bà ở 15 phố Huế", [("address", "15 phố Huế")]),
        ("nhà ông ở 27 đường Láng", [("address", "27 đường Láng")]),
        ("thư: an.nguyen [at] gmail.com", [("email", "an.nguyen [at] gmail.com")]),
        ("email an.nguyen @ gmail.com", [("email", "an.nguyen @ gmail.com")]),
        ("ông bị khuyết tật từ nhỏ", [("health", "khuyết tật")]),
        ("chị đang mang thai tháng thứ bảy", [("health", "mang thai")]),
        ("anh từng cai nghiện ma túy", [("health", "cai nghiện ma túy")]),
        ("bác bị liệt nửa người", [("health", "bị liệt nửa người")]),
    ],
)
def test_what_the_checker_missed(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chăm sóc gia đình liệt sĩ, thăm 15 phố trong phường",
        "Giúp 3 người khuyết",
        "Gặp nhau lúc 12 giờ",
    ],
)
def test_and_still_not_flagged(text):
    assert hits(text) == []
