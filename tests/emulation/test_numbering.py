"""Document numbers: "05/QĐ-UBND" (Nghị định 30/2020/NĐ-CP, Phụ lục I: a leading zero below 10)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation import numbering


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "QĐ-UBND", "05/QĐ-UBND"),
        (1, "TTr-UBND", "01/TTr-UBND"),
        (9, "QĐ-UBND", "09/QĐ-UBND"),
        (10, "QĐ-UBND", "10/QĐ-UBND"),
        (126, "QĐ-UBND", "126/QĐ-UBND"),
    ],
)
def test_reference(number, symbol, expected):
    assert numbering.reference(number, symbol) == expected


@pytest.mark.parametrize("number", [0, -3])
def test_a_number_starts_at_one(number):
    with pytest.raises(ValueError, match="starts at 1"):
        numbering.number_text(number)


@given(st.integers(min_value=1, max_value=10**6))
def test_number_text_reads_back_as_the_number(number):
    text = numbering.number_text(number)
    assert int(text) == number
    assert len(text) == max(2, len(str(number)))
