"""Award decisions: drafting, warnings, the decision's life at the office, revoking.

The life (Nghị định 30/2020/NĐ-CP, Điều 13–16; see docs/decisions.md): the secretary drafts and
submits for signature (:func:`submit`; the signer may :func:`send_back` with a reason); the
chairman or a deputy signs (:func:`sign`: money frozen, everything the documents print copied
into the decision and its awards by :func:`freeze`, the signed PDF stored with its SHA-256,
number and date left blank); the văn thư registers it (:func:`register`: number and date from
the authority's register of outgoing documents, ``emulation.numbering``, concurrency-safe by
its locked counter row; the authority's seal signature prints them on the file, or the scan of
the paper decision is uploaded, :func:`attach_scan`); the secretary publishes it
(:func:`publish`): only then are dossiers awarded (or awards revoked) and the certificates
public. Each step is one transaction on the locked decision row: a second press or a second
person gets a message and nothing is written; a file written before a failure is deleted.
From the signature on the decision is never edited again (see the guards on the models and
the admin); a mistaken one is revoked by a later decision, for every awardee or only for
those it names (``Decision.target_awards``; Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2).
:func:`issue` walks every step at once (tests, demo seed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns import law
from campaigns.models import BaseSalary, NomineeKind
from campaigns.money import MoneyArticle, award_money, money_article, round_up
from emulation import numbering, page_cache
from emulation.models import Authority, AuthorityLevel, DocumentType, lower_first
from emulation.templatetags.thidua import date_line
from nominations import notices, permissions, workflow
from nominations.decisions import documents
from nominations.files import images, signing, uploads
from nominations.files.pdf import render_document
from nominations.models import (
    Award,
    Decision,
    DecisionState,
    Nomination,
    NominationState,
    Procedure,
)
from nominations.models.decision import GROUNDS_BY_CODE, DecisionKind
from nominations.models.storage import (
    decision_pdf_path,
    private_storage,
    save_private_until_rollback,
)
from nominations.workflow import WorkflowError

if TYPE_CHECKING:
    from campaigns.models import Campaign
    from emulation.models import User

S = NominationState


def default_legal_bases(authority: Authority | None, on: dt.date | None = None) -> str:
    """The "Căn cứ" lines of a decision of ``authority`` dated ``on`` (today by default): the
    legal texts in force that day for the authority's level (``campaigns.law.legal_bases``)."""
    level = authority.level if authority is not None else AuthorityLevel.DISTRICT
    return law.legal_bases(on or timezone.localdate(), level)


DEFAULT_RECIPIENTS = "Như Điều 3;\nThường trực Hội đồng Thi đua - Khen thưởng;\nLưu: VT, NV."


def recommended_for_decision(campaign: Campaign | None = None) -> QuerySet[Nomination]:
    """Dossiers a draft may take: recommended; of one campaign, or simplified (sudden deeds)."""
    qs = (
        Nomination.objects.filter(state=S.RECOMMENDED)
        .select_related("nominee", "ward", "campaign", "award_kind")
        .order_by("ward__sort_key", "nominee__sort_key")
    )
    if campaign is not None:
        return qs.filter(campaign=campaign)
    return qs.filter(procedure=Procedure.SIMPLIFIED)


def default_title(campaign: Campaign | None, nominations: Iterable[Nomination] = ()) -> str:
    """Stored in the decision: always Vietnamese (see docs/decisions.md). With the dossiers
    it takes, it says what is decided ("Về việc tặng Giấy khen cho 05 cá nhân …",
    ``documents.default_title``)."""
    chosen = [n for n in nominations if n.award_kind is not None]
    if chosen:
        return documents.default_title([_Planned(n) for n in chosen], campaign)
    with translation.override("vi"):
        return _default_title(campaign)


class _Planned:
    """A dossier as the wording rules read an award of it (``documents.Printed``)."""

    def __init__(self, nomination: Nomination):
        assert nomination.award_kind is not None
        self.awardee_kind = nomination.nominee.kind
        self.award_kind_name = nomination.award_kind.name
        self.artefact = nomination.award_kind.certificate_heading


def _default_title(campaign: Campaign | None) -> str:
    if campaign is None:
        return _("Về việc khen thưởng đột xuất các tập thể, cá nhân có thành tích xuất sắc")
    return _(
        "Về việc khen thưởng các tập thể, cá nhân có thành tích trong phong trào “%(c)s” năm %(y)d"
    ) % {"c": campaign.name, "y": campaign.year}


class OnAnotherDraft(WorkflowError):
    """A dossier is already on a draft award decision: one draft at a time, refused when drafting.

    ``decision`` is that draft, for the page to link to it.
    """

    def __init__(self, message: str, decision: Decision):
        super().__init__(message, ["nominations"])
        self.decision = decision


PENDING_STATES = (
    DecisionState.DRAFT,
    DecisionState.SUBMITTED,
    DecisionState.SIGNED,
    DecisionState.REGISTERED,
)


def drafts_holding(nominations: Iterable[Nomination]) -> dict[int, Decision]:
    """{nomination pk: the unpublished award decision it is already on} for those on one (a
    draft, or a decision submitted, signed or registered but not yet published)."""
    awards = Award.objects.filter(
        nomination__in=[n.pk for n in nominations],
        decision__state__in=PENDING_STATES,
        decision__kind=DecisionKind.AWARD,
    ).select_related("decision")
    return {a.nomination_id: a.decision for a in awards}


def _check_draftable(nominations: list[Nomination], campaign: Campaign | None) -> None:
    if not nominations:
        raise WorkflowError(_("Chọn ít nhất một hồ sơ được đề nghị khen thưởng."), ["nominations"])
    held = drafts_holding(nominations)
    for nom in nominations:
        if nom.pk in held:
            raise OnAnotherDraft(
                _(
                    "Hồ sơ của %(n)s đã có trong một dự thảo quyết định khác. Bỏ hồ sơ khỏi "
                    "dự thảo đó hoặc xóa dự thảo đó trước khi lập dự thảo mới."
                )
                % {"n": nom.nominee},
                held[nom.pk],
            )
    for nom in nominations:
        if nom.state != S.RECOMMENDED:
            raise WorkflowError(
                _("Hồ sơ của %(n)s chưa được đề nghị khen thưởng.") % {"n": nom.nominee}
            )
        if campaign is not None and nom.campaign_id != campaign.pk:
            raise WorkflowError(
                _("Hồ sơ của %(n)s không thuộc phong trào “%(c)s”.")
                % {"n": nom.nominee, "c": campaign}
            )
        if campaign is None and nom.procedure != Procedure.SIMPLIFIED:
            raise WorkflowError(
                _(
                    "Quyết định khen thưởng đột xuất chỉ gồm hồ sơ theo thủ tục "
                    "đơn giản (hồ sơ của %(n)s)."
                )
                % {"n": nom.nominee}
            )


@transaction.atomic
def draft(
    actor: User,
    nominations: Iterable[Nomination],
    *,
    campaign: Campaign | None = None,
    title: str = "",
    legal_bases: str = "",
    recipients: str = "",
    authority: Authority | None = None,
) -> Decision:
    """A draft award decision: one campaign, or a sudden-deed decision (campaign None)."""
    if not permissions.can_draft_decision(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được dự thảo quyết định."))
    authority = authority or Authority.current()
    if authority is None:
        raise WorkflowError(_("Chưa cấu hình cơ quan ban hành."))
    noms = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("nominee", "award_kind")
    )
    _check_draftable(noms, campaign)
    decision = Decision.objects.create(
        authority=authority,
        kind=DecisionKind.AWARD,
        campaign=campaign,
        title=(title or "").strip() or default_title(campaign, noms),
        legal_bases=(legal_bases or "").strip() or default_legal_bases(authority),
        recipients=(recipients or "").strip() or DEFAULT_RECIPIENTS,
        symbol=authority.decision_symbol,
        created_by=actor,
    )
    for nom in noms:
        assert nom.award_kind is not None  # a recommended dossier has one (missing_fields)
        Award.objects.create(
            decision=decision,
            nomination=nom,
            coefficient=nom.award_kind.coefficient_for(nom.nominee.kind),
        )
    return decision


