"""Issue #15, "Twice is once": the new-dossier form posted twice at the same instant creates one
draft. Real threads, each with its own PostgreSQL connection, posting through the whole stack."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from emulation import once
from nominations import workflow
from nominations.dossiers import services as dossiers
from nominations.models import Nomination, Nominee
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def _together(calls):
    """Run each call in its own thread, released at the same instant; results in call order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as err:  # the test asserts on it
            results[index] = err
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _poster(officer, data):
    client = Client()
    client.force_login(officer)
    return lambda: client.post(reverse("nomination-create"), data)


@pytest.mark.parametrize("round_", range(6))
def test_the_same_form_posted_twice_at_once_creates_one_draft(officer, campaign, round_):
    """The issue's example, 6 times out of 6: a double click sends the same form (same token)."""
    assert connection.vendor == "postgresql"
    data = {**form_data(campaign), once.FIELD: once.new_token()}
    first, second = _together([_poster(officer, data), _poster(officer, data)])
    nom = Nomination.objects.get()
    detail = reverse("nomination-detail", args=[nom.pk])
    assert (first.status_code, first.url) == (302, detail)
    assert (second.status_code, second.url) == (302, detail)
    assert Nominee.objects.count() == 1
    assert nom.transitions.count() == 1


def test_two_forms_of_the_same_person_racing_leave_one_draft_and_show_it(
    officer, campaign, monkeypatch
):
    """Two tabs (two tokens), both past the duplicate check before either saves: the person
    key's unique index keeps one draft; the second officer is shown it."""
    barrier = threading.Barrier(2)
    check = workflow.check_eligibility

    def check_then_wait(nom, today=None):
        check(nom, today)
        barrier.wait(timeout=30)  # both requests have passed the check: a true race

    monkeypatch.setattr(workflow, "check_eligibility", check_then_wait)
    posts = [
        _poster(officer, {**form_data(campaign), once.FIELD: once.new_token()}) for _ in range(2)
    ]
    responses = _together(posts)
    nom = Nomination.objects.get()
    detail = reverse("nomination-detail", args=[nom.pk])
    assert [(r.status_code, r.url) for r in responses] == [(302, detail), (302, detail)]
    assert Nominee.objects.count() == 1  # the loser's nominee rolled back with its draft
    assert nom.person_key == f"{officer.ward_id}:nguyen dinh tinh:1950"


def test_create_draft_race_at_the_service_raises_with_the_existing_dossier(
    officer, campaign, monkeypatch
):
    barrier = threading.Barrier(2)
    check = workflow.check_eligibility

    def check_then_wait(nom, today=None):
        check(nom, today)
        barrier.wait(timeout=30)

    monkeypatch.setattr(workflow, "check_eligibility", check_then_wait)
    data = form_data(campaign)
    data["award_kind"] = campaign.award_kinds.first()
    for name in ("birth_year",):
        data[name] = int(data[name])
    for name in ("period_start", "period_end"):
        data[name] = None
    data["consent_public"] = True

    def create():
        return dossiers.create_draft(officer, campaign, "individual", data)

    results = _together([create, create])
    created = [r for r in results if isinstance(r, Nomination)]
    refused = [r for r in results if isinstance(r, dossiers.DossierError)]
    assert len(created) == 1 and len(refused) == 1
    assert refused[0].message == "Người này đã có hồ sơ khác trong phong trào này."
    assert refused[0].existing.pk == created[0].pk
    assert list(Nomination.objects.values_list("pk", flat=True)) == [created[0].pk]


@pytest.mark.parametrize("round_", range(4))
def test_confirms_pressed_twice_at_once_change_once(officer, campaign, authority, round_):
    """Submit, then delete, each pressed twice at the same instant through the whole stack
    (authority: a submission makes the tờ trình addressed to it, since the docs2 merge)."""
    from tests import factories

    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, created_by=officer)
    detail = reverse("nomination-detail", args=[nom.pk])

    def press(url):
        client = Client()
        client.force_login(officer)
        return lambda: client.post(url)

    submit = reverse("nomination-submit", args=[nom.pk])
    responses = _together([press(submit), press(submit)])
    assert [(r.status_code, r.get("Location")) for r in responses] == [(302, detail), (302, detail)]
    assert list(nom.transitions.values_list("action", flat=True)) == ["submit"]

    draft = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    delete = reverse("nomination-delete", args=[draft.pk])
    responses = _together([press(delete), press(delete)])
    listing = reverse("nomination-list")
    assert [(r.status_code, r.get("Location")) for r in responses] == [
        (302, listing),
        (302, listing),
    ]
    assert list(Nomination.objects.values_list("pk", flat=True)) == [nom.pk]
