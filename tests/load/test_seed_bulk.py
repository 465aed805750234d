"""seed_bulk at a small size: exact counts, every state, numbered decisions, money, photos."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count

from campaigns.models import Campaign
from emulation.models import RegisterCounter, Ward
from emulation.text import fold
from nominations.management.commands.seed_bulk import state_plan
from nominations.models import (
    Award,
    Decision,
    Nomination,
    NominationState,
    Nominee,
    Transition,
)
from nominations.models.nomination import nominee_sort_key
from nominations.models.storage import private_storage

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def seeded(settings):
    out = io.StringIO()
    call_command("seed_bulk", nominations=600, wards=7, years=3, awarded=180, batch=250, stdout=out)
    return out.getvalue()


def test_counts_and_states(seeded):
    plan = state_plan(600, 180, 3)
    assert plan == {
        S.DRAFT: 30,
        S.SUBMITTED: 30,
        S.RETURNED: 10,
        S.IN_REVIEW: 30,
        S.RECOMMENDED: 20,
        S.NOT_RECOMMENDED: 179,
        S.WITHDRAWN: 120,
        S.AWARDED: 180,
        S.REVOKED: 1,
    }
    assert Nomination.objects.count() == 600
    assert Nominee.objects.count() == 600
    assert dict(Counter(Nomination.objects.values_list("state", flat=True))) == {
        state: n for state, n in plan.items() if n
    }
    assert set(plan) == set(S.values)
    assert Ward.objects.count() == 7
    assert Campaign.objects.count() == 3 * 4
    assert Award.objects.count() == 181
    assert Award.objects.exclude(revoked_by=None).count() == 1
    current = Nomination.objects.filter(
        campaign__opens_on__year=max(Campaign.objects.values_list("opens_on__year", flat=True))
    )
    assert (
        current.filter(
            state__in=[S.DRAFT, S.SUBMITTED, S.RETURNED, S.IN_REVIEW, S.RECOMMENDED]
        ).count()
        == 120
    )


def test_issued_decisions_carry_their_frozen_copy(seeded):
    assert not Decision.objects.filter(authority_name="").exists()
    assert not Award.objects.filter(awardee_name="").exists()
    assert not Award.objects.filter(list_number__isnull=True).exists()
    award = Award.objects.select_related("nomination__nominee", "nomination__ward").first()
    assert (award.awardee_name, award.unit_name) == (
        award.nomination.nominee.full_name,
        award.nomination.ward.name,
    )


def test_progress_is_printed(seeded):
    lines = seeded.strip().splitlines()
    assert "Hồ sơ 250/600 (41%)" in lines[1]
    assert "Hồ sơ 600/600 (100%)" in lines[3]
    assert "awarded=180" in lines[-1]


def test_decisions_are_numbered_per_year_without_gaps(seeded):
    for counter in RegisterCounter.objects.all():
        numbers = sorted(
            Decision.objects.filter(year=counter.year).values_list("number", flat=True)
        )
        assert numbers == list(range(1, counter.last_number + 1))
    awarded = Nomination.objects.filter(state=S.AWARDED).select_related()
    for nom in awarded[:50]:
        award = nom.awards.get()
        assert award.decision.decided_on == nom.awarded_on
        assert award.decision.state == "issued"


def test_money_is_coefficient_times_base_salary_rounded_up(seeded):
    for award in Award.objects.select_related("nomination__award_kind", "nomination__nominee"):
        kind, nominee = award.nomination.award_kind, award.nomination.nominee
        assert award.coefficient == kind.coefficient_for(nominee.kind)
        assert award.amount % 10_000 == 0
        assert award.coefficient * award.base_salary <= award.amount
        assert award.amount - award.coefficient * award.base_salary < 10_000
    assert (
        len(set(Award.objects.values_list("verification_code", flat=True))) == Award.objects.count()
    )


def test_derived_columns_and_history(seeded):
    for nom in Nomination.objects.select_related("nominee", "ward")[:100]:
        nominee = nom.nominee
        assert nominee.name_folded == fold(nominee.full_name)
        assert nominee.sort_key == nominee_sort_key(nominee.full_name, nominee.kind)
        assert fold(nominee.full_name) in nom.search_text
        assert fold(nom.ward.name) in nom.search_text
        last = nom.transitions.last()
        if nom.state == S.DRAFT:
            assert last is None
        else:
            assert last.to_state == nom.state
    per_state = dict(Transition.objects.values_list("to_state").annotate(n=Count("pk")))
    assert per_state[S.AWARDED] == 180 + 1


def test_awarded_exemplars_have_shared_photos_on_disk(seeded):
    photos = set(Nomination.objects.filter(state=S.AWARDED).values_list("photo_thumb", flat=True))
    assert "" not in photos
    assert 1 < len(photos) <= 36
    for name in photos:  # the dossier's photo lives in private storage (privacy merge)
        assert private_storage.exists(name)
    public = set(
        Nomination.objects.filter(state=S.AWARDED, consent_photo=True).values_list(
            "public_thumb", flat=True
        )
    )
    assert "" not in public
    for name in public:  # the public copies exist while the photo is public
        assert default_storage.exists(name)
    assert not Nomination.objects.filter(consent_photo=False).exclude(public_thumb="").exists()
    assert Nomination.objects.filter(state=S.DRAFT).exclude(photo="").count() == 0


def test_running_twice_adds_without_clashing(seeded):
    call_command("seed_bulk", nominations=100, wards=7, years=3, awarded=30, stdout=io.StringIO())
    assert Nomination.objects.count() == 700
    assert Campaign.objects.count() == 12
    assert Ward.objects.count() == 7
