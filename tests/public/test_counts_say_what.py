"""The gallery's and a movement's counts say what they count (issue #16: "figures say what they
count", beyond the home page): a residential group is no person."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', html, re.S)
    assert match, testid
    return " ".join(match.group(1).split())


def test_gallery_and_movement_count_exemplars_not_people(client, make_exemplar):
    person = make_exemplar("Ngô Thanh Thủy")
    make_exemplar("Tổ dân phố số 7", nominee_kind="collective", campaign=person.campaign)
    gallery = client.get(reverse("gallery")).content.decode()
    assert _text(gallery, "result-count") == "2 gương sáng"
    movement = client.get(reverse("campaign-detail", kwargs={"slug": person.campaign.slug}))
    html = movement.content.decode()
    assert _text(html, "honoured-title") == "Gương sáng của phong trào"
    assert _text(html, "honoured-count") == "2"


def test_home_ward_figure_does_not_call_a_group_a_person(client, make_exemplar):
    """A ward whose only exemplar is a residential group has no "person" honoured."""
    make_exemplar("Tổ dân phố số 7", nominee_kind="collective")
    html = client.get(reverse("home")).content.decode()
    assert _text(html, "ward-count") == "1"
    assert "phường có gương sáng được tôn vinh" in html
    assert "phường có người được tôn vinh" not in html
