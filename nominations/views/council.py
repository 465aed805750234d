"""Council pages: dashboard, review queue, dossier, meetings and votes, decisions, PDFs.

Views stay thin: rules live in nominations.council, nominations.decisions, nominations.workflow
and nominations.permissions.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from emulation.models import Authority
from emulation.page_cache import cache_staff_page
from nominations import council, decisions, permissions, workflow
from nominations.council_forms import (
    AgendaForm,
    DecisionDraftForm,
    DecisionEditForm,
    MeetingForm,
    NoteForm,
    QueueFilterForm,
    ReturnForm,
    RevocationForm,
    VoteForm,
)
from nominations.models import (
    AgendaItem,
    Award,
    BallotCast,
    Decision,
    Meeting,
    Nomination,
    NominationState,
    Procedure,
    Transition,
)
from nominations.models.decision import DecisionKind
from nominations.pdf import pdf_response
from nominations.pdf import render_pdf as _render_pdf
from nominations.workflow import WorkflowError

S = NominationState
PAGE_SIZE = 50


def render_pdf(template_name: str, context: dict) -> bytes:
    """Official documents are Vietnamese whatever the interface language."""
    with translation.override("vi"):
        return _render_pdf(template_name, context)


def _council(request: HttpRequest) -> None:
    if not permissions.can_view_council(request.user):
        raise PermissionDenied(_("Trang này dành cho Hội đồng Thi đua - Khen thưởng."))


def _authority(request: HttpRequest) -> Authority | None:
    if not hasattr(request, "_authority"):
        request._authority = Authority.current()
    return request._authority


def _refuse(request: HttpRequest, err: WorkflowError) -> None:
    messages.error(request, err.message)


# --------------------------------------------------------------------------- dashboard


@login_required
@cache_staff_page
def council_home(request: HttpRequest) -> HttpResponse:
    _council(request)
    campaigns = list(Campaign.objects.order_by("-opens_on", "name"))
    campaign = None
    if request.GET.get("campaign"):
        campaign = next((c for c in campaigns if str(c.pk) == request.GET["campaign"]), None)
    stats = council.dashboard(request.user, campaign)
    open_meetings = list(Meeting.objects.filter(state=Meeting.State.OPEN)
                         .annotate(n_items=Count("items")).order_by("held_at")[:5])
    drafts = list(Decision.objects.filter(state="draft").annotate(n_awards=Count("awards"))
                  .order_by("-created_at")[:5])
    return render(request, "council/home.html", {
        "campaigns": campaigns, "campaign": campaign, "stats": stats,
        "open_meetings": open_meetings, "draft_decisions": drafts,
    })


# --------------------------------------------------------------------------- review queue


# What a row of the queue shows: the long texts of a dossier stay in the database.
QUEUE_COLUMNS = ("id", "state", "procedure", "submitted_at", "nominee__full_name",
                 "ward__name", "campaign__name", "award_kind__name")


@login_required
@cache_staff_page
def review_queue(request: HttpRequest) -> HttpResponse:
    _council(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    authority = _authority(request)
    qs = council.review_queue(request.user, authority=authority, **{
        k: v for k, v in filters.items() if v})
    page = Paginator(qs.only(*QUEUE_COLUMNS), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = council.waiting_rows(page.object_list, authority)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "council/queue.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "can_review": permissions.can_review(request.user),
    })


@login_required
@require_POST
def bulk_accept(request: HttpRequest) -> HttpResponse:
    _council(request)
    if not permissions.can_review(request.user):
        messages.error(request, _("Chỉ thư ký Hội đồng được tiếp nhận hồ sơ."))
        return redirect("review-queue")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    noms = list(permissions.nominations_for(request.user).filter(pk__in=ids)
                .select_related("nominee"))
    if not noms:
        messages.warning(request, _("Chưa chọn hồ sơ nào."))
        return redirect("review-queue")
    accepted, refused = council.bulk_accept(noms, request.user)
    if accepted:
        messages.success(request, _("Đã tiếp nhận %(n)d hồ sơ.") % {"n": len(accepted)})
    for nom, message in refused:
        messages.error(request, f"{nom.nominee}: {message}")
    return redirect(request.POST.get("next") or "review-queue")


# --------------------------------------------------------------------------- dossier


def _dossier_or_404(request: HttpRequest, pk: int) -> Nomination:
    _council(request)
    qs = permissions.nominations_for(request.user).select_related(
        "nominee", "ward", "campaign", "award_kind")
    return get_object_or_404(qs, pk=pk)


def _evidence_url(evidence) -> str | None:
    """Engineer A's permission-checked download view (the council may view evidence)."""
    try:
        return reverse("evidence-download", args=[evidence.nomination_id, evidence.pk])
    except NoReverseMatch:
        return None


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    nom = _dossier_or_404(request, pk)
    evidence = [(e, _evidence_url(e)) for e in nom.evidence.all()]
    agenda = (AgendaItem.objects.filter(nomination=nom).select_related("meeting")
              .order_by("-meeting__held_at"))
    return render(request, "council/dossier.html", {
        "nomination": nom, "nominee": nom.nominee, "evidence": evidence,
        "transitions": Transition.objects.filter(nomination=nom).select_related("actor"),
        "notes": nom.review_notes.select_related("author"),
        "agenda_items": agenda,
        "awards": nom.awards.select_related("decision"),
        "waiting": council.waiting(nom, _authority(request)),
        "return_form": ReturnForm(), "note_form": NoteForm(),
        "can_review": permissions.can_review(request.user, nom),
        "can_note": permissions.can_write_review_note(request.user, nom),
        "is_simplified": nom.procedure == Procedure.SIMPLIFIED,
    })


