"""Council fixtures: dossiers in every state the council handles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.cache import cache
from django.utils import timezone

from tests import factories
from tests.signing_ca import CA, make_ca


@pytest.fixture
def campaign(db, ward):
    return factories.CampaignFactory(name="Người tốt, việc tốt")


@pytest.fixture
def make_nomination(campaign, ward):
    """A dossier of the given state, submitted ``days_ago`` calendar days ago."""

    def _make(
        state="submitted",
        *,
        name=None,
        days_ago=1,
        procedure="regular",
        award_kind=None,
        camp=None,
        in_ward=None,
        **extra,
    ):
        kwargs = {
            "ward": in_ward or ward,
            "campaign": camp or campaign,
            "state": state,
            "procedure": procedure,
            **extra,
        }
        if award_kind is not None:
            kwargs["award_kind"] = award_kind
        if name:
            kwargs["nominee__full_name"] = name
        if state != "draft":
            kwargs["submitted_at"] = timezone.now() - dt.timedelta(days=days_ago)
        return factories.NominationFactory(**kwargs)

    return _make


@pytest.fixture
def title_kind(db):
    """A title voted by secret ballot: more than half of all members."""
    return factories.AwardKindFactory(
        name="Lao động tiên tiến",
        form="title",
        artefact="bang_chung_nhan",  # a data field since the law merge (default Giấy khen)
        for_collective=False,
        for_household=False,
        coefficient_individual=Decimal("0.3"),
        secret_ballot=True,
        allows_simplified=False,
    )


@pytest.fixture
def open_kind(db):
    """Giấy khen: open ballot (names shown in the minutes)."""
    return factories.AwardKindFactory()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are created by the dozen here; the real hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --------------------------------------------------------------------------- digital signatures


@pytest.fixture(scope="module")
def ca() -> CA:
    """A throw-away certification authority (tests/signing_ca.py)."""
    return make_ca()


@pytest.fixture(scope="module")
def chairman_p12(ca: CA) -> bytes:
    return ca.p12()


@pytest.fixture
def trusted(ca, settings, tmp_path):
    """The test CA is the one trust root; the validation cache starts empty."""
    root = tmp_path / "ca.pem"
    root.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    settings.SIGNING_TSA_URL = ""
    cache.clear()
    return root


def close_data(meeting) -> dict:
    """The confirmed close of a meeting with the times the secretary enters: it began at
    the time it was called for, and ended this minute."""
    start = timezone.localtime(meeting.held_at).replace(second=0, microsecond=0)
    end = timezone.localtime().replace(second=0, microsecond=0)
    if end <= start:  # called for this very minute: it began a minute earlier
        start = end - dt.timedelta(minutes=1)
    return {
        "confirm": "yes",
        "started_at": f"{start:%Y-%m-%dT%H:%M}",
        "ended_at": f"{end:%Y-%m-%dT%H:%M}",
    }
