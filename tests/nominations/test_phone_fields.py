"""Every phone field uses the one rule (emulation.phone): the dossier page, the admin and the
model field. (The suggestion form: tests/public/test_suggestions.py; the Excel import:
tests/reports/test_imports.py.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nominations.models import Nominee
from tests import factories
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db


def test_the_dossier_page_stores_the_normalised_number(client, officer, campaign):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(campaign, phone="0912.345.678"))
    assert response.status_code == 302
    assert Nominee.objects.get().phone == "0912345678"


def test_the_dossier_page_refuses_a_number_without_its_zero(client, officer, campaign):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(campaign, phone="912345678"))
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "“912345678” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi 0912345678."
    ]
    assert Nominee.objects.count() == 0


def test_the_model_field_validates_the_number(ward):
    nominee = factories.NomineeFactory.build(ward=ward, phone="091234567")
    with pytest.raises(ValidationError) as refused:
        nominee.full_clean()
    assert list(refused.value.message_dict) == ["phone"]


def test_the_admin_stores_the_normalised_number(client, ward):
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    nominee = factories.NomineeFactory(ward=ward, phone="0912345678")
    url = reverse("admin:nominations_nominee_change", args=[nominee.pk])
    data = {
        "ward": ward.pk,
        "kind": "individual",
        "full_name": nominee.full_name,
        "gender": "male",
        "birth_year": "1960",
        "position": "",
        "workplace": "",
        "phone": "+84 24 3825 1234",
        "member_count": "",
        "head_name": "",
        "address": "",
    }
    assert client.post(url, data).status_code == 302
    nominee.refresh_from_db()
    assert nominee.phone == "02438251234"
    refused = client.post(url, {**data, "phone": "912345678"})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["phone"] == [
        "“912345678” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi 0912345678."
    ]
