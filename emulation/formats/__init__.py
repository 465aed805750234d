"""Formats of the interface: dates and numbers per language (FORMAT_MODULE_PATH: vi/, en/),
and money, the one format that does not follow the interface language."""

from __future__ import annotations

from decimal import Decimal


def dong(amount: int | Decimal | str | None) -> str:
    """2340000 → "2.340.000 ₫" (always Vietnamese grouping, the unit of account).

    The one home of money formatting: templates (the ``dong`` filter), the admin and
    ``BaseSalary.__str__`` all call it."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,} ₫".replace(",", ".")


def dong_text(amount: int | Decimal | str | None) -> str:
    """2340000 → "2.340.000 đồng": money as official documents write it in their text."""
    text = dong(amount)
    return text.replace(" ₫", " đồng") if text else ""
