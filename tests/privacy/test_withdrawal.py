"""Withdrawing consent or revoking an award removes every public trace (issue #14, item 2):
the photo's public URL answers 404, the page vanishes on another worker within a second, and
no worker serves the outage copy made before."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve

from emulation import page_cache
from nominations import consent
from nominations.models import Consent, Nomination
from nominations.public.services import exemplar_url

pytestmark = pytest.mark.django_db


def media_status(settings, url: str) -> int:
    """What the web server answers for a /media/ URL (nginx serves MEDIA_ROOT as it is)."""
    path = url.removeprefix(settings.MEDIA_URL)
    try:
        serve(RequestFactory().get(url), path, document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404
    return 200


class Worker:
    """One gunicorn worker's own state: its local-memory cache and what it last read of the
    page-cache sequences. ``active()`` swaps them in for the duration of a request."""

    def __init__(self, name: str):
        self.cache = LocMemCache(name, {})
        self.seen: dict = {"value": None, "privacy": 0, "at": 0.0, "down": None}

    @contextlib.contextmanager
    def active(self, monkeypatch):
        with monkeypatch.context() as patch:
            patch.setattr(page_cache, "cache", self.cache)
            patch.setattr(page_cache, "_seen", self.seen)
            yield

    def a_second_later(self) -> None:
        self.seen["at"] -= page_cache.PUBLIC_GENERATION_MAX_AGE + 0.01


def database_down(monkeypatch):
    def down(max_age=0.0):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(page_cache, "generation", down)


def test_withdrawal_takes_the_photo_down_and_keeps_the_private_original(
    client, settings, make_exemplar, secretary
):
    nom = make_exemplar(full_name="Trần Thị Lành", photo=True)
    medium, thumb = nom.public_medium.url, nom.public_thumb.url
    assert (media_status(settings, medium), media_status(settings, thumb)) == (200, 200)
    page = client.get(exemplar_url(nom)).content.decode()
    assert f'<meta property="og:image" content="http://testserver{medium}">' in page
    private = Path(nom.photo_medium.path)
    assert private.exists()
    assert not private.is_relative_to(settings.MEDIA_ROOT)
    assert not (Path(settings.MEDIA_ROOT) / nom.photo_medium.name).exists()

    client.force_login(secretary)
    response = client.post(
        reverse("consent-withdraw", args=[nom.pk]), {"note": "Bà Lành gọi điện xin rút."}
    )
    assert response.status_code == 302
    assert (media_status(settings, medium), media_status(settings, thumb)) == (404, 404)
    nom.refresh_from_db()
    assert (nom.consent_public, nom.consent_photo, nom.public_medium.name) == (False, False, "")
    assert private.exists()  # the dossier keeps its photo, privately
    staff_photo = client.get(reverse("nomination-photo", args=[nom.pk, "medium"]))
    assert (staff_photo.status_code, staff_photo["Cache-Control"]) == (200, "private, no-store")
    client.logout()
    assert client.get(exemplar_url(nom)).status_code == 404
    for name in ("gallery", "exemplar-feed", "sitemap", "home"):
        assert "Trần Thị Lành" not in client.get(reverse(name)).content.decode(), name


def test_photos_of_drafts_and_of_nominees_without_photo_consent_are_never_public(
    settings, make_exemplar
):
    draft = make_exemplar(full_name="Lê Văn Nháp", state="draft", photo=True, decision=False)
    no_photo = make_exemplar(full_name="Hà Thị Kín", photo=True, consent_photo=False)
    for nom in (draft, no_photo):
        assert (nom.public_medium.name, nom.public_thumb.name) == ("", "")
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_the_page_vanishes_on_a_second_worker_and_from_the_outage_copy(
    client, make_exemplar, secretary, monkeypatch
):
    nom = make_exemplar(full_name="Ngô Thanh Thủy", photo=True)
    url = exemplar_url(nom)
    first, second = Worker("worker-1"), Worker("worker-2")
    with second.active(monkeypatch):
        assert client.get(url)["X-Page-Cache"] == "miss"  # stored, with its last good copy
        assert client.get(url)["X-Page-Cache"] == "hit"
        gallery = client.get(reverse("gallery"))
        assert "Ngô Thanh Thủy" in gallery.content.decode()

    with first.active(monkeypatch):
        consent.withdraw_consent(nom, secretary, "Gia đình xin rút.")

    with second.active(monkeypatch):
        second.a_second_later()
        assert client.get(url).status_code == 404
        assert "Ngô Thanh Thủy" not in client.get(reverse("gallery")).content.decode()
        with monkeypatch.context() as patch:
            database_down(patch)
            refused = client.get(url)
            assert refused.status_code == 503  # not the copy stored before the withdrawal


def test_an_idle_worker_serves_no_outage_copy_it_cannot_vouch_for(
    client, make_exemplar, secretary, monkeypatch
):
    nom = make_exemplar(full_name="Ngô Thanh Thủy")
    url = exemplar_url(nom)
    first, idle = Worker("worker-1"), Worker("idle")
    with idle.active(monkeypatch):
        client.get(url)
    with first.active(monkeypatch):
        consent.withdraw_consent(nom, secretary)
    with idle.active(monkeypatch):
        idle.seen["at"] = time.monotonic() - 30  # no request since, then the database goes
        database_down(monkeypatch)
        assert client.get(url).status_code == 503


def test_a_busy_worker_still_serves_outage_copies_of_pages_still_public(
    client, make_exemplar, monkeypatch
):
    nom = make_exemplar(full_name="Ngô Thanh Thủy")
    worker = Worker("worker-1")
    with worker.active(monkeypatch):
        client.get(exemplar_url(nom))
        database_down(monkeypatch)
        page = client.get(exemplar_url(nom))
        assert (page.status_code, page["X-Page-Cache"]) == (200, "stale")


def test_revocation_takes_the_photo_and_the_outage_copies_down(
    client, settings, make_exemplar, monkeypatch
):
    nom = make_exemplar(full_name="Trần Thị Lành", photo=True)
    medium = nom.public_medium.url
    page_cache.generation()
    epoch = page_cache._seen["privacy"]
    nom = Nomination.objects.get(pk=nom.pk)
    nom.state = "revoked"
    nom.save()
    assert media_status(settings, medium) == 404
    page_cache.generation()
    assert page_cache._seen["privacy"] > epoch


def test_consent_record_and_refusals(client, make_exemplar, officer, ward, settings):
    nom = make_exemplar(full_name="Trần Thị Lành", ward=ward, consent=False, photo=True)
    assert client.get(exemplar_url(nom)).status_code == 404
    client.force_login(officer)
    url = reverse("consent-record", args=[nom.pk])
    data = {
        "given_by": "Trần Thị Lành",
        "given_on": "2026-10-01",
        "method": "signed_form",
        "covers_name": "on",
        "covers_photo": "on",
    }
    page = client.post(url, data).content.decode()
    assert "Cần tải lên bản quét phiếu đồng ý có chữ ký." in page
    data["given_on"] = "2099-01-01"
    data["method"] = "statement"
    data["statement"] = "Bà đồng ý tại trụ sở phường."
    assert "Ngày đồng ý không thể ở tương lai." in client.post(url, data).content.decode()
    data["given_on"] = "2026-10-01"
    assert client.post(url, data).status_code == 302
    record = Consent.objects.get()
    assert (record.given_by, record.method, record.recorded_by, record.covers_story) == (
        "Trần Thị Lành",
        "statement",
        officer,
        False,
    )
    nom.refresh_from_db()
    assert (nom.consent_public, nom.consent_photo, nom.consent_story) == (True, True, False)
    consent.sync_public_photo(nom.pk)  # on commit, in the application
    nom.refresh_from_db()
    assert media_status(settings, nom.public_medium.url) == 200
    client.logout()
    assert client.get(exemplar_url(nom)).status_code == 200
