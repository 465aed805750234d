"""Notice fixtures: a site address, dossiers, and the e-mails sent once committed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://thidua.example.vn"


@pytest.fixture
def campaign(db, ward):
    return factories.CampaignFactory(name="Người tốt, việc tốt")


@pytest.fixture
def make_nomination(campaign, ward):
    def _make(state="submitted", *, name=None, days_ago=1, **extra):
        kwargs = {"ward": ward, "campaign": campaign, "state": state, **extra}
        if name:
            kwargs["nominee__full_name"] = name
        if state != "draft":
            kwargs["submitted_at"] = timezone.now() - dt.timedelta(days=days_ago)
        return factories.NominationFactory(**kwargs)

    return _make