@transaction.atomic
def update_draft(
    decision: Decision,
    actor: User,
    *,
    title: str,
    legal_bases: str,
    recipients: str,
    remove: Iterable[int] = (),
    ground: str | None = None,
    reason: str | None = None,
) -> Decision:
    """Save a draft's texts and drop the awards in ``remove``; for a revocation draft, also its
    ``ground`` and ``reason`` when given (see :func:`update_revocation_ground`)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not permissions.can_edit_decision(actor, decision):
        raise WorkflowError(_("Quyết định đã ban hành hoặc bạn không có quyền sửa."))
    if ground is not None and decision.kind == DecisionKind.REVOCATION:
        update_revocation_ground(decision, ground, reason or "")
    decision.title = title.strip() or decision.title
    decision.legal_bases = legal_bases.strip()
    decision.recipients = recipients.strip()
    decision.save(update_fields=["title", "legal_bases", "recipients"])
    remove = list(remove)
    if remove and decision.kind == DecisionKind.REVOCATION:
        _remove_revocation_targets(decision, remove)
    elif remove:
        left = decision.awards.exclude(pk__in=remove).count()
        if left == 0:
            raise WorkflowError(_("Quyết định phải còn ít nhất một khen thưởng."))
        decision.awards.filter(pk__in=remove).delete()
    return decision


def _remove_revocation_targets(decision: Decision, remove: list[int]) -> None:
    """Drop awardees from a revocation draft (e.g. one revoked meanwhile by another decision)."""
    targets = set(revocation_targets(decision).values_list("pk", flat=True))
    left = targets - set(remove)
    if left == targets:
        return
    if not left:
        raise WorkflowError(_("Quyết định thu hồi phải còn ít nhất một khen thưởng."))
    decision.target_awards.set(left)  # a draft made before targets were recorded gets them now


@transaction.atomic
def delete_draft(decision: Decision, actor: User) -> None:
    """Delete a draft and its awards. A draft already deleted (by a concurrent second press
    of the button, which waited for the first) is a no-op."""
    locked = Decision.objects.select_for_update().filter(pk=decision.pk).first()
    if locked is None:
        return
    decision = locked
    if not permissions.can_edit_decision(actor, decision):
        raise WorkflowError(_("Quyết định đã ban hành, không thể xóa."))
    decision.awards.all().delete()
    decision.delete()


def revocable_awards(target: Decision) -> QuerySet[Award]:
    """Awards of ``target`` that a revocation may still name: not revoked, in list order."""
    return target.awards.filter(revoked_by__isnull=True).order_by(*FROZEN_ORDER)


def check_revocable(target: Decision) -> None:
    """Refuse a revocation of a draft, of a revocation, or of a decision with nothing left."""
    if not target.is_issued or target.kind != DecisionKind.AWARD:
        raise WorkflowError(_("Chỉ thu hồi được quyết định khen thưởng đã ban hành."))
    if not target.awards.filter(revoked_by__isnull=True).exists():
        raise WorkflowError(_("Mọi khen thưởng của quyết định này đã bị thu hồi."))


def _chosen_awards(target: Decision, awards: Iterable[Award | int] | None) -> list[Award]:
    """The awards a new revocation names: all still valid when ``awards`` is None."""
    valid = list(
        target.awards.filter(revoked_by__isnull=True).select_related("nomination__nominee")
    )
    if awards is None:
        return valid
    try:
        ids = {a.pk if isinstance(a, Award) else int(a) for a in awards}
    except (TypeError, ValueError) as err:
        raise WorkflowError(_("Chọn khen thưởng trong danh sách."), ["awards"]) from err
    if not ids:
        raise WorkflowError(_("Chọn ít nhất một người cần thu hồi khen thưởng."), ["awards"])
    chosen = [a for a in valid if a.pk in ids]
    if len(chosen) != len(ids):
        others = (
            Award.objects.filter(pk__in=ids - {a.pk for a in chosen}, decision=target)
            .select_related("nomination__nominee")
            .first()
        )
        if others is not None:
            raise WorkflowError(
                _("Khen thưởng của %(n)s đã bị thu hồi.") % {"n": others.nomination.nominee},
                ["awards"],
            )
        raise WorkflowError(
            _("Chỉ thu hồi được khen thưởng của Quyết định số %(ref)s.")
            % {"ref": target.reference},
            ["awards"],
        )
    return chosen


def revocation_title(target: Decision, whole: bool) -> str:
    """The default trích yếu of a revocation of ``target`` (Vietnamese, as printed): the Law
    cancels (hủy bỏ) the decision and recovers (thu hồi) the artefact and the money."""
    assert target.decided_on is not None  # issued
    values = {"ref": target.reference, "d": target.decided_on.strftime("%d/%m/%Y")}
    with translation.override("vi"):
        if whole:
            return (
                _(
                    "Về việc hủy bỏ Quyết định số %(ref)s ngày %(d)s và thu hồi hiện vật, "
                    "tiền thưởng"
                )
                % values
            )
        return (
            _(
                "Về việc hủy bỏ một phần Quyết định số %(ref)s ngày %(d)s và thu hồi hiện vật, "
                "tiền thưởng"
            )
            % values
        )


def _checked_ground(ground: str | None) -> str:
    """``ground`` if it is one of the Law's (``REVOCATION_GROUNDS``), else a refusal."""
    if not ground or ground not in GROUNDS_BY_CODE:
        raise WorkflowError(
            _("Chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật Thi đua, khen thưởng."), ["ground"]
        )
    return ground


