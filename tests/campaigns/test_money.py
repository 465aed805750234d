import datetime as dt
from decimal import Decimal

import pytest

from campaigns.models import BaseSalary
from campaigns.money import award_money, round_up


def test_round_up_to_ten_thousand():
    assert round_up(Decimal("702000")) == 710_000
    assert round_up(Decimal("700000")) == 700_000
    assert round_up(Decimal("700001")) == 710_000
    assert round_up(0) == 0


@pytest.mark.django_db
def test_award_money_uses_base_salary_in_force_on_the_date(base_salaries):
    # From 01/7/2026 (Nghị định 161/2026/NĐ-CP): 0.3 × 2,530,000 = 759,000 → 760,000 ₫
    assert award_money(Decimal("0.3"), dt.date(2026, 11, 26)) == (760_000, 2_530_000)
    assert award_money(Decimal("0.3"), dt.date(2026, 7, 1)) == (760_000, 2_530_000)
    # The day before: 0.3 × 2,340,000 = 702,000 → 710,000 ₫
    assert award_money(Decimal("0.3"), dt.date(2026, 6, 30)) == (710_000, 2_340_000)
    assert award_money(Decimal("0.3"), dt.date(2024, 7, 1)) == (710_000, 2_340_000)
    # The day before the change: 0.3 × 1,800,000 = 540,000 exactly.
    assert award_money(Decimal("0.3"), dt.date(2024, 6, 30)) == (540_000, 1_800_000)
    assert award_money(Decimal("1.0"), dt.date(2024, 6, 30)) == (1_800_000, 1_800_000)
    assert award_money(Decimal("0.8"), dt.date(2025, 1, 1)) == (1_880_000, 2_340_000)
    assert award_money(Decimal("1.5"), dt.date(2025, 1, 1)) == (3_510_000, 2_340_000)


@pytest.mark.django_db
def test_no_base_salary_before_the_table(base_salaries):
    with pytest.raises(BaseSalary.DoesNotExist):
        award_money(Decimal("0.3"), dt.date(2020, 1, 1))


def test_money_is_integer():
    assert isinstance(round_up(Decimal("0.3") * 2_340_000), int)
