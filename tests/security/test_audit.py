"""The audit log: every change by staff, field by field, readable by the administrator only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from campaigns.models import BaseSalary
from emulation.audit import acting_as
from emulation.models import AuditLog, Ward
from nominations.models import Nomination
from tests import factories

pytestmark = pytest.mark.django_db


def test_changes_without_a_user_are_not_logged(ward):
    factories.NominationFactory(ward=ward)
    ward.name = "Cát Linh mới"
    ward.save()
    assert AuditLog.objects.count() == 0


def test_update_of_a_nomination_records_old_and_new_values(officer, ward):
    nomination = factories.NominationFactory(ward=ward, public_summary="Cũ")
    with acting_as(officer):
        nomination.public_summary = "Mới"
        nomination.field = "charity"
        nomination.save()
    entry = AuditLog.objects.get()
    assert entry.actor == officer
    assert entry.actor_name == "catlinh"
    assert entry.action == "update"
    assert entry.content_type == ContentType.objects.get_for_model(Nomination)
    assert entry.object_id == str(nomination.pk)
    assert entry.changes == {"public_summary": ["Cũ", "Mới"], "field": ["community", "charity"]}


def test_create_and_delete_of_reference_data(secretary):
    with acting_as(secretary):
        salary = BaseSalary.objects.create(
            amount=2_530_000, valid_from=dt.date(2026, 7, 1), legal_basis="NĐ mới"
        )
        salary_pk = salary.pk
        salary.delete()
    created, deleted = AuditLog.objects.order_by("pk")
    assert (created.action, created.object_id) == ("create", str(salary_pk))
    assert created.changes == {
        "amount": [None, 2_530_000],
        "valid_from": [None, "2026-07-01"],
        "legal_basis": [None, "NĐ mới"],
    }
    assert (deleted.action, deleted.object_id) == ("delete", str(salary_pk))
    assert deleted.changes["amount"] == [2_530_000, None]


def test_save_without_change_writes_nothing(secretary, ward):
    with acting_as(secretary):
        Ward.objects.get(pk=ward.pk).save()
    assert AuditLog.objects.count() == 0


def test_password_change_is_logged_without_the_hash(secretary, officer):
    with acting_as(secretary):
        officer.set_password("mot-mat-khau-moi-dai-2026")
        officer.save()
    entry = AuditLog.objects.get()
    assert entry.changes == {"password": ["***", "***"]}
    assert "pbkdf2" not in str(entry.changes)


def test_campaign_award_kinds_change_is_logged(secretary):
    campaign = factories.CampaignFactory()
    extra = factories.AwardKindFactory(
        name="Lao động tiên tiến", for_collective=False, for_household=False
    )
    with acting_as(secretary):
        campaign.award_kinds.add(extra)
    entry = AuditLog.objects.get()
    assert entry.changes == {"award_kinds": ["thêm", [extra.pk]]}


def test_web_request_of_a_staff_user_is_attributed(client, settings):
    """The middleware puts the request's user in the context: an admin edit is logged."""
    admin_user = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    ward = factories.WardFactory(name="Kim Liên", code="DD05")
    client.force_login(admin_user)
    url = reverse("admin:emulation_ward_change", args=[ward.pk])
    response = client.post(
        url,
        {
            "name": "Kim Liên",
            "slug": "kim-lien",
            "code": "DD05B",
            "active": "on",
            # the tờ trình's signer and symbol (docs2 merge), unchanged
            "head_title": "Chủ tịch",
            "cover_letter_symbol": "TTr-UBND",
        },
    )
    assert response.status_code == 302
    entry = AuditLog.objects.get()
    assert (entry.actor, entry.action, entry.object_repr) == (admin_user, "update", "Kim Liên")
    assert entry.changes == {"code": ["DD05", "DD05B"]}


def test_admin_can_read_but_never_edit(client, secretary):
    admin_user = factories.UserFactory(username="quantri", role="admin", is_staff=True)
    with acting_as(secretary):
        factories.WardFactory(name="Láng Hạ", code="DD06")
    entry = AuditLog.objects.get()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:emulation_auditlog_changelist"))
    assert listing.status_code == 200
    assert "Láng Hạ" in listing.content.decode()
    detail = client.get(reverse("admin:emulation_auditlog_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:emulation_auditlog_add")).status_code == 403
    posted = client.post(
        reverse("admin:emulation_auditlog_change", args=[entry.pk]), {"actor_name": "khac"}
    )
    assert posted.status_code == 403
    deleted = client.post(
        reverse("admin:emulation_auditlog_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.actor_name == "thuky"
    assert AuditLog.objects.count() == 1


def test_other_staff_cannot_read_the_log(client, secretary):
    secretary.is_staff = True
    secretary.save()
    client.force_login(secretary)
    response = client.get(reverse("admin:emulation_auditlog_changelist"))
    assert response.status_code == 403
