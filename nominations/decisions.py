"""Award decisions: drafting, warnings, issuing (numbering, money freeze), revoking.

Issuing is one transaction: the decision row is locked (a second issue waits, then sees it
issued and is refused), the per-authority-year ``DecisionCounter`` row is locked with
``select_for_update`` so parallel issues get consecutive numbers that never repeat, the money
of every award is computed on the decision date and frozen, and the dossiers move to
"awarded" through the workflow. Issued decisions are never edited again (see the guards on
the models and the admin); a mistaken one is revoked by a later decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import BaseSalary
from campaigns.money import award_money, round_up
from emulation import page_cache
from emulation.models import Authority
from nominations import permissions, workflow
from nominations.models import (
    Award,
    Decision,
    DecisionCounter,
    DecisionState,
    Nomination,
    NominationState,
    Procedure,
)
from nominations.models.decision import DecisionKind
from nominations.workflow import WorkflowError

if TYPE_CHECKING:
    from campaigns.models import Campaign
    from emulation.models import User

S = NominationState

DEFAULT_LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;\n"
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;\n"
    "Xét đề nghị của Hội đồng Thi đua - Khen thưởng."
)
DEFAULT_RECIPIENTS = "Như Điều 3;\nThường trực Hội đồng Thi đua - Khen thưởng;\nLưu: VT, NV."


def recommended_for_decision(campaign: Campaign | None = None):
    """Dossiers a draft may take: recommended; of one campaign, or simplified (sudden deeds)."""
    qs = (Nomination.objects.filter(state=S.RECOMMENDED)
          .select_related("nominee", "ward", "campaign", "award_kind")
          .order_by("ward__name_folded", "nominee__sort_key"))
    if campaign is not None:
        return qs.filter(campaign=campaign)
    return qs.filter(procedure=Procedure.SIMPLIFIED)


def default_title(campaign: Campaign | None) -> str:
    """Stored in the decision: always Vietnamese (see docs/decisions.md)."""
    with translation.override("vi"):
        return _default_title(campaign)


def _default_title(campaign: Campaign | None) -> str:
    if campaign is None:
        return _("Về việc khen thưởng đột xuất các tập thể, cá nhân có thành tích xuất sắc")
    return (_("Về việc khen thưởng các tập thể, cá nhân có thành tích trong phong trào "
              "“%(c)s” năm %(y)d") % {"c": campaign.name, "y": campaign.year})


def _check_draftable(nominations: list[Nomination], campaign: Campaign | None) -> None:
    if not nominations:
        raise WorkflowError(_("Chọn ít nhất một hồ sơ được đề nghị khen thưởng."),
                            ["nominations"])
    for nom in nominations:
        if nom.state != S.RECOMMENDED:
            raise WorkflowError(_("Hồ sơ của %(n)s chưa được đề nghị khen thưởng.")
                                % {"n": nom.nominee})
        if campaign is not None and nom.campaign_id != campaign.pk:
            raise WorkflowError(_("Hồ sơ của %(n)s không thuộc phong trào “%(c)s”.")
                                % {"n": nom.nominee, "c": campaign})
        if campaign is None and nom.procedure != Procedure.SIMPLIFIED:
            raise WorkflowError(_("Quyết định khen thưởng đột xuất chỉ gồm hồ sơ theo thủ tục "
                                  "đơn giản (hồ sơ của %(n)s).") % {"n": nom.nominee})


@transaction.atomic
def draft(actor: User, nominations: Iterable[Nomination], *, campaign: Campaign | None = None,
          title: str = "", legal_bases: str = "", recipients: str = "",
          authority: Authority | None = None) -> Decision:
    """A draft award decision: one campaign, or a sudden-deed decision (campaign None)."""
    if not permissions.can_draft_decision(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được dự thảo quyết định."))
    authority = authority or Authority.current()
    if authority is None:
        raise WorkflowError(_("Chưa cấu hình cơ quan ban hành."))
    noms = list(Nomination.objects.select_for_update(of=("self",))
                .filter(pk__in=[n.pk for n in nominations])
                .select_related("nominee", "award_kind"))
    _check_draftable(noms, campaign)
    decision = Decision.objects.create(
        authority=authority, kind=DecisionKind.AWARD, campaign=campaign,
        title=(title or "").strip() or default_title(campaign),
        legal_bases=(legal_bases or "").strip() or DEFAULT_LEGAL_BASES,
        recipients=(recipients or "").strip() or DEFAULT_RECIPIENTS,
        symbol=authority.decision_symbol, created_by=actor)
    for nom in noms:
        Award.objects.create(decision=decision, nomination=nom,
                             coefficient=nom.award_kind.coefficient_for(nom.nominee.kind))
    return decision


@transaction.atomic
def update_draft(decision: Decision, actor: User, *, title: str, legal_bases: str,
                 recipients: str, remove: Iterable[int] = ()) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not permissions.can_edit_decision(actor, decision):
        raise WorkflowError(_("Quyết định đã ban hành hoặc bạn không có quyền sửa."))
    decision.title = title.strip() or decision.title
    decision.legal_bases = legal_bases.strip()
    decision.recipients = recipients.strip()
    decision.save(update_fields=["title", "legal_bases", "recipients"])
    remove = list(remove)
    if remove:
        left = decision.awards.exclude(pk__in=remove).count()
        if decision.kind == DecisionKind.AWARD and left == 0:
            raise WorkflowError(_("Quyết định phải còn ít nhất một khen thưởng."))
        decision.awards.filter(pk__in=remove).delete()
    return decision


@transaction.atomic
def delete_draft(decision: Decision, actor: User) -> None:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not permissions.can_edit_decision(actor, decision):
        raise WorkflowError(_("Quyết định đã ban hành, không thể xóa."))
    decision.awards.all().delete()
    decision.delete()


@transaction.atomic
def draft_revocation(actor: User, target: Decision, *, reason: str, title: str = "",
                     recipients: str = "") -> Decision:
    """A decision that, once issued, revokes every award still valid in ``target``."""
    if not permissions.can_draft_decision(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được dự thảo quyết định."))
    if not target.is_issued or target.kind != DecisionKind.AWARD:
        raise WorkflowError(_("Chỉ thu hồi được quyết định khen thưởng đã ban hành."))
    if not target.awards.filter(revoked_by__isnull=True).exists():
        raise WorkflowError(_("Mọi khen thưởng của quyết định này đã bị thu hồi."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi rõ lý do thu hồi."), ["reason"])
    with translation.override("vi"):
        default = _("Về việc thu hồi Quyết định số %(ref)s ngày %(d)s") % {
            "ref": target.reference, "d": target.decided_on.strftime("%d/%m/%Y")}
    return Decision.objects.create(
        authority=target.authority, kind=DecisionKind.REVOCATION, campaign=target.campaign,
        revokes=target, title=(title or "").strip() or default,
        legal_bases=DEFAULT_LEGAL_BASES + "\n" + reason,
        recipients=(recipients or "").strip() or DEFAULT_RECIPIENTS,
        symbol=target.authority.decision_symbol, created_by=actor)


# --------------------------------------------------------------------------- preview, warnings


@dataclass(frozen=True)
class AwardLine:
    award: Award
    coefficient: Decimal
    base_salary: int
    amount: int


def preview(decision: Decision, on: dt.date | None = None) -> tuple[list[AwardLine], int]:
    """Each award's money on the decision date (frozen values once issued) and the total."""
    awards = list(decision.awards.select_related(
        "nomination__nominee", "nomination__ward", "nomination__award_kind",
        "nomination__campaign").order_by("nomination__ward__name_folded",
                                         "nomination__nominee__sort_key"))
    lines = []
    if decision.is_issued:
        lines = [AwardLine(a, a.coefficient, a.base_salary, a.amount) for a in awards]
    else:
        day = on or timezone.localdate()
        try:
            base = BaseSalary.in_force_on(day).amount
        except BaseSalary.DoesNotExist:
            base = 0
        for a in awards:  # one base salary for all: the same rule as award_money
            coefficient = a.nomination.award_kind.coefficient_for(a.nomination.nominee.kind)
            amount = round_up(Decimal(coefficient) * base) if base else 0
            lines.append(AwardLine(a, coefficient, base, amount))
    return lines, sum(line.amount for line in lines)


