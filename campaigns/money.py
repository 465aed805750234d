"""Award money: coefficient × base salary in force on the decision date, rounded up to 10,000 ₫.

All money is integer đồng; Decimal arithmetic, never floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from campaigns.models import BaseSalary

ROUNDING_STEP = 10_000


def round_up(amount: Decimal | int, step: int = ROUNDING_STEP) -> int:
    """Round a positive amount of đồng up to the next multiple of ``step``."""
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def award_money(coefficient: Decimal, on: dt.date) -> tuple[int, int]:
    """Return (amount, base salary used), both in đồng, for an award decided on ``on``.

    >>> # 0.3 × 2,340,000 = 702,000 → 710,000
    """
    base = BaseSalary.in_force_on(on).amount
    return round_up(Decimal(coefficient) * base), base
