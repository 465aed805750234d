"""nominations.workflow: every allowed move, and every refused one (wrong state, wrong role).

The table below is the whole workflow. For each function, each role and each of the nine
states, a move either happens (new state, version + 1, one Transition with actor, from, to and
comment) or is refused with WorkflowError and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from nominations import workflow
from nominations.models import Nomination, NominationState, Transition
from tests import factories

pytestmark = pytest.mark.django_db

S = NominationState
ALL_STATES = [s.value for s in S]
ROLES = ["officer", "other_officer", "secretary", "member", "chairman", "anonymous"]
TODAY = dt.date(2026, 11, 26)

# function name → (call, {(role, from state): to state}, action recorded)
MOVES = {
    "submit": (
        lambda n, u: workflow.submit(n, u, "ghi chú"),
        {("officer", S.DRAFT): S.SUBMITTED, ("officer", S.RETURNED): S.SUBMITTED},
    ),
    "withdraw": (
        lambda n, u: workflow.withdraw(n, u, "ghi chú"),
        {("officer", s): S.WITHDRAWN for s in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.IN_REVIEW)},
    ),
    "accept": (
        lambda n, u: workflow.accept(n, u, "ghi chú"),
        {("secretary", S.SUBMITTED): S.IN_REVIEW},
    ),
    "return_to_ward": (
        lambda n, u: workflow.return_to_ward(n, u, "ghi chú"),
        {("secretary", S.SUBMITTED): S.RETURNED, ("secretary", S.IN_REVIEW): S.RETURNED},
    ),
    "recommend_simplified": (
        lambda n, u: workflow.recommend_simplified(n, u, "ghi chú"),
        {("secretary", S.SUBMITTED): S.RECOMMENDED, ("secretary", S.IN_REVIEW): S.RECOMMENDED},
    ),
    "vote_passed": (
        lambda n, u: workflow.record_vote_result(n, u, True, "ghi chú"),
        {("secretary", S.IN_REVIEW): S.RECOMMENDED},
    ),
    "vote_failed": (
        lambda n, u: workflow.record_vote_result(n, u, False, "ghi chú"),
        {("secretary", S.IN_REVIEW): S.NOT_RECOMMENDED},
    ),
    "mark_awarded": (
        lambda n, u: workflow.mark_awarded(_locked(n), u, TODAY, "ghi chú"),
        # The secretary publishes the signed decision, which marks its dossiers awarded
        # (permissions.can_confer_award).
        {("chairman", S.RECOMMENDED): S.AWARDED, ("secretary", S.RECOMMENDED): S.AWARDED},
    ),
    "mark_revoked": (
        lambda n, u: workflow.mark_revoked(_locked(n), u, "ghi chú"),
        {("chairman", S.AWARDED): S.REVOKED, ("secretary", S.AWARDED): S.REVOKED},
    ),
}
ACTIONS = {
    "submit": "submit",
    "withdraw": "withdraw",
    "accept": "accept",
    "return_to_ward": "return",
    "recommend_simplified": "recommend",
    "vote_passed": "vote_passed",
    "vote_failed": "vote_failed",
    "mark_awarded": "award",
    "mark_revoked": "revoke",
}


def _locked(nom: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "award_kind", "nominee", "ward")
        .get(pk=nom.pk)
    )


@pytest.fixture
def people(officer, other_officer, secretary, member, chairman):
    return {
        "officer": officer,
        "other_officer": other_officer,
        "secretary": secretary,
        "member": member,
        "chairman": chairman,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def campaign(db):
    return factories.CampaignFactory()


CASES = list(itertools.product(MOVES, ROLES, ALL_STATES))


@pytest.mark.parametrize(
    ("move", "role", "state"), CASES, ids=[f"{m}-{r}-{s}" for m, r, s in CASES]
)
def test_move_table(move, role, state, people, officer, campaign):
    call, allowed = MOVES[move]
    procedure = "simplified" if move == "recommend_simplified" else "regular"
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, state=state, procedure=procedure
    )
    actor = people[role]
    expected = allowed.get((role, state))
    if expected is None:
        with pytest.raises(workflow.WorkflowError) as err:
            call(nom, actor)
        assert str(err.value)  # a Vietnamese message for the user
        again = Nomination.objects.get(pk=nom.pk)
        assert (again.state, again.version) == (state, 1)
        assert not Transition.objects.exists()
        return
    call(nom, actor)
    again = Nomination.objects.get(pk=nom.pk)
    assert (again.state, again.version) == (expected, 2)
    t = Transition.objects.get()
    action = ACTIONS[move]
    if move == "submit" and state == S.RETURNED:
        action = "resubmit"
    assert (t.nomination_id, t.actor_id, t.action, t.from_state, t.to_state, t.comment) == (
        nom.pk,
        actor.pk,
        action,
        state,
        expected,
        "ghi chú",
    )
    assert t.at is not None


def test_allowed_table_matches_design():
    """Guard the table itself: the moves of DESIGN.md, no more."""
    pairs = {(m, s, to) for m, (_c, allowed) in MOVES.items() for (_r, s), to in allowed.items()}
    assert len(pairs) == 15


def test_submit_records_submitted_at(officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    workflow.submit(nom, officer)
    assert Nomination.objects.get(pk=nom.pk).submitted_at is not None


def test_submit_incomplete_lists_missing_fields(officer, campaign):
    nominee = factories.NomineeFactory(ward=officer.ward, gender="", birth_year=None, position="")
    nom = factories.NominationFactory(
        ward=officer.ward,
        campaign=campaign,
        nominee=nominee,
        award_kind=None,
        field="",
        public_summary="",
        achievement_report="",
    )
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert err.value.message == (
        "Hồ sơ còn thiếu: giới tính, năm sinh, chức vụ, nghề nghiệp, hình thức đề nghị, "
        "lĩnh vực, tóm tắt thành tích, báo cáo thành tích."
    )
    assert Nomination.objects.get(pk=nom.pk).state == S.DRAFT


def test_missing_fields_by_kind(officer, campaign):
    collective = factories.NomineeFactory(
        ward=officer.ward, kind="collective", member_count=None, head_name=""
    )
    household = factories.NomineeFactory(
        ward=officer.ward, kind="household", head_name="", address=""
    )
    a = factories.NominationFactory(ward=officer.ward, campaign=campaign, nominee=collective)
    b = factories.NominationFactory(ward=officer.ward, campaign=campaign, nominee=household)
    assert workflow.missing_fields(a) == ["số thành viên", "người đứng đầu"]
    assert workflow.missing_fields(b) == ["chủ hộ", "địa chỉ"]
    simplified = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, procedure="simplified", achievement_report=""
    )
    assert workflow.missing_fields(simplified) == []


def test_initiative_required_for_chien_si(officer):
    kind = factories.AwardKindFactory(
        name="Chiến sĩ thi đua cơ sở",
        requires_initiative=True,
        for_collective=False,
        for_household=False,
    )
    campaign = factories.CampaignFactory(award_kinds=[kind])
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, initiative="")
    assert workflow.missing_fields(nom) == ["sáng kiến được công nhận"]


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_submit_to_campaign_not_open_refused(officer, status):
    campaign = factories.CampaignFactory(status=status)
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    with pytest.raises(workflow.WorkflowError, match="không còn nhận hồ sơ"):
        workflow.submit(nom, officer)


def test_submit_after_deadline_refused(officer):
    today = timezone.localdate()
    campaign = factories.CampaignFactory(
        opens_on=today - dt.timedelta(days=60), deadline=today - dt.timedelta(days=1)
    )
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert err.value.message == (
        f"Phong trào “{campaign.name}” không còn nhận hồ sơ (hạn nộp {campaign.deadline:%d/%m/%Y})."
    )


def test_award_kind_not_offered_refused(officer, campaign):
    other = factories.AwardKindFactory(name="Lao động tiên tiến")
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, award_kind=other)
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert (err.value.message, err.value.fields) == (
        "Phong trào này không xét “Lao động tiên tiến”.",
        ["award_kind"],
    )


def test_award_kind_not_fitting_nominee_kind_refused(officer):
    kind = factories.AwardKindFactory(
        name="Tổ dân phố văn hóa", for_individual=False, for_household=False
    )
    campaign = factories.CampaignFactory(award_kinds=[kind])
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, award_kind=kind)
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert err.value.message == "“Tổ dân phố văn hóa” không dành cho đối tượng “Cá nhân”."


def test_simplified_procedure_not_allowed_refused(officer):
    kind = factories.AwardKindFactory(name="Lao động tiên tiến", allows_simplified=False)
    campaign = factories.CampaignFactory(award_kinds=[kind])
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, procedure="simplified")
    with pytest.raises(workflow.WorkflowError, match="không được xét theo thủ tục đơn giản"):
        workflow.submit(nom, officer)


def test_simplified_procedure_refused_for_an_achievement_over_several_years(officer):
    kind = factories.AwardKindFactory(allows_simplified=True)
    campaign = factories.CampaignFactory(award_kinds=[kind])
    nom = factories.NominationFactory(
        ward=officer.ward,
        campaign=campaign,
        award_kind=kind,
        procedure="simplified",
        period_start=dt.date(2025, 12, 20),
        period_end=dt.date(2026, 1, 5),
    )
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(nom, officer)
    assert err.value.message == (
        "Thủ tục đơn giản chỉ dành cho thành tích đột xuất: thành tích kéo dài qua nhiều năm "
        "được xét theo thủ tục thông thường."
    )
    nom.refresh_from_db()
    assert nom.state == "draft"
    nom.period_start = dt.date(2026, 1, 2)  # within one year: a sudden deed may go
    nom.save()
    assert workflow.submit(nom, officer).state == "submitted"


def test_second_nomination_same_campaign_refused(officer, campaign):
    first = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    # The partial unique index refuses a second active dossier outright…
    with pytest.raises(IntegrityError):
        factories.NominationFactory(ward=officer.ward, campaign=campaign, nominee=first.nominee)


def test_second_nomination_after_withdrawal_allowed_then_duplicate_check(officer, campaign):
    first = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="withdrawn")
    second = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee=first.nominee
    )
    workflow.submit(second, officer)
    assert Nomination.objects.get(pk=second.pk).state == S.SUBMITTED
    # …and check_eligibility names the duplicate when a row slips past (e.g. reactivation).
    Nomination.objects.filter(pk=first.pk).update(state=S.WITHDRAWN)
    third = Nomination(
        ward=officer.ward, campaign=campaign, nominee=first.nominee, award_kind=second.award_kind
    )
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.check_eligibility(third)
    assert err.value.fields == ["nominee"]


def test_return_requires_reason(secretary, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.return_to_ward(nom, secretary, "   ")
    assert err.value.fields == ["reason"]
    assert Nomination.objects.get(pk=nom.pk).state == S.SUBMITTED


def test_return_stores_reason(secretary, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="in_review")
    workflow.return_to_ward(nom, secretary, "Thiếu ảnh")
    assert Nomination.objects.get(pk=nom.pk).return_reason == "Thiếu ảnh"


def test_recommend_simplified_refuses_regular(secretary, officer, campaign):
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, state="submitted", procedure="regular"
    )
    with pytest.raises(workflow.WorkflowError, match="phải qua biểu quyết"):
        workflow.recommend_simplified(nom, secretary)
    assert Nomination.objects.get(pk=nom.pk).state == S.SUBMITTED


def test_inactive_officer_refused(officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    officer.is_active = False
    officer.save()
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(nom, officer)


def test_full_life_of_a_dossier(officer, secretary, chairman, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    workflow.submit(nom, officer)
    workflow.return_to_ward(nom, secretary, "Bổ sung xác nhận")
    workflow.submit(nom, officer)
    workflow.accept(nom, secretary)
    workflow.record_vote_result(nom, secretary, True)
    workflow.mark_awarded(_locked(nom), chairman, TODAY)
    workflow.mark_revoked(_locked(nom), chairman, "Thu hồi")
    nom.refresh_from_db()
    assert (nom.state, nom.version, nom.awarded_on) == (S.REVOKED, 8, TODAY)
    assert list(nom.transitions.values_list("action", "from_state", "to_state")) == [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("resubmit", "returned", "submitted"),
        ("accept", "submitted", "in_review"),
        ("vote_passed", "in_review", "recommended"),
        ("award", "recommended", "awarded"),
        ("revoke", "awarded", "revoked"),
    ]
