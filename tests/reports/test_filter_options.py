"""The award-kind filters of the reports page and the council queue offer the kinds in use and
the retired kinds the user's own dossiers still carry, never the other retired ones (issue #16:
"the award-kind filter offers inactive kinds", the same kind of fault beyond the ward list)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nominations.council.forms import QueueFilterForm
from nominations.reports.forms import NominationFilterForm, StatisticsFilterForm
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(ward, other_ward):
    in_use = factories.AwardKindFactory()  # in use, the dossiers' default kind
    carried = factories.AwardKindFactory(name="Giấy khen cũ của Cát Linh", active=False, order=2)
    elsewhere = factories.AwardKindFactory(
        name="Giấy khen cũ của Thịnh Quang", active=False, order=3
    )
    factories.AwardKindFactory(name="Giấy khen chưa ai dùng", active=False, order=4)
    factories.NominationFactory(ward=ward, award_kind=carried, state="submitted")
    factories.NominationFactory(ward=other_ward, award_kind=elsewhere, state="submitted")
    return in_use, carried, elsewhere


def names(field) -> list[str]:
    return [str(k) for k in field.queryset]


def test_ward_officer_report_filters_offer_his_kinds(kinds, officer):
    for form in (StatisticsFilterForm(user=officer), NominationFilterForm(user=officer)):
        assert names(form.fields["award_kind"]) == [
            "Giấy khen của Chủ tịch UBND quận",
            "Giấy khen cũ của Cát Linh",
        ]


def test_council_report_filters_offer_kinds_of_sent_dossiers(kinds, secretary):
    for form in (StatisticsFilterForm(user=secretary), NominationFilterForm(user=secretary)):
        assert names(form.fields["award_kind"]) == [
            "Giấy khen của Chủ tịch UBND quận",
            "Giấy khen cũ của Cát Linh",
            "Giấy khen cũ của Thịnh Quang",
        ]


def test_queue_filter_finds_dossiers_of_a_retired_kind(kinds, secretary, client):
    assert names(QueueFilterForm().fields["award_kind"]) == [
        "Giấy khen của Chủ tịch UBND quận",
        "Giấy khen cũ của Cát Linh",
        "Giấy khen cũ của Thịnh Quang",
    ]
    client.force_login(secretary)
    page = client.get(reverse("review-queue"), {"award_kind": kinds[1].pk, "state": "submitted"})
    assert [n.award_kind.name for n, _wait in page.context["rows"]] == ["Giấy khen cũ của Cát Linh"]
