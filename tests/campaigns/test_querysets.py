"""CampaignQuerySet.accepting_nominations: the one definition of "open for filing on a day"."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Campaign, CampaignStatus
from tests import factories

pytestmark = pytest.mark.django_db

OPENS = dt.date(2026, 3, 2)
DEADLINE = dt.date(2026, 3, 31)
CLOSES = dt.date(2026, 4, 30)


def make(name, status=CampaignStatus.OPEN, opens_on=OPENS, deadline=DEADLINE, closes_on=CLOSES):
    return factories.CampaignFactory(
        name=name, status=status, opens_on=opens_on, deadline=deadline, closes_on=closes_on
    )


@pytest.fixture
def campaigns():
    return {
        "open": make("Đang nhận"),
        "one_day": make("Một ngày", opens_on=DEADLINE, deadline=DEADLINE),
        "later": make("Sau này", opens_on=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 15)),
        "draft": make("Chuẩn bị", status=CampaignStatus.DRAFT),
        "closed": make("Đã kết thúc", status=CampaignStatus.CLOSED),
    }


def names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (OPENS - dt.timedelta(days=1), set()),  # the day before opens_on
        (OPENS, {"Đang nhận"}),  # opens_on itself
        (dt.date(2026, 3, 15), {"Đang nhận"}),
        (DEADLINE - dt.timedelta(days=1), {"Đang nhận"}),
        (DEADLINE, {"Đang nhận", "Một ngày"}),  # the deadline day itself
        (DEADLINE + dt.timedelta(days=1), {"Sau này"}),  # the day after: closes_on is later
        (dt.date(2026, 4, 15), {"Sau này"}),
        (dt.date(2026, 4, 16), set()),
    ],
)
def test_accepting_nominations_on_a_day(campaigns, day, expected):
    assert names(Campaign.objects.accepting_nominations(day)) == expected


def test_draft_and_closed_campaigns_never_accept(campaigns):
    day = dt.date(2026, 3, 15)
    for key in ("draft", "closed"):
        assert campaigns[key].opens_on <= day <= campaigns[key].deadline
    assert campaigns["draft"] not in Campaign.objects.accepting_nominations(day)
    assert campaigns["closed"] not in Campaign.objects.accepting_nominations(day)


def test_today_by_default(campaigns, time_machine):
    time_machine.move_to("2026-03-31 23:30 +07:00", tick=False)  # still the 31st in Hà Nội
    assert names(Campaign.objects.accepting_nominations()) == {"Đang nhận", "Một ngày"}
    time_machine.move_to("2026-04-01 00:30 +07:00", tick=False)
    assert names(Campaign.objects.accepting_nominations()) == {"Sau này"}


def test_the_caller_chooses_the_order(campaigns):
    make("An toàn giao thông", deadline=dt.date(2026, 3, 20))
    qs = Campaign.objects.accepting_nominations(dt.date(2026, 3, 10))
    assert list(qs.order_by("deadline", "name").values_list("name", flat=True)) == [
        "An toàn giao thông",
        "Đang nhận",
    ]
    assert list(qs.order_by("-deadline").values_list("name", flat=True)) == [
        "Đang nhận",
        "An toàn giao thông",
    ]


def test_agrees_with_accepts_nominations_day_by_day(campaigns):
    everything = list(Campaign.objects.all())
    day = OPENS - dt.timedelta(days=2)
    while day <= dt.date(2026, 4, 17):
        expected = {c.pk for c in everything if c.accepts_nominations(day)}
        assert set(Campaign.objects.accepting_nominations(day).values_list("pk", flat=True)) == (
            expected
        ), day
        day += dt.timedelta(days=1)


def test_available_on_related_managers(campaigns):
    kind = factories.AwardKindFactory(name="Lao động tiên tiến", form="title")
    campaigns["open"].award_kinds.add(kind)
    campaigns["draft"].award_kinds.add(kind)
    assert list(kind.campaigns.accepting_nominations(OPENS)) == [campaigns["open"]]
