"""Retention and a person's requests (issue #14, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from nominations import personal_data
from nominations.models import Nomination, PersonalDataRequest, Suggestion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)


def _age(model, pk, days):
    model.objects.filter(pk=pk).update(
        **{
            ("updated_at" if model is Nomination else "created_at"): timezone.now()
            - dt.timedelta(days=days)
        }
    )


def test_the_scheduled_command_purges_expired_private_data(ward, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    old = factories.NominationFactory(
        ward=ward, state="not_recommended", story="Chuyện cũ.", achievement_report="Báo cáo."
    )
    recent = factories.NominationFactory(ward=ward, state="withdrawn", story="Chuyện mới.")
    awarded = factories.NominationFactory(ward=ward, state="awarded", story="Đã khen.")
    for nom in (old, awarded):
        _age(Nomination, nom.pk, 400)
    _age(Nomination, recent.pk, 30)
    stale = Suggestion.objects.create(
        ward=ward, nominee_name="A", deeds="x" * 40, writer_name="B", writer_contact="0901234567"
    )
    fresh = Suggestion.objects.create(
        ward=ward, nominee_name="C", deeds="y" * 40, writer_name="D", writer_contact="0901234568"
    )
    _age(Suggestion, stale.pk, 400)

    call_command("purge_personal_data")
    assert capsys.readouterr().out == "dossiers=1 nominees=1 suggestions=1 days=365\n"
    old.refresh_from_db()
    old.nominee.refresh_from_db()
    assert (old.story, old.achievement_report, old.nominee.phone, old.consent_public) == (
        "",
        "",
        "",
        False,
    )
    assert Nomination.objects.get(pk=recent.pk).story == "Chuyện mới."
    assert Nomination.objects.get(pk=awarded.pk).story == "Đã khen."
    assert list(Suggestion.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_export_and_erase_on_request_keep_what_the_decision_needs(ward, admin_user):
    nominee = factories.NomineeFactory(ward=ward, full_name="Phạm Thị Lan", address="số 12 ngõ 34")
    awarded = factories.NominationFactory(
        ward=ward, nominee=nominee, state="awarded", story="Chuyện.", achievement_report="BC."
    )
    exported = personal_data.export_person(nominee)
    assert (exported["phone"], exported["address"], exported["dossiers"][0]["story"]) == (
        "0912345678",
        "số 12 ngõ 34",
        "Chuyện.",
    )
    summary = personal_data.erase_person(nominee, admin_user, "Bà Lan, đơn ngày 2/11/2026")
    nominee.refresh_from_db()
    awarded.refresh_from_db()
    assert (nominee.phone, nominee.address, nominee.full_name) == ("", "", "Phạm Thị Lan")
    assert (awarded.story, awarded.consent_public, awarded.achievement_report) == ("", False, "BC.")
    logged = PersonalDataRequest.objects.get()
    assert (logged.kind, logged.requested_by, logged.handled_by, logged.summary) == (
        "erase",
        "Bà Lan, đơn ngày 2/11/2026",
        admin_user,
        summary,
    )


def test_the_admin_exports_as_json_and_logs_it(client, ward, admin_user):
    nominee = factories.NomineeFactory(ward=ward, full_name="Phạm Thị Lan")
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/nominations/nominee/",
        {"action": "export_personal_data", "_selected_action": [nominee.pk]},
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()[0]["full_name"] == "Phạm Thị Lan"
    assert PersonalDataRequest.objects.get().kind == "export"
