"""``Cache-Control: private, no-store`` on every response to a signed-in user (issue #14):
staff pages (cached server-side or not), PDFs, exports, redirects, and public pages seen while
signed in; anonymous residents' pages keep their own caching."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.council import services as council

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def test_staff_pages_pdfs_and_exports_are_never_stored(client, authority, secretary, members):
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp", members_present=members
    )
    client.force_login(secretary)
    for url in (
        reverse("council-home"),
        reverse("review-queue"),
        reverse("meeting-detail", args=[meeting.pk]),
        reverse("meeting-minutes", args=[meeting.pk]),
        reverse("meeting-counting-reports", args=[meeting.pk]),
        reverse("reports-nominations-export") + "?format=csv",
        reverse("reports-nominations-export") + "?format=xlsx",
        reverse("gallery"),  # a public page, seen while signed in
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url
        assert not response.has_header("Expires"), url


def test_a_page_served_from_the_staff_cache_is_not_stored_either(client, secretary):
    client.force_login(secretary)
    client.get(reverse("review-queue"))  # sets the CSRF cookie: not stored
    stored = client.get(reverse("review-queue"))
    hit = client.get(reverse("review-queue"))
    assert (stored["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert stored["Cache-Control"] == hit["Cache-Control"] == NO_STORE


def test_redirects_and_refusals_to_a_signed_in_user(client, officer, secretary):
    client.force_login(officer)
    refused = client.get(reverse("council-home"))
    assert (refused.status_code, refused["Cache-Control"]) == (403, NO_STORE)
    client.force_login(secretary)
    moved = client.post(reverse("bulk-accept"), {})
    assert (moved.status_code, moved["Cache-Control"]) == (302, NO_STORE)


def test_anonymous_public_pages_keep_their_caching(client):
    response = client.get(reverse("gallery"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
