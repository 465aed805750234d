"""NominationQuerySet.public and AwardQuerySet.issued / valid: one definition each."""

from __future__ import annotations

import pytest
from django.db.models import Q

from nominations.models import Award, DecisionState, Nomination, NominationState
from nominations.models.decision import DecisionKind
from nominations.models.nomination import PUBLIC
from nominations.public.services import public_exemplars
from nominations.reports.statistics import valid_awards
from tests import factories

pytestmark = pytest.mark.django_db
S = NominationState


# --- public nominations ---------------------------------------------------------------------


@pytest.fixture
def dossiers(ward):
    """One consenting dossier per state, and an awarded one without consent."""
    rows = {
        state: factories.NominationFactory(ward=ward, state=state, consent_public=True)
        for state in S.values
    }
    rows["no_consent"] = factories.NominationFactory(
        ward=ward, state=S.AWARDED, consent_public=False
    )
    return rows


def test_public_is_awarded_and_consenting_only(dossiers):
    assert set(Nomination.objects.public()) == {dossiers[S.AWARDED]}


@pytest.mark.parametrize("state", [s for s in S.values if s != S.AWARDED])
def test_every_other_state_is_private_even_with_consent(dossiers, state):
    assert dossiers[state].consent_public
    assert not Nomination.objects.public().filter(pk=dossiers[state].pk).exists()


def test_no_consent_is_private(dossiers):
    assert not Nomination.objects.public().filter(pk=dossiers["no_consent"].pk).exists()


def test_a_revoked_award_leaves_the_public_site(dossiers):
    awarded = dossiers[S.AWARDED]
    Nomination.objects.filter(pk=awarded.pk).update(state=S.REVOKED)
    assert list(Nomination.objects.public()) == []


def test_is_public_agrees_with_the_queryset(dossiers):
    public = set(Nomination.objects.public())
    assert {n for n in Nomination.objects.all() if n.is_public} == public


def test_public_pages_start_from_it(dossiers):
    assert set(public_exemplars()) == set(Nomination.objects.public())


def test_chains_with_other_filters(dossiers, other_ward):
    elsewhere = factories.NominationFactory(ward=other_ward, state=S.AWARDED, featured=True)
    assert list(Nomination.objects.public().filter(featured=True)) == [elsewhere]
    assert list(other_ward.nominations.public()) == [elsewhere]


def test_the_home_page_indexes_share_the_definition():
    """The partial indexes of migration 0003 are built on PUBLIC: a public() query matches
    their condition (makemigrations --check keeps the migration in step with the model)."""
    indexes = {i.name: i for i in Nomination._meta.indexes}
    assert indexes["nom_public_figures"].condition == Q(**PUBLIC)
    assert indexes["nom_public_featured"].condition == Q(**PUBLIC, featured=True)
    assert PUBLIC == {"state": "awarded", "consent_public": True}


# --- valid awards ---------------------------------------------------------------------------


@pytest.fixture
def awards(authority):
    issued = factories.DecisionFactory(authority=authority, issued=True)
    draft = factories.DecisionFactory(authority=authority)
    revocation = factories.DecisionFactory(
        authority=authority, issued=True, kind=DecisionKind.REVOCATION, revokes=issued
    )
    draft_revocation = factories.DecisionFactory(
        authority=authority, kind=DecisionKind.REVOCATION, revokes=issued
    )
    rows = {
        "valid": factories.AwardFactory(decision=issued),
        "revoked": factories.AwardFactory(decision=issued, revoked_by=revocation),
        "of_a_draft": factories.AwardFactory(decision=draft),
        # Not made by the application (a revocation names awards, it gives none), but the rule
        # says "award decision": a row under a revocation is no award.
        "under_a_revocation": factories.AwardFactory(decision=revocation),
    }
    # Named by a draft revocation: still valid until that revocation is issued.
    rows["named_by_a_draft_revocation"] = factories.AwardFactory(decision=issued)
    draft_revocation.target_awards.set([rows["named_by_a_draft_revocation"]])
    return rows


def keys(qs, rows) -> set[str]:
    found = set(qs)
    return {key for key, award in rows.items() if award in found}


def test_valid_awards(awards):
    assert keys(Award.objects.valid(), awards) == {"valid", "named_by_a_draft_revocation"}
    assert Award.objects.valid().count() == 2


def test_issued_awards_keep_the_revoked_ones(awards):
    assert keys(Award.objects.issued(), awards) == {
        "valid",
        "revoked",
        "named_by_a_draft_revocation",
    }
    assert Award.objects.issued().count() == 3


@pytest.mark.parametrize("key", ["revoked", "of_a_draft", "under_a_revocation"])
def test_each_exclusion(awards, key):
    assert not Award.objects.valid().filter(pk=awards[key].pk).exists()


def test_decision_states_and_kinds_are_what_the_fixture_says(awards):
    assert awards["valid"].decision.state == DecisionState.ISSUED
    assert awards["of_a_draft"].decision.state == DecisionState.DRAFT
    assert awards["under_a_revocation"].decision.kind == DecisionKind.REVOCATION
    assert awards["revoked"].is_revoked


def test_valid_on_related_managers_and_in_statistics(awards):
    valid = awards["valid"]
    assert list(valid.nomination.awards.valid()) == [valid]
    assert list(awards["revoked"].nomination.awards.valid()) == []
    assert set(valid_awards(Nomination.objects.all())) == set(Award.objects.valid())
    scoped = Nomination.objects.filter(pk=valid.nomination_id)
    assert list(valid_awards(scoped)) == [valid]