def _decimal_text(value: Decimal) -> str:
    """15.00 → "15", 0.90 → "0,9": Vietnamese decimal comma, no trailing zeros."""
    return f"{value.normalize():f}".replace(".", ",")


def warnings(decision: Decision) -> list[str]:
    """Quota exceeded within the decision, or a nominee already awarded in the campaign."""
    found = []
    awards = list(decision.awards.select_related("nomination__award_kind__quota_base",
                                                  "nomination__nominee",
                                                  "nomination__campaign"))
    counts: dict[int, int] = {}
    kinds = {}
    for a in awards:
        kind = a.nomination.award_kind
        counts[kind.pk] = counts.get(kind.pk, 0) + 1
        kinds[kind.pk] = kind
    for pk, kind in kinds.items():
        if kind.quota_percent is None or kind.quota_base_id is None:
            continue
        base_count = counts.get(kind.quota_base_id, 0)
        allowed = Decimal(kind.quota_percent) * base_count / 100
        if counts[pk] > allowed:
            found.append(_(
                "Vượt tỷ lệ: %(n)d “%(k)s” trong khi tối đa %(p)s%% của %(b)d “%(base)s” "
                "(tối đa %(max)s).") % {
                "n": counts[pk], "k": kind.name, "p": _decimal_text(Decimal(kind.quota_percent)),
                "b": base_count, "base": kind.quota_base.name,
                "max": _decimal_text(allowed.quantize(Decimal("0.01")))})
    if awards:
        # The same person: the same nominee row, or the same folded name and birth year (a
        # person filed twice, e.g. by two wards); or the same dossier on two drafts.
        by_id = {(a.nomination.nominee_id, a.nomination.campaign_id) for a in awards}
        by_name = {(a.nomination.nominee.name_folded, a.nomination.nominee.birth_year,
                    a.nomination.campaign_id) for a in awards}
        earlier = (Award.objects.filter(decision__state=DecisionState.ISSUED,
                                        decision__kind=DecisionKind.AWARD,
                                        revoked_by__isnull=True,
                                        nomination__campaign_id__in={k[1] for k in by_id})
                   .filter(Q(nomination__nominee_id__in={k[0] for k in by_id})
                           | Q(nomination__nominee__name_folded__in={k[0] for k in by_name}))
                   .exclude(decision=decision)
                   .select_related("decision", "nomination__nominee", "nomination__campaign")
                   .order_by("decision__decided_on", "pk"))
        for other in earlier:
            nominee = other.nomination.nominee
            same = ((nominee.pk, other.nomination.campaign_id) in by_id
                    or (nominee.name_folded, nominee.birth_year,
                        other.nomination.campaign_id) in by_name)
            if same:
                found.append(_("%(n)s đã được khen thưởng trong phong trào “%(c)s” (Quyết định "
                               "số %(ref)s).") % {"n": nominee, "c": other.nomination.campaign,
                                                  "ref": other.decision.reference})
    return found


