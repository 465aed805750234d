"""The anonymous public page cache (emulation/page_cache.py) and the GET language switch."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from emulation import page_cache
from nominations.public.services import exemplar_url

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_without_a_query(
    client, make_exemplar, django_assert_num_queries, monkeypatch
):
    from emulation import page_cache

    # The generation is re-read once a second: a busy machine must not add that query here.
    monkeypatch.setattr(page_cache, "PUBLIC_GENERATION_MAX_AGE", 3600.0)
    make_exemplar(full_name="Ngô Thanh Thủy")
    first = client.get(reverse("gallery"))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("gallery"))
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in second  # the middlewares still run on a stored page


def test_query_strings_are_separate_pages(client, make_exemplar):
    make_exemplar(full_name="Ngô Thanh Thủy")
    make_exemplar(full_name="Trần Văn Bình")
    assert "Trần Văn Bình" in client.get(reverse("gallery")).content.decode()
    found = client.get(reverse("gallery"), {"q": "ngo thanh"}).content.decode()
    assert "Ngô Thanh Thủy" in found
    assert "Trần Văn Bình" not in found


def test_a_change_to_an_exemplar_shows_at_once(client, make_exemplar):
    nomination = make_exemplar(full_name="Ngô Thanh Thủy", story="Cứu người đuối nước")
    url = exemplar_url(nomination)
    assert "Cứu người đuối nước" in client.get(url).content.decode()
    nomination.story = "Nhặt được của rơi trả người đánh mất"
    nomination.save()
    html = client.get(url).content.decode()
    assert "Nhặt được của rơi trả người đánh mất" in html
    assert "Cứu người đuối nước" not in html


def test_withdrawn_consent_removes_the_exemplar_from_the_gallery(client, make_exemplar):
    nomination = make_exemplar(full_name="Ngô Thanh Thủy")
    assert "Ngô Thanh Thủy" in client.get(reverse("gallery")).content.decode()
    nomination.consent_public = False
    nomination.save()
    assert "Ngô Thanh Thủy" not in client.get(reverse("gallery")).content.decode()
    assert client.get(exemplar_url(nomination)).status_code == 404


def test_a_bump_on_commit_invalidates_pages(client, make_exemplar):
    make_exemplar()
    client.get(reverse("home"))
    before = page_cache.generation()
    page_cache.bump()
    assert page_cache.generation() == before + 1
    assert client.get(reverse("home"))["X-Page-Cache"] == "miss"


def test_signed_in_staff_never_get_or_fill_the_cache(client, make_exemplar, secretary):
    make_exemplar()
    client.get(reverse("gallery"))  # stored for anonymous visitors
    client.force_login(secretary)
    response = client.get(reverse("gallery"))
    assert "X-Page-Cache" not in response
    assert 'data-testid="nav-review"' in response.content.decode()
    client.logout()
    client.get(reverse("gallery"))  # the login wrote last_login: a new generation
    anonymous = client.get(reverse("gallery"))
    assert anonymous["X-Page-Cache"] == "hit"
    assert 'data-testid="nav-review"' not in anonymous.content.decode()


def test_a_visitor_with_pending_messages_is_not_served_from_the_cache(client, make_exemplar):
    make_exemplar()
    client.get(reverse("home"))
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(reverse("home"))


def test_each_language_has_its_own_copy(client, make_exemplar):
    make_exemplar()
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()
    client.get(reverse("switch-language"), {"lang": "en", "next": "/"})
    english = client.get(reverse("home"))
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()


def test_public_pages_carry_no_csrf_token(client, make_exemplar):
    nomination = make_exemplar()
    for url in (
        reverse("home"),
        reverse("gallery"),
        exemplar_url(nomination),
        reverse("campaign-list"),
    ):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert "csrftoken" not in response.cookies, url


def test_a_page_that_used_a_csrf_token_is_not_stored():
    calls = []

    @page_cache.cache_public_page
    def view(request):
        calls.append(1)
        return HttpResponse(get_token(request))

    factory = RequestFactory()
    view(factory.get("/form/"))
    view(factory.get("/form/"))
    assert len(calls) == 2


def test_errors_and_redirects_are_not_stored(client, make_exemplar):
    nomination = make_exemplar()
    wrong_slug = reverse("exemplar", args=[nomination.pk, "sai-ten"])
    assert client.get(wrong_slug).status_code == 301
    assert client.get(wrong_slug).status_code == 301
    assert client.get(reverse("exemplar", args=[nomination.pk + 999, "x"])).status_code == 404


def test_cache_can_be_turned_off(client, make_exemplar, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    make_exemplar()
    client.get(reverse("gallery"))
    assert "X-Page-Cache" not in client.get(reverse("gallery"))


def test_language_switch_sets_the_cookie_and_returns(client):
    response = client.get(reverse("switch-language"), {"lang": "en", "next": "/guong-sang/?q=a"})
    assert response.status_code == 302
    assert response.url == "/guong-sang/?q=a"
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_language_switch_refuses_to_leave_the_site(client, target):
    response = client.get(reverse("switch-language"), {"lang": "en", "next": target})
    assert response.url == "/"


def test_language_switch_ignores_unknown_languages(client):
    response = client.get(reverse("switch-language"), {"lang": "fr", "next": "/"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies


def test_language_switch_link_is_on_every_page(client):
    html = client.get(reverse("home")).content.decode()
    assert 'href="/ngon-ngu/?lang=en&amp;next=%2F"' in html


def test_last_copies_are_served_while_the_database_is_down(client, make_exemplar, monkeypatch):
    from django.db import OperationalError

    make_exemplar(full_name="Ngô Thanh Thủy")
    client.get(reverse("gallery"))
    page_cache.bump()  # a write just before the outage: no copy under the new generation

    def down(max_age=0.0):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(page_cache, "generation", down)
    page = client.get(reverse("gallery"))
    assert page.status_code == 200
    assert page["X-Page-Cache"] == "stale"
    assert "Ngô Thanh Thủy" in page.content.decode()
    # A page this worker never stored needs the database: the friendly 503.
    refused = client.get(reverse("campaign-list"))
    assert refused.status_code == 503
    assert refused["Retry-After"] == "10"


def test_gallery_option_lists_are_kept_until_a_write(
    client, make_exemplar, django_assert_num_queries, monkeypatch
):
    import datetime as dt

    from emulation import page_cache

    # The generation is re-read once a second: a busy machine must not add that query here.
    monkeypatch.setattr(page_cache, "PUBLIC_GENERATION_MAX_AGE", 3600.0)

    make_exemplar(full_name="Ngô Thanh Thủy")
    first = client.get(reverse("gallery"), {"q": "ngo"})
    assert '<option value="2019"' not in first.content.decode()
    # Another search, rendered: the four option-list queries are not run again.
    with django_assert_num_queries(3):  # authority (header), count, page
        client.get(reverse("gallery"), {"q": "thuy"})
    make_exemplar(full_name="Trần Văn Bình", awarded_on=dt.date(2019, 5, 1))
    after = client.get(reverse("gallery"), {"q": "ngo"}).content.decode()
    assert '<option value="2019"' in after
