"""Admin forms refuse bad reference data with a Vietnamese message; nothing is saved."""

import pytest
from django.urls import reverse

from campaigns.models import AwardKind, BaseSalary, Campaign
from emulation.models import User
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def _award_kind_data(**overrides):
    data = {
        "name": "Giấy khen thử",
        "slug": "",
        "form": "commendation",
        "for_individual": "on",
        "coefficient_individual": "0.3",
        "coefficient_collective": "0",
        "coefficient_household": "0",
        "vote_threshold": "0.5",
        "threshold_strict": "on",
        "denominator": "all",
        "artefact": "giay_khen",
        "by_district": "on",
        "by_commune": "on",
        "order": "1",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_award_kind_negative_coefficient_refused(admin_client):
    response = admin_client.post(
        reverse("admin:campaigns_awardkind_add"), _award_kind_data(coefficient_individual="-0.3")
    )
    assert response.status_code == 200
    assert "Hệ số tiền thưởng không được âm." in response.content.decode()
    assert AwardKind.objects.count() == 0


def test_award_kind_valid_is_saved(admin_client):
    response = admin_client.post(reverse("admin:campaigns_awardkind_add"), _award_kind_data())
    assert response.status_code == 302
    assert AwardKind.objects.get().slug == "giay-khen-thu"


def test_campaign_deadline_before_opening_refused(admin_client):
    response = admin_client.post(
        reverse("admin:campaigns_campaign_add"),
        {
            "name": "Phong trào thử",
            "launched_by": "UBND quận",
            "kind": "annual",
            "opens_on": "10/03/2026",
            "deadline": "01/03/2026",
            "closes_on": "31/12/2026",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "Hạn nộp hồ sơ không được trước ngày phát động." in response.content.decode()
    assert Campaign.objects.count() == 0


def test_ward_officer_without_ward_refused(admin_client):
    response = admin_client.post(
        reverse("admin:emulation_user_add"),
        {
            "username": "canbo_moi",
            "full_name": "Cán bộ Mới",
            "email": "",
            "role": "ward_officer",
            "ward": "",
            "password1": "mat-khau-rat-dai-2026",
            "password2": "mat-khau-rat-dai-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "Cán bộ phường phải thuộc một phường." in response.content.decode()
    assert not User.objects.filter(username="canbo_moi").exists()


def test_two_base_salaries_on_the_same_date_refused(admin_client):
    BaseSalary.objects.create(valid_from="2024-07-01", amount=2_340_000)
    response = admin_client.post(
        reverse("admin:campaigns_basesalary_add"),
        {"valid_from": "01/07/2024", "amount": "2500000", "legal_basis": ""},
    )
    assert response.status_code == 200
    assert "Đã có mức lương cơ sở áp dụng từ ngày này." in response.content.decode()
    assert list(BaseSalary.objects.values_list("amount", flat=True)) == [2_340_000]


def test_same_name_twice_gets_a_slug_of_its_own_not_a_500(db):
    """Two campaigns of one name and year, an award kind whose name leaves no slug (tester)."""
    import datetime as dt

    from tests import factories

    first = factories.CampaignFactory(
        name="Người tốt, việc tốt", opens_on=dt.date(2026, 1, 1), slug=""
    )
    second = factories.CampaignFactory(
        name="Người tốt, việc tốt", opens_on=dt.date(2026, 3, 1), slug=""
    )
    third = factories.CampaignFactory(
        name="Người tốt, việc tốt", opens_on=dt.date(2026, 6, 1), slug=""
    )
    assert [first.slug, second.slug, third.slug] == [
        "nguoi-tot-viec-tot-2026",
        "nguoi-tot-viec-tot-2026-2",
        "nguoi-tot-viec-tot-2026-3",
    ]
    stars = factories.AwardKindFactory(name="★★★", slug="")
    again = factories.AwardKindFactory(name="✦ ✦", slug="")
    assert [stars.slug, again.slug] == ["danh-hieu", "danh-hieu-2"]
    second.name = "Người tốt, việc tốt (đợt 2)"
    second.save()  # a kept slug is never recomputed: links stay
    assert second.slug == "nguoi-tot-viec-tot-2026-2"
