"""The one rule for Vietnamese phone numbers (emulation.phone): what is accepted, what is
stored, and each refusal with its message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from emulation.phone import LEADING_ZERO, normalize_phone, validate_phone

LOST_ZERO = (
    "“912345678” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi 0912345678."
)


def invalid(text: str) -> str:
    return (
        f"“{text}” không phải số điện thoại Việt Nam: số di động gồm 10 chữ số bắt đầu bằng 0 "
        "(ví dụ 0912 345 678), số cố định gồm 11 chữ số bắt đầu bằng 02 (ví dụ 024 3825 1234), "
        "hoặc ghi dạng +84."
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),  # "84" without "+": no national number starts with 84
        ("0386 123 456", "0386123456"),
        ("024 3825 1234", "02438251234"),  # Hà Nội landline: 11 digits, 02x
        ("(024) 3825-1234", "02438251234"),
        ("0236 382 1234", "02363821234"),  # Đà Nẵng
        ("+84 24 3825 1234", "02438251234"),
        ("\u00a00912\u00a0345\u00a0678 ", "0912345678"),  # non-breaking spaces of a pasted text
        ("０９１２３４５６７８", "0912345678"),  # full-width digits of some input methods
        ("", ""),
        ("   ", ""),
    ],
)
def test_accepted_numbers_and_their_stored_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("912345678", LEADING_ZERO, LOST_ZERO),
        (
            "2438251234",
            LEADING_ZERO,
            "“2438251234” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi "
            "02438251234.",
        ),
        ("091234567", "invalid", invalid("091234567")),  # one digit short
        ("09123456789", "invalid", invalid("09123456789")),  # one digit too many
        ("0123456789", "invalid", invalid("0123456789")),  # 01x: no such prefix since 2018
        ("1900 1234", "invalid", invalid("1900 1234")),
        ("0912 abc 678", "invalid", invalid("0912 abc 678")),
        (
            "+1 202 555 0100",
            "invalid",
            "Chỉ nhận số điện thoại Việt Nam (+84), không nhận “+1 202 555 0100”.",
        ),
    ],
)
def test_refusals_with_their_message(typed, code, message):
    with pytest.raises(ValidationError) as refused:
        normalize_phone(typed)
    assert (refused.value.code, refused.value.messages) == (code, [message])


def test_the_model_validator_is_the_same_rule():
    validate_phone("0912 345 678")
    with pytest.raises(ValidationError) as refused:
        validate_phone("912345678")
    assert refused.value.messages == [LOST_ZERO]
