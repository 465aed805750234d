"""Award decisions: drafts, signature (issue), revocation, and the decision and certificate
PDFs.

Views stay thin: rules live in nominations.decisions.services, nominations.workflow and
nominations.permissions.
"""

from __future__ import annotations

import logging
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import Campaign
from emulation import once
from emulation.context_processors import current_authority
from emulation.decorators import AuthenticatedRequest, requires
from emulation.formats import dong
from emulation.models import Authority
from emulation.page_cache import cache_staff_page
from emulation.site import absolute_url
from nominations import permissions
from nominations.council.views import COUNCIL_ONLY, confirm_page, confirmed
from nominations.decisions import documents
from nominations.decisions import services as decisions
from nominations.decisions.forms import (
    DecisionDraftForm,
    DecisionEditForm,
    DigitalSignatureForm,
    RevocationEditForm,
    RevocationForm,
)
from nominations.files.pdf import pdf_response
from nominations.files.pdf import render_document as render_pdf
from nominations.models import (
    Award,
    Decision,
    NominationState,
)
from nominations.models.decision import AwardQuerySet, DecisionKind
from nominations.workflow import WorkflowError

logger = logging.getLogger(__name__)
S = NominationState
PAGE_SIZE = 50
SECRETARY_REVOKES = gettext_lazy("Chỉ thư ký Hội đồng được dự thảo quyết định thu hồi.")
SECRETARY_DRAFTS = gettext_lazy("Chỉ thư ký Hội đồng được dự thảo quyết định.")


def _authority(request: HttpRequest) -> Authority | None:
    return current_authority(request)


def _refuse(request: HttpRequest, err: WorkflowError) -> None:
    messages.error(request, err.message)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@cache_staff_page
