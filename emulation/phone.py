"""Vietnamese telephone numbers: the one rule, for every phone field (forms, import, admin).

Accepted, whatever the spacing (spaces, dots, hyphens, parentheses):

- a mobile number, 10 digits starting with 03, 05, 07, 08 or 09: "0912 345 678", "0912.345.678";
- a landline, 11 digits starting with 02 (area code and subscriber): "024 3825 1234",
  "0236 382 1234";
- either of them in international form, "+84" then the number without its 0 ("+84 912 345 678",
  "+84 (0) 912 345 678"), or "84" then the number without its 0 ("84912345678": no Vietnamese
  number written with its 0 starts with 84, so the reading is certain).

The stored form is the national one, digits only: "0912345678", "02438251234".

A number of 9 digits that would be a mobile number with a 0 in front ("912345678"), or of 10
digits that would be a landline ("2438251234"), is refused with its own message (code
``leading_zero``): Excel drops the leading zero of a number typed in a "General" column, and the
import flags that row by this code.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LEADING_ZERO = "leading_zero"
_SEPARATORS = re.compile(r"[\s.\-()/]")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")


def _national(digits: str) -> bool:
    return bool(_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits))


def normalize_phone(text: str) -> str:
    """The stored form of a Vietnamese phone number ("0912345678"), "" for an empty text.

    Raises ``ValidationError`` (Vietnamese message) when the text is not a Vietnamese mobile or
    landline number; its code is ``leading_zero`` when only the leading 0 is missing.
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()  # full-width digits too
    if not raw:
        return ""
    compact = _SEPARATORS.sub("", raw)
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if not digits.isdigit() or not digits.isascii():
        raise _invalid(raw)
    if international:
        if not digits.startswith("84"):
            raise ValidationError(
                _("Chỉ nhận số điện thoại Việt Nam (+84), không nhận “%(v)s”.") % {"v": raw},
                code="invalid",
            )
        national = "0" + digits[2:].removeprefix("0")
    elif digits.startswith("84") and _national("0" + digits[2:]):
        national = "0" + digits[2:]
    else:
        national = digits
    if _national(national):
        return national
    if _national("0" + national):
        raise ValidationError(
            _(
                "“%(v)s” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi "
                "%(fixed)s."
            )
            % {"v": raw, "fixed": "0" + national},
            code=LEADING_ZERO,
        )
    raise _invalid(raw)


def _invalid(raw: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(v)s” không phải số điện thoại Việt Nam: số di động gồm 10 chữ số bắt đầu "
            "bằng 0 (ví dụ 0912 345 678), số cố định gồm 11 chữ số bắt đầu bằng 02 (ví dụ "
            "024 3825 1234), hoặc ghi dạng +84."
        )
        % {"v": raw},
        code="invalid",
    )


def validate_phone(value: str) -> None:
    """Model field validator: the value must be a Vietnamese phone number in any accepted
    form (the forms store it normalised); "" is left to ``blank``."""
    normalize_phone(value)
