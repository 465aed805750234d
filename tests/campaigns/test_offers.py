"""Which award kinds a campaign may offer (Luật Thi đua, khen thưởng 2022, Điều 80 and Điều 83
khoản 1): the admin, the model, the dossier form and the workflow refuse with one sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from campaigns import offers
from campaigns.models import Campaign
from nominations import workflow
from nominations.models import Nomination
from tests import factories
from tests.nominations.conftest import form_data

GIAY_KHEN = "Giấy khen của Chủ tịch UBND quận"
STAFF_TITLE_IN_MOVEMENT = (
    "“Lao động tiên tiến” là danh hiệu hằng năm của cán bộ, do đơn vị quản lý cán bộ đề nghị "
    "mỗi năm một lần (Luật Thi đua, khen thưởng 2022, Điều 83 khoản 1): chỉ xét trong đợt bình "
    "xét cuối năm, không xét trong phong trào “Theo chuyên đề”."
)
GIAY_KHEN_IN_REVIEW = (
    "Đợt bình xét cuối năm chỉ xét các danh hiệu hằng năm của cán bộ (Lao động tiên tiến, "
    "Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến; Luật Thi đua, khen thưởng 2022, "
    "Điều 83 khoản 1); “Giấy khen của Chủ tịch UBND quận” được xét trong các phong trào thi đua."
)


@pytest.fixture
def admin_client(client, db):
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    return client


def staff_title(name: str = "Lao động tiên tiến", **fields):
    return factories.AwardKindFactory(
        name=name,
        form="title",
        for_collective=False,
        for_household=False,
        yearly_staff_title=True,
        allows_simplified=False,
        **fields,
    )


def _campaign_data(kinds, **overrides) -> dict:
    data = {
        "name": "Bình xét danh hiệu thi đua năm 2026",
        "slug": "",
        "launched_by": "Ủy ban nhân dân quận Đống Đa",
        "kind": "yearly_review",
        "opens_on": "16/11/2026",
        "deadline": "20/12/2026",
        "closes_on": "15/01/2027",
        "status": "open",
        "award_kinds": [k.pk for k in kinds],
    }
    data.update(overrides)
    return data


def _errors(response) -> dict[str, list[str]]:
    form = response.context["adminform"].form
    return {name: list(errors) for name, errors in form.errors.items()}


def test_a_movement_may_not_offer_a_yearly_staff_title(admin_client):
    title, giay_khen = staff_title(), factories.AwardKindFactory()
    response = admin_client.post(
        reverse("admin:campaigns_campaign_add"),
        _campaign_data([giay_khen, title], name="Người tốt, việc tốt", kind="thematic"),
    )
    assert response.status_code == 200
    assert _errors(response) == {"award_kinds": [STAFF_TITLE_IN_MOVEMENT]}
    assert Campaign.objects.count() == 0


def test_the_yearly_review_offers_only_yearly_staff_titles(admin_client):
    title, giay_khen = staff_title(), factories.AwardKindFactory()
    response = admin_client.post(
        reverse("admin:campaigns_campaign_add"), _campaign_data([title, giay_khen])
    )
    assert _errors(response) == {"award_kinds": [GIAY_KHEN_IN_REVIEW]}
    assert Campaign.objects.count() == 0
    ok = admin_client.post(reverse("admin:campaigns_campaign_add"), _campaign_data([title]))
    assert ok.status_code == 302
    assert list(Campaign.objects.get().award_kinds.all()) == [title]


def test_one_yearly_review_a_year(admin_client):
    title = staff_title()
    first = factories.CampaignFactory(
        name="Bình xét năm 2026",
        kind="yearly_review",
        opens_on=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 12, 20),
        closes_on=dt.date(2026, 12, 31),
        award_kinds=[title],
    )
    response = admin_client.post(reverse("admin:campaigns_campaign_add"), _campaign_data([title]))
    assert _errors(response) == {
        "kind": [
            "Năm 2026 đã có đợt bình xét cuối năm “Bình xét năm 2026”: danh hiệu hằng năm của "
            "cán bộ chỉ được bình xét mỗi năm một lần (Luật Thi đua, khen thưởng 2022, Điều 83 "
            "khoản 1)."
        ]
    }
    assert list(Campaign.objects.all()) == [first]
    # The next year's review is another year's: saved. The first one may still be edited.
    next_year = _campaign_data(
        [title], opens_on="05/01/2027", deadline="20/12/2027", closes_on="31/12/2027"
    )
    assert admin_client.post(reverse("admin:campaigns_campaign_add"), next_year).status_code == 302
    edit = _campaign_data(
        [title],
        name="Bình xét năm 2026 (sửa)",
        opens_on="05/01/2026",
        deadline="20/12/2026",
        closes_on="31/12/2026",
    )
    url = reverse("admin:campaigns_campaign_change", args=[first.pk])
    assert admin_client.post(url, edit).status_code == 302
    first.refresh_from_db()
    assert first.name == "Bình xét năm 2026 (sửa)"


def test_changing_the_kind_and_the_offer_together_is_judged_on_the_new_offer(admin_client):
    """A movement turned into the yearly review in one save: the kinds chosen in the form are
    the ones checked, not the saved ones."""
    title, giay_khen = staff_title(), factories.AwardKindFactory()
    campaign = factories.CampaignFactory(
        name="Bình xét cuối năm",
        kind="annual",
        opens_on=dt.date(2026, 11, 16),
        deadline=dt.date(2026, 12, 20),
        closes_on=dt.date(2027, 1, 15),
        award_kinds=[giay_khen],
    )
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    response = admin_client.post(url, _campaign_data([title], name="Bình xét cuối năm"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.kind, list(campaign.award_kinds.all())) == ("yearly_review", [title])


def test_an_authority_offers_only_what_its_level_confers(admin_client):
    factories.AuthorityFactory(level="commune")
    excellent = factories.AwardKindFactory(
        name="Tập thể lao động xuất sắc",
        form="title",
        for_individual=False,
        for_household=False,
        yearly_staff_title=True,
        by_district=False,
        by_commune=False,
    )
    response = admin_client.post(
        reverse("admin:campaigns_campaign_add"), _campaign_data([excellent])
    )
    assert _errors(response) == {
        "award_kinds": [
            "Chủ tịch Ủy ban nhân dân cấp xã không có thẩm quyền tặng “Tập thể lao động xuất "
            "sắc” (Luật Thi đua, khen thưởng 2022, Điều 80)."
        ]
    }


def test_the_model_validation_reads_the_saved_offer(db):
    campaign = factories.CampaignFactory(award_kinds=[factories.AwardKindFactory(), staff_title()])
    with pytest.raises(ValidationError) as err:
        campaign.full_clean()
    assert err.value.message_dict == {"award_kinds": [STAFF_TITLE_IN_MOVEMENT]}


def test_factories_are_valid_by_default(db):
    factories.CampaignFactory().full_clean()
    assert offers.campaign_refusals(factories.CampaignFactory(), [staff_title()], "district") == {
        "award_kinds": [STAFF_TITLE_IN_MOVEMENT]
    }


def test_the_demo_seed_keeps_the_rule(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    broken = {
        c.name: refusals
        for c in Campaign.objects.prefetch_related("award_kinds")
        if (refusals := offers.campaign_refusals(c, list(c.award_kinds.all())))
    }
    assert broken == {}
    review = Campaign.objects.get(kind="yearly_review")
    assert (review.name, sorted(k.name for k in review.award_kinds.all())) == (
        "Bình xét danh hiệu thi đua năm 2026",
        ["Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Tập thể lao động tiên tiến"],
    )
    offering_chien_si = Campaign.objects.filter(award_kinds__name="Chiến sĩ thi đua cơ sở")
    assert list(offering_chien_si.values_list("name", flat=True)) == [review.name]


# --- dossiers -------------------------------------------------------------------------------


def test_the_dossier_form_refuses_a_kind_the_campaign_may_not_offer(client, officer):
    """A movement saved before the rule still lists a staff title: a proposal of it is
    refused by the dossier form, with the Law's reason."""
    title = staff_title()
    campaign = factories.CampaignFactory(award_kinds=[title])
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(campaign, award_kind=title.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["award_kind"] == [STAFF_TITLE_IN_MOVEMENT]
    assert Nomination.objects.count() == 0


def test_the_workflow_refuses_it_on_submission(officer):
    title = staff_title()
    campaign = factories.CampaignFactory(award_kinds=[title])
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, award_kind=title)
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert (err.value.message, err.value.fields) == (STAFF_TITLE_IN_MOVEMENT, ["award_kind"])


