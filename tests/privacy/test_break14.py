"""Issue #14 tried again as a careless or hostile user: what still leaked, now closed."""

from __future__ import annotations

import json

import pytest

from emulation.audit import acting_as
from emulation.models import AuditLog
from nominations import personal_data
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "0987654321"
ADDRESS = "Số 12 ngõ 34 phố Khâm Thiên"


def _all_audit_text() -> str:
    return json.dumps(list(AuditLog.objects.values_list("changes", flat=True)), ensure_ascii=False)


def test_the_audit_log_records_that_private_fields_changed_never_their_values(officer, ward):
    nom = factories.NominationFactory(ward=ward)
    nominee = nom.nominee
    with acting_as(officer):
        nominee.phone = PHONE
        nominee.address = ADDRESS
        nominee.save()
        nom.story = "Bác nằm viện hai tháng vẫn nấu cháo."
        nom.achievement_report = "Báo cáo: bác ung thư giai đoạn cuối."
        nom.save()
    changes = {e.object_id + e.content_type.model: e.changes for e in AuditLog.objects.all()}
    assert changes[f"{nominee.pk}nominee"]["phone"] == ["***", "***"]
    assert changes[f"{nominee.pk}nominee"]["address"] == ["", "***"]
    assert changes[f"{nom.pk}nomination"]["story"][1] == "***"
    assert changes[f"{nom.pk}nomination"]["achievement_report"] == ["***", "***"]
    text = _all_audit_text()
    for secret in (PHONE, "Khâm Thiên", "nằm viện", "ung thư"):
        assert secret not in text


def test_an_erasure_leaves_no_phone_or_address_in_the_audit_log(officer, ward):
    admin_user = factories.UserFactory(username="quantri", role="admin")
    nom = factories.NominationFactory(ward=ward)
    with acting_as(officer):
        nom.nominee.phone = PHONE
        nom.nominee.address = ADDRESS
        nom.nominee.save()
    with acting_as(admin_user):
        personal_data.erase_person(nom.nominee, admin_user, "Đơn của bà Lan")
    text = _all_audit_text()
    assert PHONE not in text
    assert "Khâm Thiên" not in text


def test_values_logged_before_the_mask_are_masked_by_the_migration(officer, ward):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    nom = factories.NominationFactory(ward=ward)
    old = AuditLog.objects.create(
        actor=officer,
        actor_name="catlinh",
        action="update",
        content_type=ContentType.objects.get_for_model(nom.nominee),
        object_id=str(nom.nominee.pk),
        object_repr="x",
        changes={"phone": ["", PHONE], "position": ["A", "B"]},
    )
    migration = importlib.import_module("emulation.migrations.0016_mask_personal_audit_values")
    migration.mask(apps, None)
    old.refresh_from_db()
    assert old.changes == {"phone": ["", "***"], "position": ["A", "B"]}


def test_an_erasure_takes_the_residents_photo_and_words_about_the_person_too(ward):
    from django.core.files.base import ContentFile

    from nominations.models import Suggestion

    admin_user = factories.UserFactory(username="quantri", role="admin")
    nom = factories.NominationFactory(ward=ward, state="awarded")
    suggestion = Suggestion.objects.create(
        ward=ward,
        nominee_name=nom.nominee.full_name,
        nominee_where="số 12 ngõ 34 Khâm Thiên",
        deeds="Bác nằm viện vẫn nấu cháo.",
        writer_name="Trần Văn Viết",
        writer_contact="0901234567",
        nomination=nom,
        state="converted",
    )
    suggestion.photo.save("x.jpg", ContentFile(b"\xff\xd8\xff\xe0 not really a jpeg"))
    stored = suggestion.photo.name
    storage = suggestion.photo.storage
    assert storage.exists(stored)

    personal_data.erase_person(nom.nominee, admin_user, "Đơn của bác")
    suggestion.refresh_from_db()
    assert (suggestion.deeds, suggestion.nominee_where, suggestion.writer_contact) == ("", "", "")
    assert (suggestion.photo.name or "", storage.exists(stored)) == ("", False)