@transaction.atomic
def draft_revocation(
    actor: User,
    target: Decision,
    *,
    ground: str,
    reason: str,
    awards: Iterable[Award | int] | None = None,
    title: str = "",
    recipients: str = "",
) -> Decision:
    """A decision that, once issued, cancels (hủy bỏ) ``target`` for the chosen awards and
    recovers their artefact and money (Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2).

    ``ground``: the code of one of ``REVOCATION_GROUNDS`` (e.g. "93.2.a"); ``reason``: the
    particulars (the finding, the document that established it), printed after the ground.
    ``awards`` None means every award still valid in ``target`` (recorded now, by name).
    """
    if not permissions.can_draft_decision(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được dự thảo quyết định."))
    check_revocable(target)
    assert target.decided_on is not None  # issued
    ground = _checked_ground(ground)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi rõ lý do thu hồi."), ["reason"])
    chosen = _chosen_awards(target, awards)
    held = revocations_holding(chosen)
    for award in chosen:
        if award.pk in held:
            raise OnAnotherDraft(
                _(
                    "Khen thưởng của %(n)s đã có trong một dự thảo quyết định thu hồi khác. Bỏ "
                    "người này khỏi dự thảo đó hoặc xóa dự thảo đó trước khi lập dự thảo mới."
                )
                % {"n": award.awardee_name},
                held[award.pk],
            )
    whole = len(chosen) == target.awards.count()
    revocation = Decision.objects.create(
        authority=target.authority,
        kind=DecisionKind.REVOCATION,
        campaign=target.campaign,
        revokes=target,
        title=(title or "").strip() or revocation_title(target, whole),
        legal_bases=default_legal_bases(target.authority),
        revocation_ground=ground,
        revocation_reason=reason,
        recipients=(recipients or "").strip() or DEFAULT_RECIPIENTS,
        symbol=target.authority.decision_symbol,
        created_by=actor,
    )
    revocation.target_awards.set(chosen)
    return revocation


def revocations_holding(
    awards: Iterable[Award], exclude: Decision | None = None, states: Sequence[str] = ()
) -> dict[int, Decision]:
    """{award pk: the unpublished revocation (draft to registered, or only ``states``) that
    already names it}, ``exclude`` left out. An old draft naming no award holds every award of
    its target not yet revoked. One revocation at a time holds an award: a second one, signed
    and numbered, could never be published (the first revokes the award)."""
    awards = list(awards)
    pending = Decision.objects.filter(
        kind=DecisionKind.REVOCATION, state__in=states or PENDING_STATES
    )
    if exclude is not None:
        pending = pending.exclude(pk=exclude.pk)
    held: dict[int, Decision] = {}
    named = Decision.target_awards.through.objects.filter(
        award_id__in=[a.pk for a in awards], decision__in=pending
    ).select_related("decision")
    for row in named:
        held.setdefault(row.award_id, row.decision)
    naming_none = pending.filter(
        revokes_id__in={a.decision_id for a in awards}, target_awards__isnull=True
    )
    for revocation in naming_none:
        for award in awards:
            if award.decision_id == revocation.revokes_id and award.revoked_by_id is None:
                held.setdefault(award.pk, revocation)
    return held


def update_revocation_ground(decision: Decision, ground: str, reason: str) -> None:
    """Set a revocation draft's ground and particulars (``decision`` locked by the caller,
    saved here); refused when the ground is not the Law's or the particulars are empty."""
    ground = _checked_ground(ground)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi rõ lý do thu hồi."), ["reason"])
    decision.revocation_ground, decision.revocation_reason = ground, reason
    decision.save(update_fields=["revocation_ground", "revocation_reason"])


@dataclass(frozen=True)
class Recovery:
    """What a revocation recovers (Điều 93 khoản 2): the artefacts by name ("Giấy khen"), how
    many awards, and the money frozen on the revoked awards (đồng)."""

    artefacts: list[str]
    count: int
    amount: int


def recovery(lines: Sequence[AwardLine]) -> Recovery:
    """The artefacts and money to recover for the revoked ``lines`` (``revocation_lines``)."""
    artefacts: list[str] = []
    for line in lines:
        if line.award.artefact and line.award.artefact not in artefacts:
            artefacts.append(line.award.artefact)
    return Recovery(artefacts, len(lines), sum(line.amount for line in lines))


def revocation_targets(decision: Decision) -> QuerySet[Award]:
    """The awards a revocation revoked (issued) or will revoke (draft); none for an award.

    A draft made before targets were recorded names none: it means every award still valid.
    """
    if decision.kind != DecisionKind.REVOCATION or decision.revokes_id is None:
        return Award.objects.none()
    if decision.is_issued:
        return Award.objects.filter(revoked_by=decision)
    chosen = Award.objects.filter(revocations=decision)
    if chosen.exists():
        return chosen
    return Award.objects.filter(decision_id=decision.revokes_id, revoked_by__isnull=True)


# --------------------------------------------------------------------------- preview, warnings


@dataclass(frozen=True)
class AwardLine:
    award: Award
    coefficient: Decimal
    base_salary: int
    amount: int


_LIVE_RELATED = (
    "nomination__nominee",
    "nomination__ward",
    "nomination__award_kind",
    "nomination__campaign",
)
LIVE_ORDER = ("nomination__ward__sort_key", "nomination__nominee__sort_key", "pk")
FROZEN_ORDER = ("list_number", "pk")


def printed_awards(awards: QuerySet[Award], issued: bool) -> list[Award]:
    """Awards as the documents print them, in the decision's list order.

    ``issued``: the frozen copy, in the frozen order; else (a draft) each award's printed
    fields are filled in memory from the live rows (never saved; see ``fill_award``).
    """
    if issued:
        return list(awards.select_related("revoked_by").order_by(*FROZEN_ORDER))
    found = list(awards.select_related(*_LIVE_RELATED, "revoked_by").order_by(*LIVE_ORDER))
    for award in found:
        fill_award(award)
    return found


def preview(decision: Decision, on: dt.date | None = None) -> tuple[list[AwardLine], int]:
    """Each award's money on the decision date (frozen values once issued) and the total."""
    awards = printed_awards(decision.awards.all(), decision.is_frozen)
    lines = []
    if decision.is_frozen:
        lines = [AwardLine(a, a.coefficient, a.base_salary, a.amount) for a in awards]
    else:
        day = on or timezone.localdate()
        try:
            base = BaseSalary.in_force_on(day).amount
        except BaseSalary.DoesNotExist:
            base = 0
        for a in awards:  # one base salary for all: the same rule as award_money
            assert a.nomination.award_kind is not None  # a recommended dossier has one
            coefficient = a.nomination.award_kind.coefficient_for(a.nomination.nominee.kind)
            amount = round_up(Decimal(coefficient) * base) if base else 0
            lines.append(AwardLine(a, coefficient, base, amount))
    return lines, sum(line.amount for line in lines)


def revocation_lines(decision: Decision) -> list[AwardLine]:
    """The awardees a revocation names, as frozen by the revoked (issued) decision."""
    awards = printed_awards(revocation_targets(decision), issued=True)
    return [AwardLine(a, a.coefficient, a.base_salary, a.amount) for a in awards]


def blockers(decision: Decision) -> list[str]:
    """What stops a revocation draft from being signed, each saying what to do: no ground of
    the Law chosen, or a named award that another decision revoked meanwhile. Unlike
    :func:`warnings`, no acknowledgement overrides them (:func:`issue` refuses)."""
    if decision.kind != DecisionKind.REVOCATION or decision.is_issued:
        return []
    found = []
    if decision.ground is None:
        found.append(
            _(
                "Dự thảo chưa chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật Thi đua, khen "
                "thưởng: Thư ký Hội đồng chọn căn cứ và ghi lý do trên trang dự thảo, bấm "
                "“Lưu dự thảo”, rồi trình ký lại."
            )
        )
    lines = revocation_lines(decision)
    found += [
        _(
            "Khen thưởng của %(n)s đã bị thu hồi theo Quyết định số %(ref)s: Thư ký Hội đồng "
            "bỏ người này khỏi dự thảo (đánh dấu ô “Bỏ” trên trang dự thảo, bấm “Lưu dự "
            "thảo”), rồi trình ký lại."
        )
        % {"n": line.award.awardee_name, "ref": line.award.revoked_by.reference}
        for line in lines
        if line.award.revoked_by is not None and line.award.revoked_by_id != decision.pk
    ]
    found += [_held_message(line.award, other) for line, other in _held_lines(decision, lines)]
    return found


def _held_lines(decision: Decision, lines: list[AwardLine]) -> list[tuple[AwardLine, Decision]]:
    """The lines another revocation, already signed but not yet published, holds."""
    held = revocations_holding(
        [line.award for line in lines if line.award.revoked_by_id is None],
        exclude=decision,
        states=(DecisionState.SIGNED, DecisionState.REGISTERED),
    )
    return [(line, held[line.award.pk]) for line in lines if line.award.pk in held]


def _held_message(award: Award, other: Decision) -> str:
    return _(
        "Khen thưởng của %(n)s đã có trong Quyết định thu hồi đã ký, chưa phát hành "
        "(“%(t)s”): Thư ký Hội đồng bỏ người này khỏi dự thảo (đánh dấu ô “Bỏ” trên trang dự "
        "thảo, bấm “Lưu dự thảo”), rồi trình ký lại."
    ) % {"n": award.awardee_name, "t": other.title}


def _decimal_text(value: Decimal) -> str:
    """15.00 → "15", 0.90 → "0,9": Vietnamese decimal comma, no trailing zeros."""
    return f"{value.normalize():f}".replace(".", ",")


def _quota_warnings(decision: Decision, awards: list[Award]) -> list[str]:
    """A capped kind (Chiến sĩ thi đua cơ sở: at most 15 % of the unit's Lao động tiên tiến of
    the year, Nghị định 91/2017/NĐ-CP, Điều 9.3, a setting of the award kind) exceeded for a
    unit and year: counted over this decision and the valid awards already issued to that unit
    for that year (the campaign's year), not inside this draft only."""
    capped = {
        a.nomination.award_kind.pk: a.nomination.award_kind
        for a in awards
        if a.nomination.award_kind is not None
        and a.nomination.award_kind.quota_percent is not None
        and a.nomination.award_kind.quota_base is not None
    }
    if not capped:
        return []
    kind_ids = set(capped) | {k.quota_base_id for k in capped.values()}
    counts: dict[tuple[int, int, int | None], int] = {}  # (ward, year, kind) → awards
    units: dict[int, str] = {}
    for a in awards:
        key = (a.nomination.ward_id, a.nomination.campaign.year, a.nomination.award_kind_id)
        counts[key] = counts.get(key, 0) + 1
        units[a.nomination.ward_id] = a.nomination.ward.name
    wards = {k[0] for k in counts}
    years = {k[1] for k in counts}
    issued = (
        Award.objects.signed()
        .filter(
            nomination__ward_id__in=wards,
            nomination__campaign__opens_on__year__in=years,
            nomination__award_kind_id__in=kind_ids,
        )
        .exclude(decision=decision)
        .values_list(
            "nomination__ward_id", "nomination__campaign__opens_on", "nomination__award_kind_id"
        )
    )
    for ward_id, opens_on, kind_id in issued:
        key = (ward_id, opens_on.year, kind_id)
        counts[key] = counts.get(key, 0) + 1
    found = []
    for (ward_id, year, kind_id), n in sorted(
        counts.items(), key=lambda i: (units[i[0][0]], i[0][1])
    ):
        kind = capped.get(kind_id) if kind_id is not None else None
        if kind is None or kind.quota_base is None or kind.quota_percent is None:
            continue
        base_count = counts.get((ward_id, year, kind.quota_base.pk), 0)
        allowed = Decimal(kind.quota_percent) * base_count / 100
        if n > allowed:
            found.append(
                _(
                    "Vượt tỷ lệ tại %(u)s năm %(y)d: %(n)d “%(k)s” trong khi tối đa %(p)s%% của "
                    "%(b)d “%(base)s” (tối đa %(max)s)."
                )
                % {
                    "u": units[ward_id],
                    "y": year,
                    "n": n,
                    "k": kind.name,
                    "p": _decimal_text(Decimal(kind.quota_percent)),
                    "b": base_count,
                    "base": kind.quota_base.name,
                    "max": _decimal_text(allowed.quantize(Decimal("0.01"))),
                }
            )
    return found


def warnings(decision: Decision) -> list[str]:
    """A capped kind exceeded for a unit and year (:func:`_quota_warnings`), or a nominee
    already awarded in the campaign.

    These the signer may acknowledge and sign over; a revocation has none (what stops its
    signature is in :func:`blockers`).
    """
    if decision.kind == DecisionKind.REVOCATION:
        return []
    found = []
    awards = list(
        decision.awards.select_related(
            "nomination__award_kind__quota_base",
            "nomination__nominee",
            "nomination__campaign",
            "nomination__ward",
        )
    )
    found += _quota_warnings(decision, awards)
    if awards:
        # The same person: the same nominee row, or the same folded name and birth year (a
        # person filed twice, e.g. by two wards).
        by_id = {(a.nomination.nominee_id, a.nomination.campaign_id) for a in awards}
        by_name = {
            (
                a.nomination.nominee.name_folded,
                a.nomination.nominee.birth_year,
                a.nomination.campaign_id,
            )
            for a in awards
        }
        earlier = (
            Award.objects.signed()
            .filter(nomination__campaign_id__in={k[1] for k in by_id})
            .filter(
                Q(nomination__nominee_id__in={k[0] for k in by_id})
                | Q(nomination__nominee__name_folded__in={k[0] for k in by_name})
            )
            .exclude(decision=decision)
            .select_related("decision", "nomination__nominee", "nomination__campaign")
            .order_by("decision__decided_on", "pk")
        )
        for other in earlier:
            nominee = other.nomination.nominee
            same = (nominee.pk, other.nomination.campaign_id) in by_id or (
                nominee.name_folded,
                nominee.birth_year,
                other.nomination.campaign_id,
            ) in by_name
            if same:
                if other.decision.reference:
                    text = _(
                        "%(n)s đã được khen thưởng trong phong trào “%(c)s” (Quyết định số "
                        "%(ref)s)."
                    )
                else:  # signed, not yet registered: no number yet
                    text = _(
                        "%(n)s đã được khen thưởng trong phong trào “%(c)s” (quyết định “%(t)s” "
                        "đã ký, chưa vào sổ)."
                    )
                found.append(
                    text
                    % {
                        "n": nominee,
                        "c": other.nomination.campaign,
                        "ref": other.decision.reference,
                        "t": other.decision.title,
                    }
                )
    return found


# --------------------------------------------------------------------------- issuing


class UnacknowledgedWarnings(WorkflowError):
    """The decision carries warnings the signer has not acknowledged (or they changed since).

    ``warnings`` is the list as it stands now, for the page to show again.
    """

    def __init__(self, warnings: list[str]):
        super().__init__(
            _(
                "Quyết định có cảnh báo cần xem xét: đánh dấu ô xác nhận đã đọc các cảnh báo "
                "trước khi ký ban hành."
            ),
            ["acknowledge"],
        )
        self.warnings = warnings


class DraftChanged(WorkflowError):
    """The draft was edited after the signer's confirmation page was drawn (see
    :func:`fingerprint`): he would sign something other than what he was shown."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Dự thảo đã được sửa sau khi trang này được mở. Xem lại nội dung dưới đây "
                "trước khi ký ban hành."
            )
        )


def fingerprint(decision: Decision) -> str:
    """What the signer is shown before signing, as one hash: the texts of the draft and the
    awards it names (or revokes). The confirmation page carries it; :func:`issue` compares."""
    if decision.kind == DecisionKind.REVOCATION:
        awards = revocation_targets(decision)
    else:
        awards = decision.awards.all()
    pks = sorted(awards.values_list("pk", flat=True))
    parts = [decision.title, decision.legal_bases, decision.recipients, *map(str, pks)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def next_reference(authority: Authority, on: dt.date) -> str:
    """The number the next decision registered in ``on``'s year will take ("05/QĐ-UBND"),
    from the authority's register (``emulation.numbering``).

    Read without a lock, to tell the văn thư beforehand; two registrations at once each take
    their own number in :func:`register`.
    """
    number = numbering.next_number(authority, DocumentType.DECISION, on.year)
    return numbering.reference(number, authority.decision_symbol)


DEPUTY_PREFIX = "Phó "


def signer_of(authority: Authority, actor: User) -> tuple[str, str]:
    """(name, title) frozen on a decision that *actor* signs.

    The chairman signs under the authority's configured name and title ("Chủ tịch"); a deputy
    signs on his behalf under his own name and "Phó " + that title ("Phó Chủ tịch"), which the
    documents print as "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (``Decision.signs_on_behalf``).
    The name is "" when none is known (never the login name): :func:`issue` then refuses.
    """
    if actor.is_deputy:
        return actor.full_name.strip(), DEPUTY_PREFIX + authority.chairman_title
    return (authority.chairman_name or actor.full_name).strip(), authority.chairman_title


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("authority", "revokes")
        .get(pk=decision.pk)
    )


def _state_refusal(decision: Decision, wanted: str) -> WorkflowError:
    """The message for a step asked of a decision in the wrong state (a second press, two
    people at once, a step skipped)."""
    state = decision.get_state_display()
    if decision.state == DecisionState.ISSUED:
        return WorkflowError(
            _("Quyết định số %(ref)s đã được phát hành.") % {"ref": decision.reference}
        )
    return WorkflowError(
        _("Không thể %(step)s: quyết định đang ở trạng thái “%(state)s”.")
        % {"step": wanted, "state": state}
    )


def _lifecycle_save(decision: Decision) -> None:
    """The one save a lifecycle step makes on a signed (frozen) row; audited like any save."""
    decision._lifecycle_write = True
    try:
        decision.save()
    finally:
        decision._lifecycle_write = False


@transaction.atomic
def submit(decision: Decision, actor: User) -> Decision:
    """The secretary submits a draft for signature (trình ký): draft → submitted.

    The draft is no longer editable until the signer sends it back. Raises WorkflowError.
    """
    decision = _locked(decision)
    if decision.state != DecisionState.DRAFT:
        raise _state_refusal(decision, _("trình ký"))
    if not permissions.can_submit_decision(actor, decision):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được trình ký quyết định."))
    if decision.kind == DecisionKind.AWARD and not decision.awards.exists():
        raise WorkflowError(_("Quyết định chưa có khen thưởng nào."))
    decision.state = DecisionState.SUBMITTED
    decision.submitted_by, decision.submitted_at = actor, timezone.now()
    decision.returned_reason = ""
    decision.save()
    notices.decision_waiting_for_signature(decision)
    return decision


@transaction.atomic
def send_back(decision: Decision, actor: User, reason: str) -> Decision:
    """The chairman or a deputy sends a submitted draft back to the secretary, with a reason
    (kept on the decision until the next submission): submitted → draft."""
    decision = _locked(decision)
    if decision.state != DecisionState.SUBMITTED:
        raise _state_refusal(decision, _("trả lại dự thảo"))
    if not permissions.can_sign_decision(actor, decision):
        raise WorkflowError(_("Chỉ Chủ tịch hoặc Phó Chủ tịch được trả lại dự thảo."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi rõ lý do trả lại dự thảo."), ["reason"])
    decision.state = DecisionState.DRAFT
    decision.returned_reason = reason
    decision.save()
    return decision


@transaction.atomic
def sign(
    decision: Decision,
    actor: User,
    today: dt.date | None = None,
    acknowledged: Sequence[str] = (),
    *,
    certificate: bytes | None = None,
    password: str = "",
    seen: str | None = None,
    on_paper: bool = False,
) -> Decision:
    """The chairman or a deputy signs a submitted decision: submitted → signed.

    The signer, his title and the money of every award (on the base salary in force on the
    signing day) are frozen with everything the documents print (:func:`freeze`). The number
    and the date are not given yet: the văn thư gives them at :func:`register` (Nghị định
    30/2020/NĐ-CP, Điều 15), so the signed PDF prints "Số:      /QĐ-UBND" blank.

    ``acknowledged``: the warnings (:func:`warnings`) the signer ticked as read. When the decision
    carries warnings, they must be exactly these, or :class:`UnacknowledgedWarnings` is raised
    and nothing changes; they are stored with the signer's name.

    ``certificate``: the signer's PKCS#12 bundle (bytes, never stored) and its ``password``:
    the rendered PDF is digitally signed (``nominations.files.signing``) and stored, so the file
    of record and its SHA-256 are the signed file. A refusal to sign raises
    :class:`SigningRefused` and nothing is written (the file goes again on rollback).
    ``on_paper``: signed by hand on the printed draft (ký trên giấy): no file is stored; the
    scan of the signed, numbered and sealed paper comes after registration
    (:func:`attach_scan`). Neither: unsigned (demo), refused when ``settings.SIGNING_REQUIRED``.

    ``seen``: the :func:`fingerprint` of the draft as the signer's confirmation page showed it;
    when given and the draft changed since, :class:`DraftChanged` is raised and nothing changes.
    """
    if on_paper and certificate is not None:
        raise SigningRefused(
            _("Chọn một cách ký: ký số bằng chứng thư số hoặc ký trên giấy, không cả hai.")
        )
    if certificate is None and not on_paper and settings.SIGNING_REQUIRED:
        raise SigningRefused(
            _("Quyết định phải được ký số: chọn tệp chứng thư số (.p12, .pfx) và nhập mật khẩu.")
        )
    decision = _locked(decision)
    if decision.state != DecisionState.SUBMITTED:
        if decision.is_frozen:
            raise WorkflowError(_("Quyết định này đã được ký, không thể ký lại."))
        raise WorkflowError(_("Dự thảo chưa được trình ký: thư ký Hội đồng trình ký trước."))
    if not permissions.can_sign_decision(actor, decision):
        raise WorkflowError(_("Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định."))
    day = today or timezone.localdate()
    if decision.kind == DecisionKind.REVOCATION:
        targets = _lock_revocation_targets(decision)
        held = _held_lines(decision, revocation_lines(decision))
        if held:
            raise WorkflowError(_held_message(held[0][0].award, held[0][1]))
        if not decision.target_awards.exists():  # an old draft naming none: named as signed
            decision.target_awards.set(targets)
    else:
        awards = _lock_awards(decision)
        try:
            BaseSalary.in_force_on(day)
        except BaseSalary.DoesNotExist as err:
            raise WorkflowError(
                _("Chưa có mức lương cơ sở áp dụng vào ngày %(d)s.")
                % {"d": day.strftime("%d/%m/%Y")}
            ) from err
    if seen is not None and seen != fingerprint(decision):
        raise DraftChanged()
    found = warnings(decision)
    if found and found != list(acknowledged):
        raise UnacknowledgedWarnings(found)
    with translation.override("vi"):  # compared in the signer's language, recorded in Vietnamese
        recorded = warnings(decision) if found else []
    authority = decision.authority
    signer_name, signer_title = signer_of(authority, actor)
    if not signer_name:
        raise WorkflowError(
            _(
                "Tài khoản người ký chưa có họ và tên để in dưới chữ ký: quản trị viên cần "
                "nhập họ và tên trước khi ký."
            )
        )
    if decision.kind == DecisionKind.AWARD:
        for award in awards:
            assert award.nomination.award_kind is not None  # a recommended dossier has one
            coefficient = award.nomination.award_kind.coefficient_for(award.nomination.nominee.kind)
            amount, base = award_money(coefficient, day)
            award.coefficient, award.base_salary, award.amount = coefficient, base, amount
            award.save(update_fields=["coefficient", "base_salary", "amount"])
    decision.symbol = authority.decision_symbol
    decision.signer_name, decision.signer_title = signer_name, signer_title
    decision.issued_by = actor
    decision.issued_at = timezone.now()
    decision.signed_on_paper = on_paper
    if found:
        decision.acknowledged_warnings = "\n".join(recorded)
        decision.acknowledged_by_name = actor.full_name or actor.get_username()
    if decision.kind == DecisionKind.AWARD:
        # The "Căn cứ" lines left as drafted follow the law in force on the signing day.
        drafted = default_legal_bases(authority, timezone.localtime(decision.created_at).date())
        if decision.legal_bases.strip() == drafted.strip():
            decision.legal_bases = default_legal_bases(authority, day)
    freeze(decision)
    decision.state = DecisionState.SIGNED
    if certificate is not None:
        pdf = _signed(decision, render_decision_pdf(decision), certificate, password)
        store_pdf(decision, pdf)
    decision.save()  # the row was a submitted one: this save is the signature
    return decision


class NumberRefused(WorkflowError):
    """The number the văn thư entered is taken, or not a number: nothing is registered."""

    def __init__(self, message: str):
        super().__init__(message, ["number"])


@transaction.atomic
def register(
    decision: Decision,
    actor: User,
    on: dt.date | None = None,
    *,
    number: int | None = None,
    certificate: bytes | None = None,
    password: str = "",
) -> Decision:
    """The văn thư registers a signed decision (vào sổ): signed → registered.

    The number comes from the authority's register of outgoing documents
    (``emulation.numbering.register``, type QĐ, the year of ``on``): the next free one, or
    ``number`` when the office numbers in its own system (checked free, else
    :class:`NumberRefused`). ``on`` (today) is the decision's date.

    The file of record then gets its number and date: a digitally signed decision needs the
    authority's seal certificate (``certificate``, PKCS#12, held in memory only), added as a
    second signature printing number and date (``signing.seal_pdf``); an unsigned one is
    rendered now with its number and stored; a decision signed on paper waits for its scan
    (:func:`attach_scan`). Raises WorkflowError / :class:`SigningRefused`; nothing is written
    then (the register's counter and entry roll back with the rest).
    """
    decision = _locked(decision)
    if decision.state != DecisionState.SIGNED:
        if decision.state in (DecisionState.REGISTERED, DecisionState.ISSUED):
            raise WorkflowError(
                _("Quyết định đã được vào sổ số %(ref)s, không vào sổ lại.")
                % {"ref": decision.reference}
            )
        raise WorkflowError(_("Quyết định chưa được ký: chỉ vào sổ văn bản đã ký."))
    if not permissions.can_register_decision(actor, decision):
        raise WorkflowError(_("Chỉ thư ký Hội đồng (văn thư) được vào sổ quyết định."))
    day = on or timezone.localdate()
    digital = bool(decision.pdf)
    if digital and certificate is None:
        raise SigningRefused(
            _(
                "Quyết định đã được ký số: chọn tệp chứng thư số của cơ quan (.p12, .pfx) để "
                "đóng số và ngày lên tệp."
            )
        )
    if not digital and certificate is not None:
        raise SigningRefused(
            _(
                "Quyết định không được ký số (ký trên giấy hoặc không ký số): không dùng chứng "
                "thư số của cơ quan khi vào sổ."
            )
        )
    try:
        entry = numbering.register(
            authority=decision.authority,
            doc_type=DocumentType.DECISION,
            symbol=decision.symbol,
            on=day,
            subject=decision.title,
            signer_name=decision.signer_name,
            by=actor,
            number=number,
        )
    except numbering.NumberTaken as err:
        raise NumberRefused(err.messages[0]) from err
    except ValueError as err:
        raise NumberRefused(_("Số văn bản phải từ 1 trở lên.")) from err
    decision.register_entry = entry
    decision.number, decision.year, decision.decided_on = entry.number, day.year, day
    decision.registered_by, decision.registered_at = actor, timezone.now()
    decision.state = DecisionState.REGISTERED
    if digital:
        assert certificate is not None
        old = decision.pdf.name or ""
        stored = issued_pdf(decision)
        store_pdf(decision, _sealed(decision, stored, certificate, password))
        _delete_on_commit(old)
    elif not decision.signed_on_paper:
        store_pdf(decision, render_decision_pdf(decision))
    _lifecycle_save(decision)
    return decision


def _delete_on_commit(name: str) -> None:
    """A superseded file of record goes once the new one is committed (kept on rollback)."""
    transaction.on_commit(lambda: private_storage.delete(name))


def _sealed(decision: Decision, pdf: bytes, certificate: bytes, password: str) -> bytes:
    """``pdf`` with the authority's seal printing number and date; SigningRefused on refusal."""
    assert decision.decided_on is not None
    with translation.override("vi"):
        reason = _("Vào sổ Quyết định số %(ref)s") % {"ref": decision.reference}
        try:
            return signing.seal_pdf(
                pdf,
                certificate,
                password,
                authority_name=decision.authority_name,
                number_line=f"Số: {decision.reference}",
                date_line=date_line(decision.decided_on, decision.authority_place),
                reason=reason,
            )
        except signing.SigningError as err:
            raise SigningRefused(err.message) from err


SCAN_PAGES_MAX = 50


@transaction.atomic
def attach_scan(decision: Decision, actor: User, upload: File) -> Decision:
    """The văn thư uploads the scan of the paper decision, signed, numbered and sealed: a PDF,
    or a JPEG/PNG/WebP photo of a one-page decision (checked by parsing,
    ``nominations.files.uploads.check_evidence``; a photo becomes a one-page A4 PDF). The scan
    becomes the file of record (its SHA-256 kept); a scan uploaded again before publication
    replaces the first. Raises WorkflowError with the checker's message."""
    decision = _locked(decision)
    if not decision.signed_on_paper or decision.state != DecisionState.REGISTERED:
        raise WorkflowError(
            _("Chỉ tải bản chụp cho quyết định ký trên giấy, đã vào sổ và chưa phát hành.")
        )
    if not permissions.can_register_decision(actor, decision):
        raise WorkflowError(_("Chỉ thư ký Hội đồng (văn thư) được tải bản chụp quyết định."))
    try:
        checked = uploads.check_evidence(upload)
    except ValidationError as err:
        raise WorkflowError(err.messages[0], ["scan"]) from err
    data = checked.content.read()
    if checked.extension != "pdf":
        data = images.jpeg_to_pdf(data)
    old = decision.pdf.name if decision.pdf else ""
    store_pdf(decision, data)
    if old:
        _delete_on_commit(old)
    _lifecycle_save(decision)
    return decision


@transaction.atomic
def publish(decision: Decision, actor: User) -> Decision:
    """The secretary publishes a registered decision (phát hành): registered → issued.

    Now, and only now, the awards take effect: each dossier becomes "awarded" (public, its
    certificate downloadable and verifiable), or for a revocation each named award is revoked
    (Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2). Refused until the file of record exists (a
    paper decision's scan). Raises WorkflowError; nothing changes then.
    """
    decision = _locked(decision)
    if decision.state != DecisionState.REGISTERED:
        if decision.state == DecisionState.ISSUED:
            raise _state_refusal(decision, "")
        raise WorkflowError(_("Quyết định chưa được vào sổ (chưa có số và ngày): vào sổ trước."))
    if not permissions.can_publish_decision(actor, decision):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được phát hành quyết định."))
    if not decision.pdf:
        raise WorkflowError(
            _(
                "Chưa có tệp quyết định đã ký, đóng dấu: tải lên bản chụp quyết định giấy "
                "trước khi phát hành."
            )
        )
    reference = decision.reference
    assert decision.decided_on is not None  # registered
    if decision.kind == DecisionKind.REVOCATION:
        for award in _lock_revocation_targets(decision):
            award.revoked_by = decision  # saved one by one: the audit log records each
            award.save(update_fields=["revoked_by"])
            workflow.mark_revoked(
                award.nomination,
                actor,
                _("Thu hồi theo Quyết định số %(ref)s") % {"ref": reference},
            )
    else:
        for award in _lock_awards(decision):
            workflow.mark_awarded(
                award.nomination,
                actor,
                decision.decided_on,
                _("Quyết định số %(ref)s") % {"ref": reference},
            )
    page_cache.bump()
    decision.state = DecisionState.ISSUED
    decision.published_by, decision.published_at = actor, timezone.now()
    _lifecycle_save(decision)
    notices.decision_published(decision)
    return decision


def publicly_shown(decision: Decision) -> int:
    """How many awardees of an award decision the public pages will show once it is
    published: those whose dossier consents to publication (``Nomination.consent_public``)."""
    return decision.awards.filter(nomination__consent_public=True).count()


def issue(
    decision: Decision,
    actor: User,
    today: dt.date | None = None,
    acknowledged: Sequence[str] = (),
    *,
    certificate: bytes | None = None,
    password: str = "",
    seen: str | None = None,
    on_paper: bool = False,
    clerk: User | None = None,
    seal: bytes | None = None,
    seal_password: str = "",
    number: int | None = None,
    scan: File | None = None,
) -> Decision:
    """Every step at once, for tests, the demo seed and scripts: submitted (when a draft),
    signed by ``actor``, registered on ``today`` and published by ``clerk`` (the secretary
    who drafted it when None). One transaction: a refusal at any step leaves the draft as it
    was. Arguments as for :func:`sign`, :func:`register` (``seal``/``seal_password``,
    ``number``) and :func:`attach_scan` (``scan``)."""
    with transaction.atomic():
        clerk = clerk or decision.created_by
        if clerk is None:
            raise WorkflowError(_("Chỉ thư ký Hội đồng được trình ký quyết định."))
        current = Decision.objects.get(pk=decision.pk).state
        if current == DecisionState.DRAFT:
            submit(decision, clerk)
        decision = sign(
            decision,
            actor,
            today,
            acknowledged,
            certificate=certificate,
            password=password,
            seen=seen,
            on_paper=on_paper,
        )
        decision = register(
            decision, clerk, today, number=number, certificate=seal, password=seal_password
        )
        if scan is not None:
            decision = attach_scan(decision, clerk, scan)
        return publish(decision, clerk)


class SigningRefused(WorkflowError):
    """The digital signature could not be made (wrong password, expired certificate, …):
    nothing is issued. The message says why, for the confirmation page."""

    def __init__(self, message: str):
        super().__init__(message, ["certificate"])


def _signed(decision: Decision, pdf: bytes, certificate: bytes, password: str) -> bytes:
    """``pdf`` signed with the signer's bundle; :class:`SigningRefused` on any refusal."""
    with translation.override("vi"):
        reason = _("Ký ban hành Quyết định số %(ref)s") % {"ref": decision.reference}
    try:
        return signing.sign_pdf(
            pdf,
            certificate,
            password,
            signer_name=decision.signer_name,
            reason=reason,
            location=decision.authority_place,
        )
    except signing.SigningError as err:
        raise SigningRefused(err.message) from err


def signature_report(decision: Decision) -> signing.SignatureReport | None:
    """The digital signatures of a signed decision's stored file, validated (cached by the
    file's hash); None for a draft, a decision without a stored file or an unsigned one."""
    if not decision.is_frozen or not decision.pdf:
        return None
    try:
        with private_storage.open(decision.pdf.name, "rb") as handle:
            content = handle.read()
    except OSError:
        return None
    report = signing.cached_report(content)
    return report if report.signed else None


# --------------------------------------------------------------------------- the frozen copy

AWARD_SNAPSHOT = (
    "list_number",
    "awardee_name",
    "awardee_honorific",
    "awardee_kind",
    "awardee_position",
    "awardee_workplace",
    "unit_name",
    "award_kind_name",
    "artefact",
    "campaign_name",
    "achievement",
)
DECISION_SNAPSHOT = (
    "authority_name",
    "authority_short_name",
    "authority_parent_name",
    "authority_place",
    "authority_level_label",
    "authority_unit_label",
    "authority_council_name",
    "campaign_name",
    "campaign_year",
    "signer_name",
    "signer_title",
    "legal_bases",
    "pdf",
    "pdf_sha256",
)


def fill_award(award: Award, on: dt.date | None = None) -> None:
    """Set an award's printed fields from the live rows, in memory (``freeze`` saves them).

    Needs ``award.nomination`` with its nominee, ward, award kind and campaign. ``on``: the
    decision date (today for a draft), for the honorific's age. The honorific and the
    achievement line follow ``documents.honorific`` and ``documents.certificate_line``; the
    artefact ("Giấy khen", "Bằng chứng nhận") is the award kind's (``AwardKind.artefact``).
    """
    nomination = award.nomination
    nominee = nomination.nominee
    award.awardee_name = nominee.full_name
    award.awardee_honorific = documents.honorific(nominee, on or timezone.localdate())
    award.awardee_kind = nominee.kind
    award.awardee_position = nominee.position
    award.awardee_workplace = nominee.workplace
    award.unit_name = nomination.ward.name
    kind = nomination.award_kind
    award.award_kind_name = kind.name if kind else ""
    award.artefact = kind.certificate_heading if kind else ""
    award.campaign_name = nomination.campaign.name
    award.achievement = documents.certificate_line(nomination)


def freeze(decision: Decision) -> None:
    """Copy into ``decision`` and its awards everything the issued documents print.

    Called by ``issue`` inside its transaction, once number, date and signer are set and
    before the decision is saved issued (``Award.save`` refuses awards of an issued decision):
    the authority's name, short name, parent, place, level, unit label and council name, the
    campaign's name and year on the
    decision (saved by ``issue``); for an award decision, each award's awardee, unit, award
    kind, artefact, campaign, achievement line and place in the list (ward, then name), saved
    now. A revocation prints the frozen awards of the decision it revokes.
    """
    authority = decision.authority
    decision.authority_name = authority.name
    decision.authority_short_name = authority.short_name
    decision.authority_parent_name = authority.parent_name
    decision.authority_place = authority.place
    decision.authority_level_label = authority.level_label
    decision.authority_unit_label = authority.unit_label
    decision.authority_council_name = authority.council
    decision.campaign_name = decision.campaign.name if decision.campaign else ""
    decision.campaign_year = decision.campaign.year if decision.campaign else None
    if decision.kind != DecisionKind.AWARD:
        return
    awards = Award.objects.filter(decision=decision).select_related(*_LIVE_RELATED)
    for number, award in enumerate(awards.order_by(*LIVE_ORDER), start=1):
        fill_award(award, decision.decided_on)
        award.list_number = number
        award.save(update_fields=AWARD_SNAPSHOT)


@dataclass(frozen=True)
class Issuer:
    """The issuing authority as a document prints it: frozen once signed, live on a draft.

    Attribute names are those of ``Authority`` that the templates read.
    """

    name: str
    short_name: str
    parent_name: str
    place: str
    chairman_title: str
    chairman_name: str
    decision_symbol: str
    level_label: str = ""
    unit_label: str = ""
    council: str = ""

    @property
    def running_name(self) -> str:
        """ "quận Đống Đa": the unit in running text, level in lower case."""
        return f"{self.level_label} {self.place}".strip() if self.level_label else self.short_name

    @property
    def unit_word(self) -> str:
        """ "phường": the nominating unit's label in running text."""
        return lower_first(self.unit_label or "Phường")

    @property
    def header_lines(self) -> list[str]:
        """The issuer's name broken before its level (``documents.header_lines``)."""
        return documents.header_lines(self.name, self.level_label)

    @property
    def parent_lines(self) -> list[str]:
        """The parent body's name broken the same way ("Ủy ban nhân dân" / "thành phố Hà Nội");
        none when no parent is configured."""
        if not self.parent_name:
            return []
        return documents.header_lines(self.parent_name, _parent_level(self.parent_name))

    @property
    def offices(self) -> str:
        """Who carries the decision out (``documents.executing_offices``)."""
        return documents.executing_offices(self.level_label)

    @property
    def collective(self) -> str:
        """ "Ủy ban nhân dân": what a chairman signs for ("TM. ỦY BAN NHÂN DÂN")."""
        return documents.collective(self.name, self.level_label)


def _parent_level(name: str) -> str:
    for level in ("thành phố", "tỉnh", "quận", "huyện", "thị xã"):
        if f" {level} " in name.lower():
            return level
    return ""


def issuer(decision: Decision) -> Issuer:
    """The authority block of ``decision``'s documents (the frozen copy once signed)."""
    if decision.is_frozen:
        return Issuer(
            name=decision.authority_name,
            short_name=decision.authority_short_name,
            parent_name=decision.authority_parent_name,
            place=decision.authority_place,
            chairman_title=decision.signer_title,
            chairman_name=decision.signer_name,
            decision_symbol=decision.symbol,
            level_label=decision.authority_level_label,
            unit_label=decision.authority_unit_label,
            council=decision.authority_council_name,
        )
    a = decision.authority
    return Issuer(
        a.name,
        a.short_name,
        a.parent_name,
        a.place,
        a.chairman_title,
        a.chairman_name,
        a.decision_symbol,
        a.level_label,
        a.unit_label,
        a.council,
    )


def document_context(decision: Decision) -> dict[str, Any]:
    """What ``pdf/decision.html`` reads: the decision, its issuer, lines, total, campaign, the
    căn cứ as printed, Điều 1's text and the annex in parts (``documents``)."""
    lines, total = preview(decision)
    revoked_lines = revocation_lines(decision)
    in_part = (
        bool(revoked_lines)
        and decision.revokes is not None  # always, when there are revoked lines
        and decision.revokes.awards.count() > len(revoked_lines)
    )
    if decision.is_frozen:
        campaign_name, campaign_year = decision.campaign_name, decision.campaign_year
    else:
        campaign_name = decision.campaign.name if decision.campaign else ""
        campaign_year = decision.campaign.year if decision.campaign else None
    authority = issuer(decision)
    return {
        "decision": decision,
        "authority": authority,
        "campaign_name": campaign_name,
        "bases": documents.legal_bases(decision.legal_bases, authority.council),
        "article_one": documents.article_one(
            [line.award for line in lines], campaign_name, campaign_year
        )
        if lines
        else "",
        "groups": documents.annex_groups(lines),
        "lines": lines,
        "total": total,
        "money": decision_money_article(decision, lines),
        "revoked_lines": revoked_lines,
        "revokes_in_part": in_part,
        "recovery": recovery(revoked_lines),
        "revocation_reason": decision.revocation_reason.strip().rstrip(" .;"),
    }


def decision_money_article(decision: Decision, lines: list[AwardLine]) -> MoneyArticle:
    """The parts of Điều 2 (money) of an award decision: the legal text in force on its date
    (today for a draft) for its authority's level, the base salary its amounts were computed
    on, each award's amount, the total in figures and in words, the fund."""
    on = decision.decided_on or timezone.localdate()
    fund_owner = issuer(decision).running_name  # "quận Đống Đa": lower case in running text
    with translation.override("vi"):
        awards = [
            (
                f"{line.award.award_kind_name} "
                f"({str(NomineeKind(line.award.awardee_kind).label).lower()})"
                if line.award.awardee_kind
                else line.award.award_kind_name,
                line.amount,
            )
            for line in lines
        ]
        return money_article(
            awards,
            on=on,
            level=decision.authority.level,
            base_salary=lines[0].base_salary if lines else 0,
            fund=f"Quỹ Thi đua, khen thưởng của {fund_owner}",
        )


def render_decision_pdf(decision: Decision) -> bytes:
    """The decision (with its annex) as a PDF, from the frozen copy once signed; the number
    and date are printed once registered, blank before ("Số:      /QĐ-UBND")."""
    return render_document("pdf/decision.html", document_context(decision))


def store_pdf(decision: Decision, pdf: bytes) -> None:
    """Write ``pdf`` to private storage, then point ``decision`` at it with its SHA-256
    (in memory: the caller saves the row). The file goes again if the transaction rolls back.

    The one place the file of record is set: the digitally signed file will come through here.
    """
    decision.pdf.name = save_private_until_rollback(decision_pdf_path(decision, ""), pdf)
    decision.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


class StoredFileAltered(RuntimeError):
    """The stored file of an issued decision no longer has the SHA-256 kept at signature."""


class StoredFileMissing(RuntimeError):
    """The stored file of an issued decision is not in private storage (lost, not restored):
    never rendered again in its place (the file of record may be the signed one)."""


def issued_pdf(decision: Decision) -> bytes:
    """The stored PDF of a signed decision (the file of record), never rendered again.

    A decision published before files were stored gets one now, rendered once from its frozen
    copy and kept (with its SHA-256) like a newly issued one. Raises ``ValueError`` for a
    draft or a signed decision that has no file yet (signed on paper, or unsigned before
    registration), ``StoredFileAltered`` when the file on disk is not the one signed (its hash
    differs: never served as the decision; the error reaches the server log),
    ``StoredFileMissing`` when it is gone.
    """
    if not decision.is_frozen or (not decision.pdf and not decision.is_issued):
        raise ValueError("no stored PDF yet")
    if not decision.pdf:
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            if not locked.pdf:
                store_pdf(locked, render_decision_pdf(locked))
                # An issued row refuses save(): the one update it takes, here.
                Decision.objects.filter(pk=locked.pk).update(
                    pdf=locked.pdf.name, pdf_sha256=locked.pdf_sha256
                )
            decision.pdf.name, decision.pdf_sha256 = locked.pdf.name, locked.pdf_sha256
    try:
        with private_storage.open(decision.pdf.name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as err:
        raise StoredFileMissing(f"{decision.pdf.name}: missing, decision {decision.pk}") from err
    if hashlib.sha256(content).hexdigest() != decision.pdf_sha256:
        raise StoredFileAltered(f"{decision.pdf.name}: SHA-256 differs from decision {decision.pk}")
    return content


def _lock_awards(decision: Decision) -> list[Award]:
    awards = list(decision.awards.select_related("nomination__nominee", "nomination__award_kind"))
    if not awards:
        raise WorkflowError(_("Quyết định chưa có khen thưởng nào."))
    locked = {
        n.pk: n
        for n in Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[a.nomination_id for a in awards])
        .select_related("nominee", "award_kind")
    }
    for award in awards:
        nom = locked[award.nomination_id]
        if nom.state != S.RECOMMENDED:
            raise WorkflowError(
                _(
                    "Không thể ban hành: hồ sơ của %(n)s đang ở trạng thái “%(s)s”, chưa được "
                    "đề nghị khen thưởng."
                )
                % {"n": nom.nominee, "s": nom.get_state_display()}
            )
        award.nomination = nom
    return awards


def _lock_revocation_targets(decision: Decision) -> list[Award]:
    """Lock the named awards (all still valid for an old draft naming none) and their dossiers.

    A named award that another decision revoked meanwhile refuses the whole issue: the
    chairman would otherwise sign a list that no longer matches what it does.
    """
    target = decision.revokes
    if target is None or not target.is_issued:
        raise WorkflowError(_("Quyết định bị thu hồi chưa được phát hành."))
    if decision.ground is None:
        raise WorkflowError(
            _(
                "Không thể ký: dự thảo chưa chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật "
                "Thi đua, khen thưởng. Thư ký Hội đồng chọn căn cứ trên trang dự thảo rồi trình "
                "ký lại."
            )
        )
    chosen = list(decision.target_awards.values_list("pk", flat=True))
    if chosen:
        awards = list(Award.objects.select_for_update().filter(pk__in=chosen).order_by("pk"))
    else:
        awards = list(
            Award.objects.select_for_update()
            .filter(decision=target, revoked_by__isnull=True)
            .order_by("pk")
        )
    if not awards:
        raise WorkflowError(_("Mọi khen thưởng của quyết định này đã bị thu hồi."))
    locked = {
        n.pk: n
        for n in Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[a.nomination_id for a in awards])
        .select_related("nominee")
        .order_by("pk")
    }  # one lock order for every issuer: no deadlock
    for award in awards:
        award.nomination = locked[award.nomination_id]
        if award.decision_id != target.pk:
            raise WorkflowError(
                _("Khen thưởng của %(n)s không thuộc Quyết định số %(ref)s.")
                % {"n": award.nomination.nominee, "ref": target.reference}
            )
        if award.revoked_by_id is not None:
            other = Decision.objects.get(pk=award.revoked_by_id)
            raise WorkflowError(
                _(
                    "Không thể ban hành: khen thưởng của %(n)s đã bị thu hồi theo Quyết định số "
                    "%(ref)s. Bỏ người này khỏi dự thảo rồi ký lại."
                )
                % {"n": award.nomination.nominee, "ref": other.reference}
            )
    return awards