def _dossier_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    nom = _dossier_or_404(request, pk)
    try:
        message = action(nom)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, message)
    return redirect("council-dossier", pk=nom.pk)


@login_required
@require_POST
def dossier_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def act(nom):
        workflow.accept(nom, request.user)
        return _("Đã tiếp nhận hồ sơ vào xét duyệt.")
    return _dossier_action(request, pk, act)


@login_required
@require_POST
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    def act(nom):
        council.return_dossier(nom, request.user, request.POST.get("reason", ""))
        return _("Đã trả lại hồ sơ cho phường; cán bộ phường được thông báo qua thư điện tử.")
    return _dossier_action(request, pk, act)


@login_required
@require_POST
def dossier_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    def act(nom):
        workflow.recommend_simplified(nom, request.user, request.POST.get("comment", ""))
        return _("Đã đề nghị khen thưởng theo thủ tục đơn giản.")
    return _dossier_action(request, pk, act)


@login_required
@require_POST
def dossier_note(request: HttpRequest, pk: int) -> HttpResponse:
    def act(nom):
        council.add_note(nom, request.user, request.POST.get("text", ""))
        return _("Đã lưu ghi chú.")
    return _dossier_action(request, pk, act)


# --------------------------------------------------------------------------- meetings


@login_required
@cache_staff_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    _council(request)
    meetings = (Meeting.objects.annotate(n_items=Count("items"), n_present=Count(
        "members_present", distinct=True)).select_related("campaign").order_by("-held_at"))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/meeting_list.html", {
        "page": page, "can_manage": permissions.can_manage_meetings(request.user)})


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    _council(request)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng được tổ chức cuộc họp."))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = council.create_meeting(
                request.user, held_at=form.cleaned_data["held_at"],
                place=form.cleaned_data["place"],
                members_present=form.cleaned_data["members_present"],
                opinions=form.opinions(), campaign=form.cleaned_data["campaign"])
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Đã tạo cuộc họp. Hãy đưa hồ sơ vào chương trình họp."))
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"form": form})


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict:
    user = request.user
    items = list(meeting.items.select_related(
        "nomination__nominee", "nomination__ward", "nomination__award_kind")
        .annotate(n_casts=Count("casts", distinct=True)))
    mine = set(BallotCast.objects.filter(item__meeting=meeting, member=user)
               .values_list("item_id", flat=True))
    present = list(meeting.members_present.order_by("full_name"))
    open_votes = {}
    if meeting.state == Meeting.State.CLOSED:
        for cast in (BallotCast.objects.filter(item__meeting=meeting, item__secret=False)
                     .select_related("member")):
            open_votes.setdefault(cast.item_id, []).append(cast)
    for item in items:
        item.open_casts = open_votes.get(item.pk, [])
    return {
        "meeting": meeting, "items": items, "voted_item_ids": mine,
        "present": present,
        "opinions": meeting.opinions.select_related("member"),
        "can_manage": permissions.can_manage_meetings(user, meeting),
        "can_vote": permissions.can_vote_in(user, meeting),
        "vote_form": VoteForm(),
        "agenda_form": AgendaForm() if meeting.state == Meeting.State.OPEN else None,
        "open_votes": open_votes,
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _council(request)
    meeting = get_object_or_404(Meeting.objects.select_related("campaign", "created_by"), pk=pk)
    return render(request, "council/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    _council(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    ids = [int(i) for i in request.POST.getlist("nominations") if i.isdigit()]
    try:
        items = council.add_to_agenda(meeting, Nomination.objects.filter(pk__in=ids),
                                      request.user)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã đưa %(n)d hồ sơ vào chương trình họp.")
                         % {"n": len(items)})
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_vote(request: HttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    _council(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("meeting-detail", pk=meeting.pk)
    data = form.cleaned_data
    try:
        if data["conflict"]:
            council.declare_conflict(meeting, nomination_pk, request.user, data["opinion"])
            messages.success(request, _("Đã ghi nhận: bạn không tham gia biểu quyết hồ sơ này."))
        else:
            council.cast_vote(meeting, nomination_pk, request.user, data["choice"],
                              data["opinion"])
            messages.success(request, _("Đã ghi nhận biểu quyết của bạn."))
    except WorkflowError as err:
        _refuse(request, err)
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    _council(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        council.close_meeting(meeting, request.user)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Cuộc họp đã kết thúc; kết quả biểu quyết đã được ghi "
                                    "nhận vào từng hồ sơ."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    _council(request)
    meeting = get_object_or_404(Meeting.objects.select_related("campaign", "created_by"), pk=pk)
    context = _meeting_context(request, meeting)
    context.update({"authority": _authority(request),
                    "held_on": timezone.localdate(meeting.held_at),
                    "members_total": council.active_members().count(),
                    "absent": council.active_members().exclude(
                        pk__in=[m.pk for m in context["present"]])})
    pdf = render_pdf("pdf/minutes.html", context)
    return pdf_response(pdf, f"bien-ban-hop-{meeting.held_at:%Y%m%d}-{meeting.pk}.pdf")


# --------------------------------------------------------------------------- decisions


@login_required
@cache_staff_page
def decision_list(request: HttpRequest) -> HttpResponse:
    _council(request)
    qs = (Decision.objects.select_related("campaign", "revokes")
          .annotate(n_awards=Count("awards")).order_by("state", "-year", "-number",
                                                       "-created_at"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    campaigns = (Campaign.objects.filter(nominations__state=S.RECOMMENDED)
                 .annotate(n=Count("nominations")).order_by("name"))
    sudden = decisions.recommended_for_decision(None).count()
    return render(request, "council/decision_list.html", {
        "page": page, "campaigns": campaigns, "sudden_count": sudden,
        "can_draft": permissions.can_draft_decision(request.user)})


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    _council(request)
    if not permissions.can_draft_decision(request.user):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng được dự thảo quyết định."))
    campaign = None
    key = request.GET.get("campaign") or request.POST.get("campaign") or ""
    if key and key != "dot-xuat":
        campaign = get_object_or_404(Campaign, pk=key) if key.isdigit() else None
        if campaign is None:
            raise Http404
    candidates = decisions.recommended_for_decision(campaign)
    form = DecisionDraftForm(request.POST or None, candidates=candidates,
                             initial={"nominations": list(candidates),
                                      "title": decisions.default_title(campaign),
                                      "legal_bases": decisions.DEFAULT_LEGAL_BASES,
                                      "recipients": decisions.DEFAULT_RECIPIENTS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.draft(request.user, data["nominations"], campaign=campaign,
                                       title=data["title"], legal_bases=data["legal_bases"],
                                       recipients=data["recipients"])
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định."))
            return redirect("decision-detail", pk=decision.pk)
    return render(request, "council/decision_form.html", {
        "form": form, "campaign": campaign, "campaign_key": key or "dot-xuat"})


def _decision_or_404(request: HttpRequest, pk: int) -> Decision:
    _council(request)
    return get_object_or_404(Decision.objects.select_related(
        "authority", "campaign", "revokes", "created_by", "issued_by"), pk=pk)


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    lines, total = decisions.preview(decision)
    revoked_lines = decisions.revocation_lines(decision)
    can_edit = permissions.can_edit_decision(request.user, decision)
    return render(request, "council/decision_detail.html", {
        "decision": decision, "lines": lines, "total": total,
        "revoked_lines": revoked_lines,
        "warnings": [] if decision.is_issued else decisions.warnings(decision),
        "edit_form": DecisionEditForm(initial={
            "title": decision.title, "legal_bases": decision.legal_bases,
            "recipients": decision.recipients}) if can_edit else None,
        "can_edit": can_edit,
        "can_issue": permissions.can_issue_decision(request.user, decision),
        "can_revoke": (decision.is_issued and decision.kind == DecisionKind.AWARD
                       and permissions.can_draft_decision(request.user)
                       and any(not line.award.is_revoked for line in lines)),
        "revocations": decision.revoked_by.all() if decision.is_issued else [],
    })


@login_required
@require_POST
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    form = DecisionEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trích yếu không được để trống."))
        return redirect("decision-detail", pk=decision.pk)
    remove = [int(i) for i in request.POST.getlist("remove") if i.isdigit()]
    try:
        decisions.update_draft(decision, request.user, remove=remove, **form.cleaned_data)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã lưu dự thảo."))
    return redirect("decision-detail", pk=decision.pk)


@login_required
@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    try:
        decisions.delete_draft(decision, request.user)
    except WorkflowError as err:
        _refuse(request, err)
        return redirect("decision-detail", pk=decision.pk)
    messages.success(request, _("Đã xóa dự thảo."))
    return redirect("decision-list")


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    try:
        decision = decisions.issue(decision, request.user)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã ban hành Quyết định số %(ref)s.")
                         % {"ref": decision.reference})
    return redirect("decision-detail", pk=decision.pk)


@login_required
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    if not permissions.can_draft_decision(request.user):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng được dự thảo quyết định thu hồi."))
    try:
        decisions.check_revocable(decision)
    except WorkflowError as err:
        refusal = err.message
    else:
        refusal = ""
    form = RevocationForm(request.POST or None,
                          candidates=decisions.revocable_awards(decision))
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        try:
            revocation = decisions.draft_revocation(request.user, decision,
                                                    awards=data["awards"], reason=data["reason"])
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định thu hồi; Chủ tịch ký ban "
                                        "hành để có hiệu lực."))
            return redirect("decision-detail", pk=revocation.pk)
    return render(request, "council/decision_revoke.html",
                  {"decision": decision, "form": form, "refusal": refusal})


# --------------------------------------------------------------------------- documents


def _document_context(decision: Decision) -> dict:
    lines, total = decisions.preview(decision)
    revoked_lines = decisions.revocation_lines(decision)
    in_part = bool(revoked_lines) and decision.revokes.awards.count() > len(revoked_lines)
    return {"decision": decision, "authority": decision.authority, "lines": lines,
            "total": total, "revoked_lines": revoked_lines, "revokes_in_part": in_part}


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("authority", "revokes"), pk=pk)
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    pdf = render_pdf("pdf/decision.html", _document_context(decision))
    name = (f"quyet-dinh-{decision.number}-{decision.year}.pdf" if decision.is_issued
            else f"du-thao-quyet-dinh-{decision.pk}.pdf")
    return pdf_response(pdf, name)


def _certificate(request: HttpRequest, award: Award) -> dict:
    url = request.build_absolute_uri(reverse("verify", args=[award.verification_code]))
    deed = award.nomination.public_summary.strip().rstrip(" .;")
    if len(deed) > 220:
        deed = deed[:219].rsplit(" ", 1)[0] + "…"
    if deed[:1].isupper() and not deed[1:2].isupper():
        deed = deed[0].lower() + deed[1:]  # continues "Đã có thành tích …"
    return {"award": award, "nominee": award.nomination.nominee, "deed": deed,
            "verify_url": url, "qr": segno.make(url, error="m").svg_data_uri(scale=3)}


def _awards_qs():
    return Award.objects.select_related(
        "decision__authority", "nomination__nominee", "nomination__ward",
        "nomination__award_kind", "nomination__campaign", "revoked_by")


@login_required
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("authority"), pk=pk)
    if not (decision.is_issued and decision.kind == DecisionKind.AWARD):
        raise Http404
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    awards = _awards_qs().filter(decision=decision, revoked_by__isnull=True).order_by(
        "nomination__ward__name_folded", "nomination__nominee__sort_key")
    if request.user.is_ward_officer:
        awards = awards.filter(nomination__ward_id=request.user.ward_id)
    certificates = [_certificate(request, a) for a in awards]
    pdf = render_pdf("pdf/certificate.html", {"decision": decision,
                                              "authority": decision.authority,
                                              "certificates": certificates})
    return pdf_response(pdf, f"giay-khen-{decision.number}-{decision.year}.pdf", inline=False)


@login_required
def certificate_pdf(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = get_object_or_404(_awards_qs().filter(decision__state="issued",
                                                  decision__kind=DecisionKind.AWARD),
                              pk=award_pk)
    decision = award.decision
    if request.user.is_ward_officer and award.nomination.ward_id != request.user.ward_id:
        raise Http404  # another ward's award: do not reveal that it exists
    if not permissions.can_view_award_documents(request.user, decision):
        raise PermissionDenied
    if award.is_revoked:
        raise Http404
    pdf = render_pdf("pdf/certificate.html", {"decision": decision,
                                              "authority": decision.authority,
                                              "certificates": [_certificate(request, award)]})
    return pdf_response(pdf, f"giay-khen-{award.verification_code}.pdf", inline=False)

