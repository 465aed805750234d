"""The nomination workflow: every state change is one function here.

Each function checks who may make the move (nominations.permissions), checks the current
state, records a Transition (actor, time, from, to, comment) and saves, all in one
transaction with the row locked. Anything else is refused with ``WorkflowError`` and a
Vietnamese message, and nothing changes.

    draft ─submit→ submitted ─accept→ in_review ─vote passes→ recommended ─issue→ awarded
      ▲               │                  │ └─vote fails→ not_recommended                │
      └─revise─ returned ◀──return───────┘                           revoke → revoked ◀─┘
    draft / submitted / returned / in_review ─withdraw→ withdrawn
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import offers
from campaigns.models import CampaignStatus, NomineeKind
from nominations import consent, notices, permissions
from nominations.models import EvidenceKind, Nomination, NominationState, Procedure, Transition
from nominations.models.nomination import ACTIVE_STATES, person_key

if TYPE_CHECKING:
    from emulation.models import User

S = NominationState


class WorkflowError(Exception):
    """A refused move. ``str(err)`` is the message shown to the user."""

    def __init__(self, message: str, fields: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or []


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "award_kind", "nominee", "ward")
        .get(pk=nomination.pk)
    )


def _move(
    nom: Nomination, actor: User | None, action: str, to: str, comment: str = "", **fields: Any
) -> Nomination:
    previous = nom.state
    nom.state = to
    for name, value in fields.items():
        setattr(nom, name, value)
    nom.version += 1
    nom.save()
    Transition.objects.create(
        nomination=nom,
        actor=actor,
        action=action,
        from_state=previous,
        to_state=to,
        comment=comment,
    )
    notices.dossier_moved(nom, action, comment)  # in-app now, e-mail once committed
    return nom


def _require_state(nom: Nomination, allowed: Collection[str], action_label: str) -> None:
    if nom.state not in allowed:
        raise WorkflowError(
            _("Không thể %(action)s hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": action_label, "state": nom.get_state_display()}
        )


def missing_fields(nom: Nomination) -> list[str]:
    """Labels of what a dossier still lacks before it can be submitted."""
    missing = []
    nominee = nom.nominee
    if not nominee.full_name.strip():
        missing.append(_("họ và tên"))
    if nominee.kind == NomineeKind.INDIVIDUAL:
        if not nominee.gender:
            missing.append(_("giới tính"))
        if not nominee.birth_year:
            missing.append(_("năm sinh"))
        if not nominee.position.strip():
            missing.append(_("chức vụ, nghề nghiệp"))
    elif nominee.kind == NomineeKind.COLLECTIVE:
        if not nominee.member_count:
            missing.append(_("số thành viên"))
        if not nominee.head_name.strip():
            missing.append(_("người đứng đầu"))
    elif nominee.kind == NomineeKind.HOUSEHOLD:
        if not nominee.head_name.strip():
            missing.append(_("chủ hộ"))
        if not nominee.address.strip():
            missing.append(_("địa chỉ"))
    if not nom.award_kind_id:
        missing.append(_("hình thức đề nghị"))
    if not nom.field:
        missing.append(_("lĩnh vực"))
    if not nom.public_summary.strip():
        missing.append(_("tóm tắt thành tích"))
    if nom.procedure == Procedure.REGULAR and not nom.achievement_report.strip():
        missing.append(_("báo cáo thành tích"))
    if nom.award_kind and nom.award_kind.requires_initiative and not nom.initiative.strip():
        missing.append(_("sáng kiến được công nhận"))
    return missing + missing_unit_review(nom)


def missing_unit_review(nom: Nomination) -> list[str]:
    """What the unit's own review (biên bản họp xét) of a regular-procedure dossier lacks.

    The proposing unit reviews and votes first and keeps minutes; they belong to a regular
    dossier (thủ tục hành chính "Tặng Giấy khen của Chủ tịch UBND cấp xã/huyện", thành phần hồ
    sơ). The date is always needed (the tờ trình cites it); attendance and the vote are typed
    unless the minutes are uploaded (an ``Evidence`` of kind "Biên bản xét").
    """
    if nom.procedure != Procedure.REGULAR:
        return []
    missing = []
    if nom.unit_review_on is None:
        missing.append(_("ngày họp xét tại đơn vị"))
    uploaded = nom.pk is not None and nom.evidence.filter(kind=EvidenceKind.UNIT_REVIEW).exists()
    if not uploaded:
        if not nom.unit_review_attendees:
            missing.append(_("số người dự họp xét (hoặc tệp biên bản xét)"))
        if nom.unit_review_votes_for is None or not nom.unit_review_votes_total:
            missing.append(_("số phiếu đồng ý / tổng số phiếu tại đơn vị (hoặc tệp biên bản xét)"))
    return missing


SIMPLIFIED_SPANS_YEARS = gettext_lazy(
    "Thủ tục đơn giản chỉ dành cho thành tích đột xuất: thành tích kéo dài qua nhiều năm "
    "được xét theo thủ tục thông thường."
)


def spans_years(start: dt.date | None, end: dt.date | None) -> bool:
    """An achievement period that runs over more than one calendar year: not a sudden deed,
    so not for the simplified procedure (Luật Thi đua, khen thưởng 2022, Điều 85; Nghị định
    152/2025/NĐ-CP on the simplified procedure for sudden achievements)."""
    return start is not None and end is not None and start.year != end.year


def repeated_title(nom: Nomination) -> str | None:
    """A unit proposes a yearly staff title for one person once a year (Luật Thi đua, khen
    thưởng 2022, Điều 83 khoản 1): the sentence refusing ``nom`` when its ward already has
    another active dossier of the same title for the same person (``person_key``) in a
    campaign of the same year; None otherwise, and for every other award kind."""
    kind, campaign = nom.award_kind, nom.campaign
    if kind is None or not kind.yearly_staff_title:
        return None
    others = Nomination.objects.filter(
        ward_id=nom.ward_id,
        person_key=person_key(nom.nominee),
        award_kind_id=kind.pk,
        campaign__opens_on__year=campaign.year,
        state__in=ACTIVE_STATES,
    ).exclude(pk=nom.pk)
    if not others.exists():
        return None
    return _(
        "%(u)s đã đề nghị “%(k)s” cho %(n)s trong năm %(y)s: mỗi năm đơn vị chỉ đề nghị danh "
        "hiệu này một lần cho một người (%(law)s)."
    ) % {
        "u": nom.ward.name,
        "k": kind.name,
        "n": nom.nominee.full_name,
        "y": campaign.year,
        "law": offers.ARTICLE_83,
    }


def check_eligibility(nom: Nomination, today: dt.date | None = None) -> None:
    """Campaign open, award kind offered and fitting, procedure allowed, no duplicate."""
    campaign = nom.campaign
    today = today or timezone.localdate()
    if nom.state == S.RETURNED:
        # A dossier filed on time and returned for completion may come back after the
        # deadline, as long as the campaign has not closed (docs/decisions.md).
        if (
            campaign.status == CampaignStatus.OPEN
            and campaign.opens_on <= today <= campaign.closes_on
        ):
            today = min(today, campaign.deadline)
        else:
            raise WorkflowError(
                _("Phong trào “%(c)s” đã kết thúc ngày %(d)s, không nhận lại hồ sơ.")
                % {"c": campaign.name, "d": campaign.closes_on.strftime("%d/%m/%Y")}
            )
    if not campaign.accepts_nominations(today):
        raise WorkflowError(
            _("Phong trào “%(c)s” không còn nhận hồ sơ (hạn nộp %(d)s).")
            % {"c": campaign.name, "d": campaign.deadline.strftime("%d/%m/%Y")}
        )
    kind = nom.award_kind
    if kind is not None:
        if not campaign.award_kinds.filter(pk=kind.pk).exists():
            raise WorkflowError(
                _("Phong trào này không xét “%(k)s”.") % {"k": kind.name}, ["award_kind"]
            )
        if not kind.fits(nom.nominee.kind):
            raise WorkflowError(
                _("“%(k)s” không dành cho đối tượng “%(n)s”.")
                % {"k": kind.name, "n": nom.nominee.get_kind_display()},
                ["award_kind"],
            )
        if nom.procedure == Procedure.SIMPLIFIED and not kind.allows_simplified:
            raise WorkflowError(
                _("“%(k)s” không được xét theo thủ tục đơn giản.") % {"k": kind.name}, ["procedure"]
            )
        refusal = offers.kind_refusal(campaign.kind, kind, offers.current_level())
        if refusal is not None:
            raise WorkflowError(refusal, ["award_kind"])
        repeated = repeated_title(nom)
        if repeated is not None:
            raise WorkflowError(repeated, ["award_kind"])
    if nom.procedure == Procedure.SIMPLIFIED and spans_years(nom.period_start, nom.period_end):
        raise WorkflowError(str(SIMPLIFIED_SPANS_YEARS), ["procedure"])
    duplicate = (
        Nomination.objects.filter(
            nominee_id=nom.nominee_id, campaign_id=campaign.pk, state__in=ACTIVE_STATES
        )
        .exclude(pk=nom.pk)
        .exists()
    )
    if duplicate:
        raise WorkflowError(_("Người này đã có hồ sơ khác trong phong trào này."), ["nominee"])


@transaction.atomic
def submit(nomination: Nomination, actor: User, comment: str = "") -> Nomination:
    nom = _lock(nomination)
    if not permissions.can_view_nomination(actor, nom):
        raise WorkflowError(_("Bạn không có quyền với hồ sơ này."))
    if not permissions.can_submit_nomination(actor, nom):
        _require_state(nom, permissions.EDITABLE_STATES, _("nộp"))
        raise WorkflowError(_("Bạn không có quyền nộp hồ sơ này."))
    missing = missing_fields(nom)
    if missing:
        raise WorkflowError(_("Hồ sơ còn thiếu: %(f)s.") % {"f": ", ".join(missing)})
    check_eligibility(nom)
    try:
        consent.require_reviewed(nom)
    except consent.PublicationError as err:
        raise WorkflowError(err.message) from None
    action = "resubmit" if nom.state == S.RETURNED else "submit"
    return _move(nom, actor, action, S.SUBMITTED, comment, submitted_at=timezone.now())


@transaction.atomic
def withdraw(nomination: Nomination, actor: User, comment: str = "") -> Nomination:
    nom = _lock(nomination)
    if not permissions.can_view_nomination(actor, nom):
        raise WorkflowError(_("Bạn không có quyền với hồ sơ này."))
    _require_state(nom, permissions.WITHDRAWABLE_STATES, _("rút"))
    if not permissions.can_withdraw_nomination(actor, nom):
        raise WorkflowError(_("Chỉ cán bộ phường lập hồ sơ mới được rút hồ sơ."))
    return _move(nom, actor, "withdraw", S.WITHDRAWN, comment)


@transaction.atomic
def accept(nomination: Nomination, actor: User, comment: str = "") -> Nomination:
    nom = _lock(nomination)
    if not permissions.can_review(actor, nom):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được tiếp nhận hồ sơ."))
    _require_state(nom, {S.SUBMITTED}, _("tiếp nhận"))
    return _move(nom, actor, "accept", S.IN_REVIEW, comment)


@transaction.atomic
def return_to_ward(nomination: Nomination, actor: User, reason: str) -> Nomination:
    nom = _lock(nomination)
    if not permissions.can_review(actor, nom):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được trả lại hồ sơ."))
    _require_state(nom, {S.SUBMITTED, S.IN_REVIEW}, _("trả lại"))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi rõ lý do trả lại hồ sơ."), ["reason"])
    return _move(nom, actor, "return", S.RETURNED, reason, return_reason=reason)


@transaction.atomic
def recommend_simplified(nomination: Nomination, actor: User, comment: str = "") -> Nomination:
    """Simplified procedure: the secretary recommends directly, without a council vote."""
    nom = _lock(nomination)
    if not permissions.can_review(actor, nom):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được đề nghị khen thưởng."))
    if nom.procedure != Procedure.SIMPLIFIED:
        raise WorkflowError(_("Hồ sơ theo thủ tục thông thường phải qua biểu quyết của Hội đồng."))
    _require_state(nom, {S.SUBMITTED, S.IN_REVIEW}, _("đề nghị khen thưởng"))
    return _move(nom, actor, "recommend", S.RECOMMENDED, comment)


@transaction.atomic
def record_vote_result(
    nomination: Nomination, actor: User, passed: bool, comment: str = ""
) -> Nomination:
    """Called by the council module when a meeting closes with a computed result."""
    nom = _lock(nomination)
    if not permissions.can_review(actor, nom):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được ghi nhận kết quả biểu quyết."))
    _require_state(nom, {S.IN_REVIEW}, _("ghi nhận kết quả biểu quyết cho"))
    if passed:
        return _move(nom, actor, "vote_passed", S.RECOMMENDED, comment)
    return _move(nom, actor, "vote_failed", S.NOT_RECOMMENDED, comment)


def mark_awarded(
    nom: Nomination, actor: User, decided_on: dt.date, comment: str = ""
) -> Nomination:
    """Called inside the decision-issuing transaction (the nomination is already locked)."""
    if not permissions.can_confer_award(actor, nom):
        raise WorkflowError(_("Chỉ Chủ tịch được khen thưởng theo quyết định đã ký."))
    _require_state(nom, {S.RECOMMENDED}, _("khen thưởng"))
    return _move(nom, actor, "award", S.AWARDED, comment, awarded_on=decided_on)


def mark_revoked(nom: Nomination, actor: User, comment: str = "") -> Nomination:
    """Called inside the revoking decision's transaction."""
    if not permissions.can_confer_award(actor, nom):
        raise WorkflowError(_("Chỉ Chủ tịch được thu hồi khen thưởng theo quyết định đã ký."))
    _require_state(nom, {S.AWARDED}, _("thu hồi khen thưởng của"))
    return _move(nom, actor, "revoke", S.REVOKED, comment)
