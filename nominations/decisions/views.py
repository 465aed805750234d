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
from emulation import numbering, once
from emulation.context_processors import current_authority
from emulation.decorators import AuthenticatedRequest, requires
from emulation.formats import dong
from emulation.models import Authority, DocumentType, RegisterEntry
from emulation.page_cache import cache_staff_page
from emulation.site import absolute_url
from nominations import permissions
from nominations.council.views import COUNCIL_ONLY, confirm_page, confirmed
from nominations.decisions import documents
from nominations.decisions import services as decisions
from nominations.decisions.forms import (
    DecisionDraftForm,
    DecisionEditForm,
    RegisterForm,
    ReturnForm,
    RevocationEditForm,
    RevocationForm,
    ScanForm,
    SignForm,
)
from nominations.files.pdf import pdf_response
from nominations.files.pdf import render_document as render_pdf
from nominations.models import (
    Award,
    Decision,
    DecisionState,
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
            "authority",
            "campaign",
            "revokes",
            "created_by",
            "issued_by",
            "submitted_by",
            "registered_by",
            "published_by",
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
            "warnings": [] if decision.is_frozen else decisions.warnings(decision),
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
            "can_submit": permissions.can_submit_decision(request.user, decision),
            "can_return": permissions.can_sign_decision(request.user, decision),
            "can_register": permissions.can_register_decision(request.user, decision)
            and decision.state == DecisionState.SIGNED,
            "can_scan": permissions.can_register_decision(request.user, decision)
            and decision.state == DecisionState.REGISTERED,
            "can_publish": permissions.can_publish_decision(request.user, decision),
            "return_form": ReturnForm(),
            "scan_form": ScanForm(),
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
        if decision.is_issued:
            message = _("Quyết định đã ban hành, không thể xóa.")
        elif decision.is_frozen:
            message = _("Quyết định đã ký, không thể xóa.")
        elif decision.state == DecisionState.SUBMITTED:
            message = _("Dự thảo đang trình ký: chỉ xóa được khi người ký trả lại dự thảo.")
        else:
            message = _("Chỉ thư ký Hội đồng được xóa dự thảo.")
        messages.error(request, message)
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
def decision_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Trình ký: the secretary hands the draft to the chairman (asks first)."""
    decision = _decision_or_404(request, pk)
    detail = reverse("decision-detail", args=[decision.pk])
    if confirmed(request):
        try:
            decisions.submit(decision, request.user)
        except WorkflowError as err:
            _refuse(request, err)
        else:
            messages.success(request, _("Đã trình ký quyết định."))
        return redirect(detail)
    if not permissions.can_submit_decision(request.user, decision):
        messages.error(
            request,
            _("Chỉ trình ký được dự thảo, và chỉ thư ký Hội đồng được trình ký quyết định."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        heading=_("Trình ký quyết định"),
        lead=_("Trình ký dự thảo “%(t)s” cho Chủ tịch (hoặc Phó Chủ tịch) ký.")
        % {"t": decision.title},
        consequences=[
            _(
                "Dự thảo không sửa được nữa; người ký có thể trả lại dự thảo kèm lý do để "
                "thư ký sửa và trình ký lại."
            )
        ],
        submit_label=_("Trình ký"),
        cancel_url=detail,
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def decision_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The signer sends a submitted draft back, with a reason."""
    decision = _decision_or_404(request, pk)
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        decisions.send_back(decision, request.user, reason)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã trả lại dự thảo cho thư ký Hội đồng."))
    return redirect("decision-detail", pk=decision.pk)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def decision_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ký: the chairman or a deputy signs a submitted decision (digitally or on paper)."""
    decision = _decision_or_404(request, pk)
    detail = reverse("decision-detail", args=[decision.pk])
    refusal = ""
    form = SignForm(request.POST or None, request.FILES or None)
    if confirmed(request) and not form.is_valid():
        refusal = " ".join(str(e) for errors in form.errors.values() for e in errors)
    elif confirmed(request):
        ticked = request.POST.get("acknowledge") == "yes"
        try:
            decision = decisions.sign(
                decision,
                request.user,
                acknowledged=request.POST.getlist("warning") if ticked else (),
                certificate=form.cleaned_data["certificate"],
                password=form.cleaned_data["password"],
                seen=request.POST.get("seen"),
                on_paper=form.cleaned_data["on_paper"],
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
            messages.success(request, _("Đã ký quyết định; văn thư vào sổ để lấy số và ngày."))
            return redirect(detail)
    elif not permissions.can_sign_decision(request.user, decision):
        if decision.is_frozen:
            message = _("Quyết định này đã được ký, không thể ký lại.")
        elif decision.state == DecisionState.DRAFT:
            message = _("Dự thảo chưa được trình ký: thư ký Hội đồng trình ký trước.")
        else:
            message = _("Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định.")
        messages.error(request, message)
        return redirect(detail)
    day = timezone.localdate()
    consequences = [
        _(
            "Số và ngày của quyết định do văn thư cấp khi vào sổ, sau khi ký; bản ký để trống "
            "số và ngày."
        )
    ]
    if decision.kind == DecisionKind.REVOCATION:
        assert decision.revokes is not None  # a revocation names its target
        consequences.append(
            _(
                "%(n)d khen thưởng của Quyết định số %(target)s bị thu hồi khi quyết định được "
                "phát hành; các hồ sơ khi đó chuyển sang “Đã thu hồi khen thưởng” và không còn "
                "hiện trên trang công khai."
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
                "áp dụng ngày %(d)s; các hồ sơ chuyển sang “Đã khen thưởng” khi quyết định được "
                "phát hành."
            )
            % {"n": len(lines), "total": dong(total), "d": day.strftime("%d/%m/%Y")}
        )
    consequences.append(
        _(
            "Sau khi ký, không ai sửa hoặc xóa được quyết định; sai sót chỉ được khắc phục bằng "
            "một quyết định thu hồi."
        )
    )
    return confirm_page(
        request,
        heading=_("Ký quyết định"),
        lead=_("Ký quyết định “%(t)s”.") % {"t": decision.title},
        consequences=consequences,
        warnings=decisions.warnings(decision),
        blockers=decisions.blockers(decision),
        refusal=refusal,
        fingerprint=decisions.fingerprint(decision),
        submit_label=_("Ký quyết định"),
        cancel_url=detail,
        signature_form=SignForm(),
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def decision_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Vào sổ: the văn thư gives number and date (asks first, naming the number)."""
    decision = _decision_or_404(request, pk)
    detail = reverse("decision-detail", args=[decision.pk])
    digital = bool(decision.pdf) and decision.state == DecisionState.SIGNED
    refusal = ""
    day = timezone.localdate()
    following = numbering.next_number(decision.authority, DocumentType.DECISION, day.year)
    form = RegisterForm(request.POST or None, request.FILES or None, digital=digital)
    typed: int | None = (
        form.cleaned_data.get("number") if confirmed(request) and form.is_valid() else None
    )
    unconfirmed = (
        permissions.can_register_decision(request.user, decision)
        and decision.state == DecisionState.SIGNED
        and typed not in (None, following)
        and not RegisterEntry.objects.filter(  # a taken number is refused by register()
            authority=decision.authority,
            unit__isnull=True,
            year=day.year,
            doc_type=DocumentType.DECISION,
            number=typed,
        ).exists()
    )
    unconfirmed = unconfirmed and request.POST.get("number_seen") != str(typed)
    if confirmed(request) and not form.is_valid():
        refusal = " ".join(str(e) for errors in form.errors.values() for e in errors)
    elif unconfirmed and typed is not None:  # typed, not the register's next: named, asked again
        reference = numbering.reference(typed, decision.symbol)
        if digital:
            refusal = _(
                "Kiểm tra số %(ref)s đã nhập, chọn lại tệp chứng thư số, nhập mật khẩu, rồi bấm "
                "“Vào sổ” lần nữa để xác nhận. Số đã vào sổ không sửa được."
            ) % {"ref": reference}
        else:
            refusal = _(
                "Kiểm tra số %(ref)s đã nhập, rồi bấm “Vào sổ” lần nữa để xác nhận. Số đã vào "
                "sổ không sửa được."
            ) % {"ref": reference}
    elif confirmed(request):
        try:
            decision = decisions.register(
                decision,
                request.user,
                number=form.cleaned_data["number"],
                certificate=form.cleaned_data.get("certificate"),
                password=form.cleaned_data.get("password") or "",
            )
        except (decisions.SigningRefused, decisions.NumberRefused) as err:
            refusal = err.message
        except WorkflowError as err:
            _refuse(request, err)
            return redirect(detail)
        else:
            messages.success(
                request,
                _("Đã vào sổ Quyết định số %(ref)s ngày %(d)s.")
                % {"ref": decision.reference, "d": f"{decision.decided_on:%d/%m/%Y}"},
            )
            return redirect(detail)
    elif not permissions.can_register_decision(request.user, decision) or (
        decision.state != DecisionState.SIGNED
    ):
        if decision.state in (DecisionState.REGISTERED, DecisionState.ISSUED):
            message = _("Quyết định đã được vào sổ số %(ref)s, không vào sổ lại.") % {
                "ref": decision.reference
            }
        elif decision.state != DecisionState.SIGNED:
            message = _("Quyết định chưa được ký: chỉ vào sổ văn bản đã ký.")
        else:
            message = _("Chỉ thư ký Hội đồng (văn thư) được vào sổ quyết định.")
        messages.error(request, message)
        return redirect(detail)
    reference = numbering.reference(following, decision.symbol)
    values = {"ref": reference, "d": day.strftime("%d/%m/%Y")}
    consequences = [
        _(
            "Số được ghi vào sổ đăng ký văn bản đi của cơ quan năm %(y)d và không dùng lại "
            "(nếu có văn bản khác vào sổ trước, quyết định lấy số kế tiếp)."
        )
        % {"y": day.year}
    ]
    if unconfirmed and typed is not None:
        values["ref"] = numbering.reference(typed, decision.symbol)
        if typed > following:
            consequences.insert(
                0,
                _(
                    "Số tiếp theo trong sổ là %(next)s: các số từ %(next)s đến %(last)s sẽ để "
                    "trống, và số do ứng dụng cấp sau đó bắt đầu từ %(after)s."
                )
                % {
                    "next": numbering.number_text(following),
                    "last": numbering.number_text(typed - 1),
                    "after": numbering.number_text(typed + 1),
                },
            )
    if digital:
        consequences.append(
            _(
                "Số và ngày được đóng lên tệp đã ký bằng chữ ký số của cơ quan; chữ ký của "
                "người ký vẫn giữ nguyên giá trị."
            )
        )
    elif decision.signed_on_paper:
        consequences.append(
            _("Ghi số và ngày lên bản giấy, đóng dấu, rồi tải bản chụp lên trước khi phát hành.")
        )
    else:
        consequences.append(_("Tệp quyết định (không có chữ ký số) được lập với số và ngày này."))
    return confirm_page(
        request,
        heading=_("Vào sổ quyết định"),
        lead=_("Vào sổ sẽ lấy số %(ref)s ngày %(d)s.") % values,
        consequences=consequences,
        refusal=refusal,
        submit_label=_("Vào sổ"),
        cancel_url=detail,
        signature_form=RegisterForm(
            initial={"number": typed} if unconfirmed else None, digital=digital
        ),
        signature_legend=str(_("Chữ ký số của cơ quan (bắt buộc)")) if digital else "",
        number_seen=typed if unconfirmed else None,
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def decision_scan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The scan of the paper decision, signed, numbered and sealed."""
    decision = _decision_or_404(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn tệp bản chụp quyết định (PDF, JPEG hoặc PNG)."))
        return redirect("decision-detail", pk=decision.pk)
    try:
        decisions.attach_scan(decision, request.user, form.cleaned_data["scan"])
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã lưu bản chụp quyết định; có thể phát hành."))
    return redirect("decision-detail", pk=decision.pk)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def decision_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Phát hành: awards take effect and become public (asks first, naming how many)."""
    decision = _decision_or_404(request, pk)
    detail = reverse("decision-detail", args=[decision.pk])
    if confirmed(request):
        try:
            decision = decisions.publish(decision, request.user)
        except WorkflowError as err:
            _refuse(request, err)
        else:
            messages.success(
                request, _("Đã phát hành Quyết định số %(ref)s.") % {"ref": decision.reference}
            )
        return redirect(detail)
    if not permissions.can_publish_decision(request.user, decision):
        if decision.is_issued:
            message = _("Quyết định số %(ref)s đã được phát hành.") % {"ref": decision.reference}
        elif decision.state != DecisionState.REGISTERED:
            message = _("Quyết định chưa được vào sổ (chưa có số và ngày): vào sổ trước.")
        else:
            message = _("Chỉ thư ký Hội đồng được phát hành quyết định.")
        messages.error(request, message)
        return redirect(detail)
    if decision.kind == DecisionKind.REVOCATION:
        consequence = _(
            "%(n)d khen thưởng bị thu hồi; các gương đó không còn hiện trên trang công khai."
        ) % {"n": decisions.revocation_targets(decision).count()}
    else:
        public = decisions.publicly_shown(decision)
        consequence = _(
            "Phát hành sẽ công khai %(p)d gương trên trang công khai (%(n)d khen thưởng; người "
            "không đồng ý công khai không được hiện); giấy khen được tải về và xác minh."
        ) % {"p": public, "n": decision.awards.count()}
    consequences = [consequence]
    if not decision.pdf:
        consequences.append(_("Chưa có tệp quyết định đã ký, đóng dấu: chưa phát hành được."))
    return confirm_page(
        request,
        heading=_("Phát hành quyết định"),
        lead=_("Phát hành Quyết định số %(ref)s ngày %(d)s.")
        % {"ref": decision.reference, "d": f"{decision.decided_on:%d/%m/%Y}"},
        consequences=consequences,
        submit_label=_("Phát hành"),
        cancel_url=detail,
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
        except decisions.OnAnotherDraft as err:
            link = reverse("decision-detail", args=[err.decision.pk])
            form.add_error(
                None, format_html('{} <a href="{}">{}</a>', err.message, link, _("Mở dự thảo đó"))
            )
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(
                request,
                _("Đã lập dự thảo quyết định thu hồi; Chủ tịch ký ban hành để có hiệu lực."),
            )
            return redirect("decision-detail", pk=revocation.pk)
    # Awardees another unpublished revocation already names: marked (drafting them is refused).
    held = (
        set(decisions.revocations_holding(decisions.revocable_awards(decision)))
        if not refusal
        else set()
    )
    return render(
        request,
        "council/decision_revoke.html",
        {"decision": decision, "form": form, "refusal": refusal, "held": held},
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
def register_list(request: AuthenticatedRequest) -> HttpResponse:
    """Sổ văn bản: the authority's register of outgoing documents, one year at a time (read
    only: entries are written by registration alone)."""
    authority = _authority(request)
    years = sorted(
        set(RegisterEntry.objects.filter(authority=authority).values_list("year", flat=True)),
        reverse=True,
    )
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if year is None:
        year = years[0] if years else timezone.localdate().year
    entries = (
        RegisterEntry.objects.filter(authority=authority, unit__isnull=True, year=year)
        .select_related("registered_by", "decision")
        .order_by("doc_type", "-number")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/register_list.html",
        {"page": page, "year": year, "years": years},
    )


# --------------------------------------------------------------------------- documents


@requires(permissions.can_see_award_documents)
def decision_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("authority", "revokes"), pk=pk)
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    if decision.is_issued or (decision.is_frozen and decision.pdf):
        try:
            pdf = decisions.issued_pdf(decision)  # the file of record, never rendered again
        except decisions.StoredFileMissing:
            logger.exception("Decision %s: stored PDF missing", decision.reference or decision.pk)
            return render(
                request, "council/decision_file_missing.html", {"decision": decision}, status=503
            )
    else:  # a draft; or signed on paper / unsigned, before its file exists: the copy to sign
        pdf = decisions.render_decision_pdf(decision)
    if decision.number:
        name = f"quyet-dinh-{decision.number_text}-{decision.year}.pdf"
    elif decision.is_frozen:
        name = f"quyet-dinh-da-ky-{decision.pk}.pdf"
    else:
        name = f"du-thao-quyet-dinh-{decision.pk}.pdf"
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
