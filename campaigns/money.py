"""Award money: coefficient × base salary in force on the decision date, rounded up to 10,000 ₫.

All money is integer đồng; Decimal arithmetic, never floats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from campaigns import law
from campaigns.models import BaseSalary

ROUNDING_STEP = 10_000


def round_up(amount: Decimal | int, step: int = ROUNDING_STEP) -> int:
    """Round a positive amount of đồng up to the next multiple of ``step``."""
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def award_money(coefficient: Decimal, on: dt.date) -> tuple[int, int]:
    """Return (amount, base salary used), both in đồng, for an award decided on ``on``.

    0.3 × 2,340,000 = 702,000 → 710,000 before 01/7/2026; 0.3 × 2,530,000 = 759,000 →
    760,000 from 01/7/2026 (Nghị định 161/2026/NĐ-CP). Rounded up to 10,000 đồng (Nghị định
    152/2025/NĐ-CP, Điều 54).
    """
    base = BaseSalary.in_force_on(on).amount
    return round_up(Decimal(coefficient) * base), base


# --------------------------------------------------------------------------- in words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))


def _group_words(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a group after a higher one, which says its hundreds
    even when zero ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def _number_words(n: int, full: bool = False) -> list[str]:
    """Words of n ≥ 0 (0 gives []); above a thousand billion, "nghìn tỷ" and so on."""
    words: list[str] = []
    for scale, name in _SCALES:
        if n >= scale:
            words += _number_words(n // scale, full) + [name]
            n %= scale
            full = True
    if n:
        words += _group_words(n, full)
    return words


def money_in_words(amount: int) -> str:
    """An amount of đồng in Vietnamese words, as a decision writes it in brackets:
    760000 → "Bảy trăm sáu mươi nghìn đồng", 1050000 → "Một triệu không trăm năm mươi nghìn
    đồng", 0 → "Không đồng". Negative amounts are refused (ValueError)."""
    if amount < 0:
        raise ValueError("money_in_words: a negative amount")
    text = " ".join(_number_words(int(amount)) or ["không"]) + " đồng"
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- the money article


@dataclass(frozen=True)
class MoneyArticle:
    """The parts of a decision's money article (Điều 2).

    ``basis``: the text and article that set the amounts, cited in full ("" when no legal text
    in force says so); ``base_salary`` in đồng and ``base_salary_basis`` (the decree that set
    it); ``rates``: (what is given, amount in đồng per award), in the order first met;
    ``total`` in đồng and ``total_words``; ``fund``: where the money comes from.
    """

    basis: str
    base_salary: int
    base_salary_basis: str
    rates: list[tuple[str, int]]
    total: int
    total_words: str
    fund: str


def money_article(
    awards: Iterable[tuple[str, int]],
    *,
    on: dt.date,
    level: str,
    base_salary: int,
    fund: str,
) -> MoneyArticle:
    """The money article of a decision dated ``on`` by an authority of ``level``.

    ``awards``: (what is given, e.g. "Giấy khen của Chủ tịch UBND quận (cá nhân)", amount in
    đồng) per award; ``base_salary``: the one the amounts were computed on (frozen once issued).
    The legal basis is the text in force on ``on`` that sets award money (``campaigns.law``).
    """
    rates: dict[str, int] = {}
    total = 0
    for label, amount in awards:
        rates.setdefault(label, amount)
        total += amount
    text = law.money_basis(on, level)
    basis = ""
    if text is not None:
        article = f"{text.money_article} " if text.money_article else ""
        basis = f"{article}{text.citation()}"
    salary = BaseSalary.objects.filter(amount=base_salary, valid_from__lte=on).first()
    return MoneyArticle(
        basis=basis,
        base_salary=base_salary,
        base_salary_basis=salary.legal_basis if salary else "",
        rates=list(rates.items()),
        total=total,
        total_words=money_in_words(total),
        fund=fund,
    )