def test_a_unit_proposes_a_staff_title_once_a_year_for_one_person(officer, other_officer):
    title = staff_title()
    dates = dict(
        opens_on=dt.date.today() - dt.timedelta(days=10),
        deadline=dt.date.today() + dt.timedelta(days=10),
        closes_on=dt.date.today() + dt.timedelta(days=20),
    )
    review = factories.CampaignFactory(kind="yearly_review", award_kinds=[title], **dates)
    # A second review of the same year saved before the rule (legacy data).
    legacy = factories.CampaignFactory(kind="yearly_review", award_kinds=[title], **dates)
    first = factories.NominationFactory(
        ward=officer.ward,
        campaign=review,
        award_kind=title,
        nominee__ward=officer.ward,
        nominee__full_name="Trần Thị Hoa",
    )
    workflow.submit(first, officer)
    again = factories.NominationFactory(
        ward=officer.ward,
        campaign=legacy,
        award_kind=title,
        nominee__ward=officer.ward,
        nominee__full_name="Trần Thị Hoa",
    )
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(again, officer)
    assert err.value.message == (
        f"Cát Linh đã đề nghị “Lao động tiên tiến” cho Trần Thị Hoa trong năm {review.year}: mỗi "
        "năm đơn vị chỉ đề nghị danh hiệu này một lần cho một người (Luật Thi đua, khen thưởng "
        "2022, Điều 83 khoản 1)."
    )
    # Another person of the unit, or the same name in another unit, may be proposed.
    other_person = factories.NominationFactory(
        ward=officer.ward, campaign=legacy, award_kind=title, nominee__ward=officer.ward
    )
    assert workflow.submit(other_person, officer).state == "submitted"
    elsewhere = factories.NominationFactory(
        ward=other_officer.ward,
        campaign=legacy,
        award_kind=title,
        nominee__ward=other_officer.ward,
        nominee__full_name="Trần Thị Hoa",
    )
    assert workflow.submit(elsewhere, other_officer).state == "submitted"
