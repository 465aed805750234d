"""Meeting and decision lists: constant query counts at 5 and 50 rows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.decisions import services as decisions
from nominations.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [5, 50])
def test_meeting_list_query_count(client, secretary, members, count, django_assert_max_num_queries):
    for index in range(count):
        meeting = Meeting.objects.create(
            held_at=timezone.now(), place=f"Phòng {index}", created_by=secretary
        )
        meeting.members_present.set(members)
    client.force_login(secretary)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("meeting-list"))
    assert len(response.context["page"].object_list) == count
    assert response.content.decode().count('data-testid="meeting-row"') == count


@pytest.mark.parametrize("count", [5, 50])
def test_decision_list_query_count(
    client, secretary, make_nomination, campaign, authority, count, django_assert_max_num_queries
):
    for _ in range(count):
        decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    client.force_login(secretary)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("decision-list"))
    assert response.content.decode().count('data-testid="decision-row"') == count


@pytest.mark.parametrize("count", [5, 50])
def test_decision_page_query_count(
    client,
    chairman,
    secretary,
    make_nomination,
    campaign,
    authority,
    base_salaries,
    count,
    django_assert_max_num_queries,
):
    noms = [make_nomination("recommended") for _ in range(count)]
    draft = decisions.draft(secretary, noms, campaign=campaign)
    client.force_login(chairman)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("decision-detail", args=[draft.pk]))
    assert response.content.decode().count('data-testid="award-row"') == count
