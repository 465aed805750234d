"""The signed-in staff page cache (emulation/page_cache.cache_staff_page): served again only
to the same session, dropped by any write, never with someone else's data or messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from emulation import page_cache
from nominations.models import Nomination
from tests import factories

pytestmark = pytest.mark.django_db


def warm(client: Client, url: str):
    """The first visit sets the CSRF cookie (not stored), the second stores, the third hits."""
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "miss"
    return client.get(url)


def nomination(ward, name, campaign=None, **extra) -> Nomination:
    nominee = factories.NomineeFactory(ward=ward, full_name=name)
    return factories.NominationFactory(
        ward=ward, nominee=nominee, **({"campaign": campaign} if campaign else {}), **extra
    )


def test_a_repeated_list_is_served_from_the_cache(
    client, officer, ward, django_assert_max_num_queries
):
    nomination(ward, "Nguyễn Đình Tính")
    client.force_login(officer)
    url = reverse("nomination-list")
    rendered = client.get(url)
    client.get(url)
    with django_assert_max_num_queries(3):  # session, user, generation
        hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content.decode().count('data-testid="row"') == 1
    assert "Nguyễn Đình Tính" in hit.content.decode()
    assert hit.status_code == rendered.status_code == 200


def test_any_write_shows_at_once(client, officer, ward):
    nomination(ward, "Nguyễn Đình Tính")
    client.force_login(officer)
    url = reverse("nomination-list")
    assert warm(client, url)["X-Page-Cache"] == "hit"
    nomination(ward, "Trần Thị Lan")
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Trần Thị Lan" in fresh.content.decode()


def test_a_change_to_a_related_row_shows_at_once(client, officer, ward):
    nom = nomination(ward, "Nguyễn Đình Tính")
    client.force_login(officer)
    url = reverse("nomination-list")
    warm(client, url)
    nom.campaign.name = "Phong trào đổi tên"
    nom.campaign.save()
    assert "Phong trào đổi tên" in client.get(url).content.decode()


def test_a_bulk_write_bumps_explicitly(client, officer, ward):
    nom = nomination(ward, "Nguyễn Đình Tính")
    client.force_login(officer)
    url = reverse("nomination-list")
    warm(client, url)
    Nomination.objects.filter(pk=nom.pk).update(state="submitted")
    assert client.get(url)["X-Page-Cache"] == "hit"  # an update() bypasses the signals…
    page_cache.bump()  # …so code that uses one must bump
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_officers_of_two_wards_never_share_a_page(officer, other_officer, ward, other_ward):
    nomination(ward, "Nguyễn Đình Tính")
    nomination(other_ward, "Phạm Văn Hùng")
    mine, theirs = Client(), Client()
    mine.force_login(officer)
    theirs.force_login(other_officer)
    url = reverse("nomination-list")
    warm(mine, url)
    page = theirs.get(url)
    assert "X-Page-Cache" not in page or page["X-Page-Cache"] == "miss"
    assert "Phạm Văn Hùng" in page.content.decode()
    assert "Nguyễn Đình Tính" not in page.content.decode()


def test_a_second_session_of_the_same_user_renders_its_own(officer, ward):
    nomination(ward, "Nguyễn Đình Tính")
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(officer)
    url = reverse("nomination-list")
    warm(first, url)
    second.get(url)
    assert second.get(url)["X-Page-Cache"] == "miss"


def test_a_stored_page_carries_a_working_csrf_token(officer, ward):
    nomination(ward, "Nguyễn Đình Tính")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    hit = warm(client, reverse("nomination-list"))
    assert hit["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', hit.content.decode())[1]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_pages_with_messages_are_neither_stored_nor_served(client, officer, ward):
    nom = nomination(ward, "Nguyễn Đình Tính")
    client.force_login(officer)
    url = reverse("nomination-list")
    warm(client, url)
    # Deleting a draft redirects with a message to the list.
    response = client.post(reverse("nomination-delete", args=[nom.pk]), follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "X-Page-Cache" not in response
    assert 'role="alert"' in response.content.decode()
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss"
    assert 'role="alert"' not in again.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_new_day_renders_afresh(client, secretary, ward):
    nomination(ward, "Nguyễn Đình Tính", state="submitted")
    client.force_login(secretary)
    url = reverse("review-queue")
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        assert warm(client, url)["X-Page-Cache"] == "hit"
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), tick=False):
        assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_submission_reaches_the_secretarys_queue_at_once(
    client, officer, secretary, ward, authority
):
    nom = nomination(ward, "Nguyễn Đình Tính")
    council = Client()
    council.force_login(secretary)
    queue = reverse("review-queue")
    assert "Nguyễn Đình Tính" not in warm(council, queue).content.decode()
    client.force_login(officer)
    assert client.post(reverse("nomination-submit", args=[nom.pk])).status_code == 302
    assert "Nguyễn Đình Tính" in council.get(queue).content.decode()


def test_a_refusal_is_not_stored(client, officer):
    client.force_login(officer)
    url = reverse("review-queue")
    assert client.get(url).status_code == 403
    assert client.get(url).status_code == 403
    assert "X-Page-Cache" not in client.get(url)


def test_the_cache_can_be_turned_off(client, officer, ward, settings):
    settings.STAFF_PAGE_CACHE_SECONDS = 0
    client.force_login(officer)
    url = reverse("nomination-list")
    client.get(url)
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_one_after_commit_bump_per_transaction(ward):
    from django.db import connection

    before = page_cache.generation()
    for name in ("Nguyễn Đình Tính", "Trần Thị Lan", "Lê Văn Tám"):
        nomination(ward, name)
    pending = [
        func
        for _ids, func, _robust in connection.run_on_commit
        if func is page_cache._bump_after_commit
    ]
    assert len(pending) == 1
    assert page_cache.generation() >= before + 3  # every save bumped at once