# --------------------------------------------------------------------------- issuing


def _next_number(authority: Authority, year: int) -> int:
    DecisionCounter.objects.get_or_create(authority=authority, year=year)
    counter = DecisionCounter.objects.select_for_update().get(authority=authority, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def issue(decision: Decision, actor: User, today: dt.date | None = None) -> Decision:
    """The chairman signs: number, date, signer and money frozen; dossiers awarded/revoked."""
    decision = (Decision.objects.select_for_update(of=("self",))
                .select_related("authority", "revokes").get(pk=decision.pk))
    if decision.is_issued:
        raise WorkflowError(_("Quyết định %(ref)s đã được ban hành, không thể ban hành lại.")
                            % {"ref": decision.reference})
    if not permissions.can_issue_decision(actor, decision):
        raise WorkflowError(_("Chỉ Chủ tịch được ký ban hành quyết định."))
    day = today or timezone.localdate()
    if decision.kind == DecisionKind.REVOCATION:
        targets = _lock_revocation_targets(decision)
    else:
        awards = _lock_awards(decision)
        try:
            BaseSalary.in_force_on(day)
        except BaseSalary.DoesNotExist as err:
            raise WorkflowError(_("Chưa có mức lương cơ sở áp dụng vào ngày %(d)s.")
                                % {"d": day.strftime("%d/%m/%Y")}) from err
    authority = decision.authority
    number = _next_number(authority, day.year)
    reference = f"{number}/{authority.decision_symbol}"
    if decision.kind == DecisionKind.REVOCATION:
        for award in targets:
            Award.objects.filter(pk=award.pk).update(revoked_by=decision)
            page_cache.bump()
            workflow.mark_revoked(award.nomination, actor,
                                  _("Thu hồi theo Quyết định số %(ref)s") % {"ref": reference})
    else:
        for award in awards:
            coefficient = award.nomination.award_kind.coefficient_for(award.nomination.nominee.kind)
            amount, base = award_money(coefficient, day)
            award.coefficient, award.base_salary, award.amount = coefficient, base, amount
            award.save(update_fields=["coefficient", "base_salary", "amount"])
            workflow.mark_awarded(award.nomination, actor, day,
                                  _("Quyết định số %(ref)s") % {"ref": reference})
    decision.number = number
    decision.year = day.year
    decision.decided_on = day
    decision.symbol = authority.decision_symbol
    decision.signer_name = authority.chairman_name or actor.full_name or str(actor)
    decision.signer_title = authority.chairman_title
    decision.state = DecisionState.ISSUED
    decision.issued_by = actor
    decision.issued_at = timezone.now()
    decision.save()
    return decision


def _lock_awards(decision: Decision) -> list[Award]:
    awards = list(decision.awards.select_related("nomination__nominee", "nomination__award_kind"))
    if not awards:
        raise WorkflowError(_("Quyết định chưa có khen thưởng nào."))
    locked = {n.pk: n for n in Nomination.objects.select_for_update(of=("self",))
              .filter(pk__in=[a.nomination_id for a in awards])
              .select_related("nominee", "award_kind")}
    for award in awards:
        nom = locked[award.nomination_id]
        if nom.state != S.RECOMMENDED:
            raise WorkflowError(
                _("Không thể ban hành: hồ sơ của %(n)s đang ở trạng thái “%(s)s”, chưa được "
                  "đề nghị khen thưởng.") % {"n": nom.nominee, "s": nom.get_state_display()})
        award.nomination = nom
    return awards


def _lock_revocation_targets(decision: Decision) -> list[Award]:
    target = decision.revokes
    if target is None or not target.is_issued:
        raise WorkflowError(_("Quyết định bị thu hồi chưa được ban hành."))
    awards = list(Award.objects.select_for_update().filter(decision=target,
                                                           revoked_by__isnull=True))
    if not awards:
        raise WorkflowError(_("Mọi khen thưởng của quyết định này đã bị thu hồi."))
    locked = {n.pk: n for n in Nomination.objects.select_for_update(of=("self",))
              .filter(pk__in=[a.nomination_id for a in awards]).select_related("nominee")}
    for award in awards:
        award.nomination = locked[award.nomination_id]
    return awards
