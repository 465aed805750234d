import datetime as dt

import pytest
from django.utils import timezone

from nominations import workflow
from nominations.models import Nomination, Transition
from tests.factories import CampaignFactory, NominationFactory


@pytest.fixture
def late_campaign(db):
    today = timezone.localdate()
    return CampaignFactory(
        opens_on=today - dt.timedelta(days=60),
        deadline=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
    )


def test_returned_dossier_may_come_back_after_the_deadline(officer, late_campaign):
    nom = NominationFactory(ward=officer.ward, campaign=late_campaign, state="returned")
    workflow.submit(nom, officer)
    nom.refresh_from_db()
    assert nom.state == "submitted"
    assert list(Transition.objects.filter(nomination=nom).values_list("action", flat=True)) == [
        "resubmit"
    ]


def test_new_dossier_after_the_deadline_is_refused(officer, late_campaign):
    nom = NominationFactory(ward=officer.ward, campaign=late_campaign, state="draft")
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert "không còn nhận hồ sơ" in err.value.message
    assert Nomination.objects.get(pk=nom.pk).state == "draft"


def test_returned_dossier_refused_once_the_campaign_closed(officer, late_campaign):
    late_campaign.closes_on = timezone.localdate() - dt.timedelta(days=1)
    late_campaign.deadline = late_campaign.closes_on
    late_campaign.save()
    nom = NominationFactory(ward=officer.ward, campaign=late_campaign, state="returned")
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert "đã kết thúc" in err.value.message
    assert Nomination.objects.get(pk=nom.pk).state == "returned"