def decision_list(request: AuthenticatedRequest) -> HttpResponse:
    qs = (
        Decision.objects.select_related("campaign", "revokes")
        .annotate(n_awards=Count("awards"))
        .order_by("state", "-year", "-number", "-created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    campaigns = (
        Campaign.objects.filter(nominations__state=S.RECOMMENDED)
        .annotate(n=Count("nominations"))
        .order_by("name")
    )
    sudden = decisions.recommended_for_decision(None).count()
    return render(
        request,
        "council/decision_list.html",
        {
            "page": page,
            "campaigns": campaigns,
            "sudden_count": sudden,
            "can_draft": permissions.can_draft_decision(request.user),
        },
    )


@requires(permissions.can_draft_decision, SECRETARY_DRAFTS)
def decision_create(request: AuthenticatedRequest) -> HttpResponse:
    campaign = None
    key = request.GET.get("campaign") or request.POST.get("campaign") or ""
    if key and key != "dot-xuat":
        campaign = get_object_or_404(Campaign, pk=key) if key.isascii() and key.isdigit() else None
        if campaign is None:
            raise Http404
    candidates = decisions.recommended_for_decision(campaign)
    held = decisions.drafts_holding(candidates)
    form = DecisionDraftForm(
        request.POST or None,
        candidates=candidates,
        held=held,
        initial={
            "nominations": [n for n in candidates if n.pk not in held],
            "title": "",  # blank: the draft names the chosen form of award and counts
            "legal_bases": decisions.default_legal_bases(_authority(request)),
            "recipients": decisions.DEFAULT_RECIPIENTS,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                first = once.claim(request, "decision-create")
                if first is not None:  # the same form posted again: one draft
                    return redirect(first)
                decision = decisions.draft(
                    request.user,
                    data["nominations"],
                    campaign=campaign,
                    title=data["title"],
                    legal_bases=data["legal_bases"],
                    recipients=data["recipients"],
                )
                once.record(request, reverse("decision-detail", args=[decision.pk]))
        except decisions.OnAnotherDraft as err:
            link = reverse("decision-detail", args=[err.decision.pk])
            form.add_error(
                None, format_html('{} <a href="{}">{}</a>', err.message, link, _("Mở dự thảo đó"))
            )
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định."))
            return redirect("decision-detail", pk=decision.pk)
    return render(
        request,
        "council/decision_form.html",
        {"form": form, "campaign": campaign, "campaign_key": key or "dot-xuat"},
    )


def _decision_or_404(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related(
            "authority", "campaign", "revokes", "created_by", "issued_by"
        ),
        pk=pk,
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
def decision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    lines, total = decisions.preview(decision)
    revoked_lines = decisions.revocation_lines(decision)
    can_edit = permissions.can_edit_decision(request.user, decision)
    return render(
        request,
        "council/decision_detail.html",
        {
            "decision": decision,
            "lines": lines,
            "total": total,
            "revoked_lines": revoked_lines,
            "warnings": [] if decision.is_issued else decisions.warnings(decision),
            "blockers": decisions.blockers(decision),
            "edit_form": _edit_form(decision)(
                initial={
                    "title": decision.title,
                    "legal_bases": decision.legal_bases,
                    "recipients": decision.recipients,
                    "ground": decision.revocation_ground,
                    "reason": decision.revocation_reason,
                }
            )
            if can_edit
            else None,
            "can_edit": can_edit,
            "can_issue": permissions.can_issue_decision(request.user, decision),
            "can_revoke": (
                decision.is_issued
                and decision.kind == DecisionKind.AWARD
                and permissions.can_draft_decision(request.user)
                and any(not line.award.is_revoked for line in lines)
            ),
            "revocations": decision.revoked_by.all() if decision.is_issued else [],
            "signature": decisions.signature_report(decision),
        },
    )


def _edit_form(decision: Decision) -> type[DecisionEditForm]:
    """The draft's edit form: a revocation's also carries its ground and reason."""
    return RevocationEditForm if decision.kind == DecisionKind.REVOCATION else DecisionEditForm


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def decision_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    form = _edit_form(decision)(request.POST)
    if not form.is_valid():
        if "title" in form.errors:
            messages.error(request, _("Trích yếu không được để trống."))
        else:
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        return redirect("decision-detail", pk=decision.pk)
    remove = [int(i) for i in request.POST.getlist("remove") if i.isascii() and i.isdigit()]
    try:
        decisions.update_draft(decision, request.user, remove=remove, **form.cleaned_data)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã lưu dự thảo."))
    return redirect("decision-detail", pk=decision.pk)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def decision_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        decision = _decision_or_404(request, pk)
    except Http404:
        if (
            permissions.can_draft_decision(request.user)
            and not Decision.objects.filter(pk=pk).exists()
        ):
            # Deleted by the first press of the button (a double click), before or while this
            # one looked it up: answer as the first did.
            messages.info(request, _("Dự thảo này đã được xóa."))
            return redirect("decision-list")
        raise
    detail = reverse("decision-detail", args=[decision.pk])
    if confirmed(request):
        try:
            decisions.delete_draft(decision, request.user)
        except WorkflowError as err:
            _refuse(request, err)
            return redirect(detail)
        messages.success(request, _("Đã xóa dự thảo."))
        return redirect("decision-list")
    if not permissions.can_edit_decision(request.user, decision):
        messages.error(
            request,
            _("Quyết định đã ban hành, không thể xóa.")
            if decision.is_issued
            else _("Chỉ thư ký Hội đồng được xóa dự thảo."),
        )
        return redirect(detail)
    if decision.kind == DecisionKind.REVOCATION:
        n = decisions.revocation_targets(decision).count()
        consequences = [
            _("Dự thảo thu hồi %(n)d khen thưởng bị xóa; các khen thưởng đó giữ nguyên hiệu lực.")
            % {"n": n}
        ]
    else:
        n = decision.awards.count()
        consequences = [
            _(
                "Dự thảo và danh sách %(n)d khen thưởng bị xóa; các hồ sơ giữ trạng thái "
                "“Được đề nghị khen thưởng” và có thể đưa vào dự thảo khác."
            )
            % {"n": n}
        ]
    return confirm_page(
        request,
        heading=_("Xóa dự thảo quyết định"),
        lead=_("Xóa dự thảo “%(t)s”. Không thể hoàn tác.") % {"t": decision.title},
        consequences=consequences,
        submit_label=_("Xóa dự thảo"),
        cancel_url=detail,
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def decision_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    detail = reverse("decision-detail", args=[decision.pk])
    refusal = ""
    form = DigitalSignatureForm(request.POST or None, request.FILES or None)
    if confirmed(request) and not form.is_valid():
        refusal = " ".join(str(e) for errors in form.errors.values() for e in errors)
    elif confirmed(request):
        ticked = request.POST.get("acknowledge") == "yes"
        try:
            decision = decisions.issue(
                decision,
                request.user,
                acknowledged=request.POST.getlist("warning") if ticked else (),
                certificate=form.cleaned_data["certificate"],
                password=form.cleaned_data["password"],
                seen=request.POST.get("seen"),
            )
        except (
            decisions.UnacknowledgedWarnings,
            decisions.SigningRefused,
            decisions.DraftChanged,
        ) as err:
            refusal = err.message  # shown again with the warnings as they are now
        except WorkflowError as err:
            _refuse(request, err)
            return redirect(detail)
        else:
            messages.success(
                request, _("Đã ban hành Quyết định số %(ref)s.") % {"ref": decision.reference}
            )
            return redirect(detail)
    elif not permissions.can_issue_decision(request.user, decision):
        messages.error(
            request,
            _("Quyết định %(ref)s đã được ban hành, không thể ban hành lại.")
            % {"ref": decision.reference}
            if decision.is_issued
            else _("Chỉ Chủ tịch hoặc Phó Chủ tịch được ký ban hành quyết định."),
        )
        return redirect(detail)
    day = timezone.localdate()
    reference = decisions.next_reference(decision.authority, day)
    values = {"ref": reference, "d": day.strftime("%d/%m/%Y")}
    consequences = [
        _(
            "Quyết định mang số %(ref)s, ngày %(d)s (nếu có quyết định khác được ký trước, "
            "quyết định này lấy số kế tiếp)."
        )
        % values
    ]
    if decision.kind == DecisionKind.REVOCATION:
        assert decision.revokes is not None  # a revocation names its target
        consequences.append(
            _(
                "%(n)d khen thưởng của Quyết định số %(target)s bị thu hồi; các hồ sơ chuyển "
                "sang “Đã thu hồi khen thưởng” và không còn hiện trên trang công khai."
            )
            % {
                "n": decisions.revocation_targets(decision).count(),
                "target": decision.revokes.reference,
            }
        )
    else:
        lines, total = decisions.preview(decision, on=day)
        consequences.append(
            _(
                "%(n)d khen thưởng, tổng tiền thưởng %(total)s, được cố định theo mức lương cơ sở "
                "áp dụng ngày %(d)s; các hồ sơ chuyển sang “Đã khen thưởng”."
            )
            % {"n": len(lines), "total": dong(total), "d": values["d"]}
        )
    consequences.append(
        _(
            "Sau khi ký, không ai sửa hoặc xóa được quyết định; sai sót chỉ được khắc phục bằng "
            "một quyết định thu hồi."
        )
    )
    return confirm_page(
        request,
        heading=_("Ký ban hành quyết định"),
        lead=_("Ký ban hành sẽ lấy số %(ref)s cho quyết định “%(t)s”.")
        % {"ref": reference, "t": decision.title},
        consequences=consequences,
        warnings=decisions.warnings(decision),
        blockers=decisions.blockers(decision),
        refusal=refusal,
        fingerprint=decisions.fingerprint(decision),
        submit_label=_("Ký ban hành"),
        cancel_url=detail,
        signature_form=DigitalSignatureForm(),
    )


@requires(permissions.can_draft_decision, SECRETARY_REVOKES)
def decision_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    try:
        decisions.check_revocable(decision)
    except WorkflowError as err:
        refusal = err.message
    else:
        refusal = ""
    form = RevocationForm(request.POST or None, candidates=decisions.revocable_awards(decision))
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        try:
            revocation = decisions.draft_revocation(
                request.user,
                decision,
                awards=data["awards"],
                ground=data["ground"],
                reason=data["reason"],
            )
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(
                request,
                _("Đã lập dự thảo quyết định thu hồi; Chủ tịch ký ban hành để có hiệu lực."),
            )
            return redirect("decision-detail", pk=revocation.pk)
    return render(
        request,
        "council/decision_revoke.html",
        {"decision": decision, "form": form, "refusal": refusal},
    )


# --------------------------------------------------------------------------- documents


@requires(permissions.can_see_award_documents)
def decision_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("authority", "revokes"), pk=pk)
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    if decision.is_issued:
        try:
            pdf = decisions.issued_pdf(decision)  # the file of record, never rendered again
        except decisions.StoredFileMissing:
            logger.exception("Decision %s: stored PDF missing", decision.reference)
            return render(
                request, "council/decision_file_missing.html", {"decision": decision}, status=503
            )
    else:
        pdf = decisions.render_decision_pdf(decision)
    name = (
        f"quyet-dinh-{decision.number_text}-{decision.year}.pdf"
        if decision.is_issued
        else f"du-thao-quyet-dinh-{decision.pk}.pdf"
    )
    return pdf_response(pdf, name)


def _certificate(award: Award) -> dict[str, Any]:
    """One certificate sheet: the award's frozen copy, its verification URL and QR code, the
    public site's address and the award's number in the register."""
    url = absolute_url(reverse("verify", args=[award.verification_code]))
    return {
        "award": award,
        "verify_url": url,
        "site": absolute_url("/").split("://", 1)[-1].rstrip("/"),
        "qr": segno.make(url, error="m").svg_data_uri(scale=3),
        "register": documents.register_number(award),
    }


def _certificates_pdf(request: HttpRequest, decision: Decision, awards: list[Award]) -> bytes:
    """The certificates of ``awards``: full sheets, or with ``?phoi=1`` the text only, for
    pre-printed blanks, at the positions the authority's configuration gives (in mm)."""
    context = {
        "decision": decision,
        "authority": decisions.issuer(decision),
        "certificates": [_certificate(a) for a in awards],
        "layout": decision.authority,
    }
    blank = request.GET.get("phoi") == "1"
    return render_pdf("pdf/certificate_blank.html" if blank else "pdf/certificate.html", context)


def _awards_qs() -> AwardQuerySet:
    return Award.objects.select_related("decision", "nomination", "revoked_by")


@requires(permissions.can_see_award_documents)
def certificates_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("authority"), pk=pk)
    if not (decision.is_issued and decision.kind == DecisionKind.AWARD):
        raise Http404
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    awards = _awards_qs().valid().filter(decision=decision).order_by(*decisions.FROZEN_ORDER)
    if request.user.is_ward_officer:
        assert request.user.ward_id is not None  # is_ward_officer says so
        awards = awards.filter(nomination__ward_id=request.user.ward_id)
    pdf = _certificates_pdf(request, decision, list(awards))
    return pdf_response(pdf, f"giay-khen-{decision.number_text}-{decision.year}.pdf", inline=False)


@requires(permissions.can_see_award_documents)
def certificate_pdf(request: AuthenticatedRequest, award_pk: int) -> HttpResponse:
    award = get_object_or_404(
        _awards_qs().issued(),
        pk=award_pk,
    )
    decision = award.decision
    if request.user.is_ward_officer and award.nomination.ward_id != request.user.ward_id:
        raise Http404  # another ward's award: do not reveal that it exists
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    if award.is_revoked:
        raise Http404
    pdf = _certificates_pdf(request, decision, [award])
    return pdf_response(pdf, f"giay-khen-{award.verification_code}.pdf", inline=False)
