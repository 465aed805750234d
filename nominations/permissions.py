"""The one place that answers "may this user do this to that object?".

Views, templates (through the ``may`` filter), admin actions and tests all ask here. Ward
scoping: a ward officer's querysets only ever contain his own ward's rows; objects of another
ward are answered with 404 by the views, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard

from django.db.models import QuerySet

from nominations.models import Decision, DecisionState, Meeting, Nomination, NominationState
from nominations.models.nomination import QUEUE_STATES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from emulation.models import User
    from nominations.models import Meeting, Suggestion

S = NominationState
EDITABLE_STATES = {S.DRAFT, S.RETURNED}
WITHDRAWABLE_STATES = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.IN_REVIEW}


def _authenticated(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def _signs_for_authority(user: User) -> bool:
    """The chairman, or a deputy signing on his behalf ("KT. Chủ tịch"): what the chairman may
    do, a deputy may do (the one place that says so)."""
    return user.is_chairman or user.is_deputy


def nominations_for(user: User) -> QuerySet[Nomination]:
    """Every nomination this user may see (ward scoping lives here and only here)."""
    qs = Nomination.objects.all()
    if not _authenticated(user):
        return qs.none()
    if user.is_ward_officer:
        assert user.ward_id is not None  # is_ward_officer says so
        return qs.filter(ward_id=user.ward_id)
    if user.is_council or user.is_superuser:
        # The council never works on a ward's unsent drafts.
        return qs.exclude(state=S.DRAFT)
    return qs.none()


def can_see_dossiers(user: User) -> bool:
    """Dossier pages at all: ward officers (their ward's) and the council (sent ones); which
    dossiers is ``nominations_for``, what may be done to one is asked object by object."""
    return _authenticated(user) and (user.is_ward_officer or user.is_council or user.is_superuser)


def can_view_nomination(user: User, nomination: Nomination) -> bool:
    if not _authenticated(user):
        return False
    if user.is_ward_officer:
        return nomination.ward_id == user.ward_id
    if user.is_council or user.is_superuser:
        return nomination.state != S.DRAFT
    return False


def _owner(user: User, nomination: Nomination) -> bool:
    return _authenticated(user) and user.is_ward_officer and nomination.ward_id == user.ward_id


def can_create_nomination(user: User) -> bool:
    return _authenticated(user) and user.is_ward_officer


def can_edit_nomination(user: User, nomination: Nomination) -> bool:
    return _owner(user, nomination) and nomination.state in EDITABLE_STATES


def can_delete_nomination(user: User, nomination: Nomination) -> bool:
    return _owner(user, nomination) and nomination.state == S.DRAFT


def can_submit_nomination(user: User, nomination: Nomination) -> bool:
    return _owner(user, nomination) and nomination.state in EDITABLE_STATES


def can_withdraw_nomination(user: User, nomination: Nomination) -> bool:
    return _owner(user, nomination) and nomination.state in WITHDRAWABLE_STATES


def can_view_evidence(user: User, nomination: Nomination) -> bool:
    return can_view_nomination(user, nomination)


def can_manage_evidence(user: User, nomination: Nomination) -> bool:
    """Add or remove evidence files: the owning ward, while the dossier is editable."""
    return can_edit_nomination(user, nomination)


def can_manage_publication(user: User, nomination: Nomination) -> bool:
    """Record or withdraw the person's consent, confirm the checker's hits, approve the public
    story: the owning ward's officer at any state (a withdrawal must always be possible), the
    council secretary once the dossier is sent."""
    if not _authenticated(user):
        return False
    if user.is_secretary:
        return nomination.state != S.DRAFT
    return _owner(user, nomination)


def can_confer_award(user: User, nomination: Nomination | None = None) -> bool:
    """Mark a dossier awarded or revoked: done by a signed decision only, when the secretary
    publishes it (or the signer, in the one-call walk of the tests and seed)."""
    return _authenticated(user) and (_signs_for_authority(user) or user.is_secretary)


def can_print_cover_letter(user: User) -> bool:
    """The ward's cover letter (tờ trình) lists only the officer's own ward."""
    return _authenticated(user) and user.is_ward_officer


def can_review(user: User, nomination: Nomination | None = None) -> bool:
    """Accept, return, recommend (simplified), schedule, bulk accept: the secretary only."""
    return _authenticated(user) and user.is_secretary


def can_set_certificate_line(user: User, nomination: Nomination | None = None) -> bool:
    """Review the achievement line the certificate will print: the secretary, while the dossier
    is before the council (submitted, in review, recommended); once awarded the line is frozen
    on the award and changing the dossier would change nothing printed."""
    if not (_authenticated(user) and user.is_secretary):
        return False
    return nomination is None or nomination.state in QUEUE_STATES


def can_write_review_note(user: User, nomination: Nomination | None = None) -> bool:
    return _authenticated(user) and user.is_council


def can_see_review_notes(user: User, nomination: Nomination | None = None) -> bool:
    return _authenticated(user) and user.is_council


def can_vote(user: User, nomination: Nomination | None = None) -> bool:
    return _authenticated(user) and user.is_council_member


def can_draft_decision(user: User) -> bool:
    return _authenticated(user) and user.is_secretary


def can_edit_decision(user: User, decision: Decision) -> bool:
    """Edit or delete: the secretary, while a draft (not submitted for signature)."""
    return _authenticated(user) and user.is_secretary and decision.state == DecisionState.DRAFT


def can_submit_decision(user: User, decision: Decision) -> bool:
    """Trình ký: the secretary, on a draft."""
    return can_edit_decision(user, decision)


def can_sign_decision(user: User, decision: Decision) -> bool:
    """Sign, or send back to draft: the chairman or a deputy, on a submitted decision."""
    return (
        _authenticated(user)
        and _signs_for_authority(user)
        and decision.state == DecisionState.SUBMITTED
    )


# The signing page's old name: the templates and tests ask "issue_decision".
can_issue_decision = can_sign_decision


def can_register_decision(user: User, decision: Decision) -> bool:
    """Vào sổ (number and date), and the paper decision's scan: the secretary acting as văn
    thư, on a signed decision (the scan: registered, signed on paper)."""
    if not (_authenticated(user) and user.is_secretary):
        return False
    if decision.state == DecisionState.SIGNED:
        return True
    return decision.state == DecisionState.REGISTERED and decision.signed_on_paper


def can_publish_decision(user: User, decision: Decision) -> bool:
    """Phát hành: the secretary, on a registered decision."""
    return _authenticated(user) and user.is_secretary and decision.state == DecisionState.REGISTERED


def can_read_notices(user: User) -> bool:
    """Every active staff account reads its own notices (and only its own: the queries of
    ``nominations.notices`` filter on the recipient)."""
    return _authenticated(user)


def can_view_council(user: User) -> bool:
    return _authenticated(user) and user.is_council


def can_manage_meetings(user: User, meeting: Meeting | None = None) -> bool:
    """Create meetings, set their agenda, record written opinions, close them."""
    return _authenticated(user) and user.is_secretary


def can_vote_in(user: User, meeting: Meeting) -> bool:
    """A council member present at an open meeting that is in session (not upcoming)."""
    return (
        can_vote(user)
        and meeting.state == Meeting.State.OPEN
        and not meeting.is_upcoming()
        and meeting.members_present.filter(pk=user.pk).exists()
    )


def can_see_award_documents(user: User) -> bool:
    """Decision and certificate PDFs at all: the council and ward officers (which ones:
    ``can_view_award_documents``)."""
    return _authenticated(user) and (user.is_council or user.is_ward_officer or user.is_superuser)


def can_view_award_documents(user: User, decision: Decision) -> bool:
    """The decision and certificate PDFs: the council, or a ward officer once issued."""
    if not _authenticated(user):
        return False
    if user.is_council or user.is_superuser:
        return True
    return user.is_ward_officer and decision.is_issued


def can_view_statistics(user: User) -> bool:
    return _authenticated(user) and (user.is_council or user.is_ward_officer)


def can_export_decision_awards(user: User) -> bool:
    """Council: every award of a decision; ward officer: his ward's awards of issued ones."""
    return _authenticated(user) and (user.is_council or user.is_ward_officer)


def can_import_nominations(user: User) -> bool:
    """Bulk import from Excel creates drafts of the officer's own ward."""
    return can_create_nomination(user)


# --- residents' suggestions and the public site ---------------------------------


def suggestions_for(user: User) -> QuerySet[Suggestion]:
    """Suggestions this user may handle: a ward officer's own ward only."""
    from nominations.models import Suggestion

    if not _authenticated(user) or not user.is_ward_officer:
        return Suggestion.objects.none()
    assert user.ward_id is not None  # is_ward_officer says so
    return Suggestion.objects.filter(ward_id=user.ward_id)


def can_handle_suggestion(user: User, suggestion: Suggestion | None = None) -> bool:
    """Read, convert into a draft, or dismiss: the officer of the suggestion's ward."""
    if not _authenticated(user) or not user.is_ward_officer:
        return False
    return suggestion is None or suggestion.ward_id == user.ward_id


def can_feature_exemplar(user: User | AnonymousUser, nomination: Nomination | None = None) -> bool:
    """Choose the exemplars featured on the home page: the council secretary."""
    if not (_authenticated(user) and user.is_secretary):
        return False
    return nomination is None or nomination.is_public


# Each rule takes (user, object); the objects' types differ, hence Callable[..., bool].
RULES: dict[str, Callable[..., bool]] = {
    "view": can_view_nomination,
    "edit": can_edit_nomination,
    "delete": can_delete_nomination,
    "submit": can_submit_nomination,
    "withdraw": can_withdraw_nomination,
    "evidence": can_view_evidence,
    "evidence_edit": can_manage_evidence,
    "review": can_review,
    "note": can_write_review_note,
    "see_notes": can_see_review_notes,
    "vote": can_vote,
    "edit_decision": can_edit_decision,
    "issue_decision": can_issue_decision,
    "submit_decision": can_submit_decision,
    "sign_decision": can_sign_decision,
    "register_decision": can_register_decision,
    "publish_decision": can_publish_decision,
    "manage_meetings": can_manage_meetings,
    "vote_in": can_vote_in,
    "feature": can_feature_exemplar,
    "publication": can_manage_publication,
}


def may(user: User | AnonymousUser, action: str, obj: object = None) -> bool:
    """Generic entry point used by the ``may`` template filter (any visitor: each rule refuses
    one who is not signed in)."""
    rule = RULES[action]
    return rule(user, obj)
