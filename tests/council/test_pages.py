"""Every council page answers the council and refuses everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nominations.decisions import services as decisions
from nominations.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(authority, base_salaries, secretary, members, chairman, make_nomination):
    submitted = make_nomination("submitted", name="Lê Thị Hồng")
    recommended = make_nomination("recommended", name="Đinh Công Sơn")
    meeting = Meeting.objects.create(
        held_at="2026-11-20T09:00+07:00", place="Phòng họp số 1", created_by=secretary
    )
    decision = decisions.draft(secretary, [recommended], campaign=recommended.campaign)
    return {"submitted": submitted, "meeting": meeting, "decision": decision}


def _urls(world):
    return [
        reverse("council-home"),
        reverse("review-queue"),
        reverse("council-dossier", args=[world["submitted"].pk]),
        reverse("meeting-list"),
        reverse("meeting-detail", args=[world["meeting"].pk]),
        reverse("decision-list"),
        reverse("decision-detail", args=[world["decision"].pk]),
    ]


@pytest.mark.parametrize("who", ["secretary", "member", "chairman"])
def test_council_pages_answer_every_council_role(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        client.get(reverse("meeting-minutes", args=[world["meeting"].pk]))["Content-Type"]
        == "application/pdf"
    )


def test_ward_officer_and_anonymous_are_refused(client, world, officer):
    for url in _urls(world):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(officer)
    for url in _urls(world):
        assert client.get(url).status_code == 403, url


def test_secretary_only_pages(client, world, member):
    client.force_login(member)
    assert client.get(reverse("meeting-create")).status_code == 403
    assert client.get(reverse("decision-create")).status_code == 403
    assert client.get(reverse("decision-create") + "?campaign=dot-xuat").status_code == 403


@pytest.mark.parametrize("key", ["²", "١", "x", "99999999999999999999"])
def test_a_campaign_key_that_is_no_number_is_a_404_not_a_500(client, world, secretary, key):
    """Was: "²" passed str.isdigit(), then the primary-key lookup raised ValueError (500)."""
    client.force_login(secretary)
    assert client.get(reverse("decision-create"), {"campaign": key}).status_code == 404


def test_secretary_forms_render(client, world, secretary):
    client.force_login(secretary)
    assert client.get(reverse("meeting-create")).status_code == 200
    url = reverse("decision-create") + f"?campaign={world['decision'].campaign_id}"
    response = client.get(url)
    assert response.status_code == 200


def test_documents_and_revocation_refusals(client, world, member, officer, chairman, secretary):
    decision = world["decision"]
    client.force_login(member)
    assert client.get(reverse("decision-revoke", args=[decision.pk])).status_code == 403
    # Certificates exist only for issued decisions.
    assert client.get(reverse("decision-certificates", args=[decision.pk])).status_code == 404
    client.force_login(officer)  # a draft decision is the council's business
    assert client.get(reverse("decision-pdf", args=[decision.pk])).status_code == 403
    client.force_login(secretary)  # a draft cannot be revoked
    response = client.post(reverse("decision-revoke", args=[decision.pk]), {"reason": "Nhầm lẫn"})
    assert "Chỉ thu hồi được quyết định khen thưởng đã ban hành." in response.content.decode()
    assert decision.revoked_by.count() == 0
