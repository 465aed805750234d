"""Council pages: dashboard, review queue, dossier, meetings and votes, minutes.

Views stay thin: rules live in nominations.council.services, nominations.workflow and
nominations.permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import Campaign, Denominator
from emulation import once
from emulation.context_processors import current_authority
from emulation.decorators import AuthenticatedRequest, requires
from emulation.models import Authority, Role
from emulation.page_cache import cache_staff_page
from emulation.site import safe_next
from emulation.text import normalize_multiline
from nominations import permissions, workflow
from nominations.council import services as council
from nominations.council.forms import (
    AgendaForm,
    CloseMeetingForm,
    MeetingForm,
    NoteForm,
    PaperCountForm,
    QueueFilterForm,
    ReturnForm,
    VoteForm,
)
from nominations.decisions import documents
from nominations.files.pdf import pdf_response
from nominations.files.pdf import render_document as render_pdf
from nominations.models import (
    AgendaItem,
    BallotCast,
    Decision,
    DecisionState,
    Evidence,
    Meeting,
    Nomination,
    NominationState,
    PaperCount,
    Procedure,
    Transition,
)
from nominations.workflow import WorkflowError

S = NominationState
PAGE_SIZE = 50
COUNCIL_ONLY = gettext_lazy("Trang này dành cho Hội đồng Thi đua - Khen thưởng.")
SECRETARY_MEETINGS = gettext_lazy("Chỉ thư ký Hội đồng được tổ chức cuộc họp.")


def _authority(request: HttpRequest) -> Authority | None:
    return current_authority(request)


def _refuse(request: HttpRequest, err: WorkflowError) -> None:
    messages.error(request, err.message)


# --------------------------------------------------------------------------- dashboard


@requires(permissions.can_view_council, COUNCIL_ONLY)
@cache_staff_page
def council_home(request: AuthenticatedRequest) -> HttpResponse:
    campaigns = list(Campaign.objects.order_by("-opens_on", "name"))
    campaign = None
    if request.GET.get("campaign"):
        campaign = next((c for c in campaigns if str(c.pk) == request.GET["campaign"]), None)
    stats = council.dashboard(request.user, campaign)
    open_meetings = list(
        Meeting.objects.filter(state=Meeting.State.OPEN)
        .annotate(n_items=Count("items"))
        .order_by("held_at")[:5]
    )
    drafts = list(
        Decision.objects.filter(state=DecisionState.DRAFT)
        .select_related("campaign")
        .annotate(n_awards=Count("awards"))
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "council/home.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "stats": stats,
            "open_meetings": open_meetings,
            "draft_decisions": drafts,
        },
    )


# --------------------------------------------------------------------------- review queue


# What a row of the queue shows: the long texts of a dossier stay in the database.
QUEUE_COLUMNS = (
    "id",
    "state",
    "procedure",
    "submitted_at",
    "nominee__full_name",
    "ward__name",
    "campaign__name",
    "award_kind__name",
)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@cache_staff_page
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    authority = _authority(request)
    qs = council.review_queue(
        request.user, authority=authority, **{k: v for k, v in filters.items() if v}
    )
    page = Paginator(qs.only(*QUEUE_COLUMNS), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = council.waiting_rows(page.object_list, authority)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "council/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_review": permissions.can_review(request.user),
        },
    )


def _ids(values: list[str]) -> list[int]:
    """The primary keys among posted values; anything else ("²", "-1", 30 digits) dropped."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def bulk_accept(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_review(request.user):
        messages.error(request, _("Chỉ thư ký Hội đồng được tiếp nhận hồ sơ."))
        return redirect("review-queue")
    ids = _ids(request.POST.getlist("ids"))
    noms = list(
        permissions.nominations_for(request.user).filter(pk__in=ids).select_related("nominee")
    )
    if not noms:
        messages.warning(request, _("Chưa chọn hồ sơ nào."))
        return redirect("review-queue")
    accepted, refused = council.bulk_accept(noms, request.user)
    if accepted:
        messages.success(request, _("Đã tiếp nhận %(n)d hồ sơ.") % {"n": len(accepted)})
    for nom, message in refused:
        messages.error(request, f"{nom.nominee}: {message}")
    return redirect(safe_next(request, "review-queue"))


# --------------------------------------------------------------------------- dossier


def _dossier_or_404(request: AuthenticatedRequest, pk: int) -> Nomination:
    qs = permissions.nominations_for(request.user).select_related(
        "nominee", "ward", "campaign", "award_kind"
    )
    return get_object_or_404(qs, pk=pk)


def _evidence_url(evidence: Evidence) -> str | None:
    """The ward's permission-checked download view (the council may view evidence)."""
    try:
        return reverse("evidence-download", args=[evidence.nomination_id, evidence.pk])
    except NoReverseMatch:
        return None


@requires(permissions.can_view_council, COUNCIL_ONLY)
def dossier(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nom = _dossier_or_404(request, pk)
    evidence = [(e, _evidence_url(e)) for e in nom.evidence.all()]
    agenda = (
        AgendaItem.objects.filter(nomination=nom)
        .select_related("meeting")
        .order_by("-meeting__held_at")
    )
    return render(
        request,
        "council/dossier.html",
        {
            "nomination": nom,
            "nominee": nom.nominee,
            "evidence": evidence,
            "transitions": Transition.objects.filter(nomination=nom).select_related("actor"),
            "notes": nom.review_notes.select_related("author"),
            "agenda_items": agenda,
            "awards": nom.awards.select_related("decision"),
            "waiting": council.waiting(nom, _authority(request)),
            "return_form": ReturnForm(),
            "note_form": NoteForm(),
            "can_review": permissions.can_review(request.user, nom),
            "can_note": permissions.can_write_review_note(request.user, nom),
            "certificate_line": documents.certificate_line(nom),
            "can_set_line": permissions.can_set_certificate_line(request.user, nom),
            "is_simplified": nom.procedure == Procedure.SIMPLIFIED,
        },
    )


def _dossier_action(
    request: AuthenticatedRequest,
    pk: int,
    action: Callable[[Nomination], str],
    once_scope: str | None = None,
) -> HttpResponse:
    """Run ``action`` on the dossier and come back to it. With ``once_scope``, the form's
    one-time token (emulation/once.py) makes a second post of the same form a no-op."""
    nom = _dossier_or_404(request, pk)
    try:
        with transaction.atomic():
            if once_scope is not None and once.claim(request, once_scope) is not None:
                return redirect("council-dossier", pk=nom.pk)
            message = action(nom)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, message)
    return redirect("council-dossier", pk=nom.pk)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def dossier_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(nom: Nomination) -> str:
        workflow.accept(nom, request.user)
        return _("Đã tiếp nhận hồ sơ vào xét duyệt.")

    return _dossier_action(request, pk, act)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def dossier_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(nom: Nomination) -> str:
        council.return_dossier(nom, request.user, normalize_multiline(request.POST.get("reason")))
        authority = current_authority(request)
        where = authority.unit_named(nom.ward.name) if authority else nom.ward.name
        return _(
            "Đã trả lại hồ sơ cho %(unit)s; cán bộ phụ trách được thông báo qua thư điện tử."
        ) % {"unit": where}

    return _dossier_action(request, pk, act)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def dossier_recommend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(nom: Nomination) -> str:
        workflow.recommend_simplified(
            nom, request.user, normalize_multiline(request.POST.get("comment"))
        )
        return _("Đã đề nghị khen thưởng theo thủ tục đơn giản.")

    return _dossier_action(request, pk, act)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def dossier_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(nom: Nomination) -> str:
        council.add_note(nom, request.user, normalize_multiline(request.POST.get("text")))
        return _("Đã lưu ghi chú.")

    return _dossier_action(request, pk, act, once_scope="note")


# --------------------------------------------------------------------------- meetings


@requires(permissions.can_view_council, COUNCIL_ONLY)
@cache_staff_page
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.annotate(
            n_items=Count("items", distinct=True),
            n_present=Count("members_present", distinct=True),
        )
        .select_related("campaign")
        .order_by("-held_at")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/meeting_list.html",
        {"page": page, "can_manage": permissions.can_manage_meetings(request.user)},
    )


@requires(permissions.can_manage_meetings, SECRETARY_MEETINGS)
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                first = once.claim(request, "meeting-create")
                if first is not None:  # the same form posted again: one meeting
                    return redirect(first)
                meeting = council.create_meeting(
                    request.user,
                    held_at=form.cleaned_data["held_at"],
                    place=form.cleaned_data["place"],
                    members_present=form.cleaned_data["members_present"],
                    opinions=form.opinions(),
                    campaign=form.cleaned_data["campaign"],
                )
                once.record(request, reverse("meeting-detail", args=[meeting.pk]))
        except WorkflowError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Đã tạo cuộc họp. Hãy đưa hồ sơ vào chương trình họp."))
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"form": form})


def _meeting_context(request: AuthenticatedRequest, meeting: Meeting) -> dict[str, Any]:
    user = request.user
    items = list(
        meeting.items.select_related(
            "nomination__nominee", "nomination__ward", "nomination__award_kind", "paper_count"
        ).annotate(
            n_casts=Count("casts", distinct=True),
            n_voted=Count("casts", filter=Q(casts__conflict=False), distinct=True),
            n_conflicts=Count("casts", filter=Q(casts__conflict=True), distinct=True),
        )
    )
    mine = {
        cast.item_id: cast
        for cast in BallotCast.objects.filter(item__meeting=meeting, member=user).only(
            "item_id", "conflict", "choice", "opinion"
        )
    }
    present = council.by_given_name(meeting.members_present.all())
    present_voters = sum(1 for m in present if m.role == Role.MEMBER and m.is_active)
    open_votes: dict[int, list[BallotCast]] = {}
    if meeting.state == Meeting.State.CLOSED:
        for cast in BallotCast.objects.filter(
            item__meeting=meeting, item__secret=False
        ).select_related("member"):
            open_votes.setdefault(cast.item_id, []).append(cast)
    for casts in open_votes.values():
        casts.sort(key=lambda cast: council.member_order(cast.member))
    can_manage = permissions.can_manage_meetings(user, meeting)
    is_open = meeting.state == Meeting.State.OPEN
    for item in items:  # attributes for the template
        item.open_casts = open_votes.get(item.pk, [])  # type: ignore[attr-defined]
        item.my_cast = mine.get(item.pk)  # type: ignore[attr-defined]
        item.has_paper_count = hasattr(item, "paper_count")  # type: ignore[attr-defined]
        item.warning = (  # type: ignore[attr-defined]
            council.secret_ballot_warning(item, present_voters)
            if is_open and not item.has_paper_count  # type: ignore[attr-defined]
            else ""
        )
        kind = item.nomination.award_kind
        item.all_members = kind is not None and kind.denominator == Denominator.ALL_MEMBERS  # type: ignore[attr-defined]
    is_member = permissions.can_vote(user)
    can_vote = permissions.can_vote_in(user, meeting)
    cannot_vote = ""
    if is_member and not can_vote:
        cannot_vote = (
            _("Cuộc họp đã kết thúc, không biểu quyết được nữa.")
            if not is_open
            else _(
                "Bạn không có tên trong danh sách thành viên có mặt nên không biểu quyết tại "
                "cuộc họp này. Nếu vắng mặt, bạn gửi ý kiến bằng văn bản cho thư ký; nếu bạn "
                "có mặt, hãy báo thư ký ghi nhận."
            )
        )
    return {
        "meeting": meeting,
        "items": items,
        "present": present,
        "opinions": meeting.opinions.select_related("member"),
        "can_manage": can_manage,
        "can_vote": can_vote,
        "cannot_vote": cannot_vote,
        "vote_form": VoteForm(),
        "agenda_form": AgendaForm() if is_open else None,
        "open_votes": open_votes,
        "has_paper_counts": any(item.has_paper_count for item in items),  # type: ignore[attr-defined]
        "min_voters": council.secret_min_voters(),
    }


@requires(permissions.can_view_council, COUNCIL_ONLY)
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("campaign", "created_by"), pk=pk)
    return render(request, "council/meeting_detail.html", _meeting_context(request, meeting))


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def meeting_agenda(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    ids = _ids(request.POST.getlist("nominations"))
    try:
        items = council.add_to_agenda(meeting, Nomination.objects.filter(pk__in=ids), request.user)
    except WorkflowError as err:
        _refuse(request, err)
    else:
        messages.success(request, _("Đã đưa %(n)d hồ sơ vào chương trình họp.") % {"n": len(items)})
        present = council.present_voters(meeting)
        for item in items:
            warning = council.secret_ballot_warning(item, present)
            if warning:
                messages.warning(request, f"{item.nomination.nominee}: {warning}")
    return redirect("meeting-detail", pk=meeting.pk)


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def meeting_vote(request: AuthenticatedRequest, pk: int, nomination_pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)  # type: ignore[arg-type]  # ErrorList yields str
        return redirect("meeting-detail", pk=meeting.pk)
    data = form.cleaned_data
    try:
        if data["conflict"]:
            council.declare_conflict(meeting, nomination_pk, request.user, data["opinion"])
            messages.success(request, _("Đã ghi nhận: bạn không tham gia biểu quyết hồ sơ này."))
        else:
            cast = council.cast_vote(
                meeting, nomination_pk, request.user, data["choice"], data["opinion"]
            )
            if cast.choice:
                messages.success(
                    request,
                    _("Đã ghi nhận biểu quyết của bạn: %(choice)s.")
                    % {"choice": cast.get_choice_display()},
                )
            else:
                messages.success(request, _("Đã bỏ phiếu kín; hệ thống không lưu ai chọn gì."))
    except WorkflowError as err:
        _refuse(request, err)
    return redirect("meeting-detail", pk=meeting.pk)


def confirmed(request: HttpRequest) -> bool:
    """A POST from a confirmation page (``confirm_page``): an irreversible action may run."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def confirm_page(
    request: HttpRequest,
    *,
    heading: str,
    lead: str,
    consequences: list[str],
    submit_label: str,
    cancel_url: str,
    warnings: list[str] | None = None,
    refusal: str = "",
    signature_form: Any = None,
    fingerprint: str = "",
    blockers: list[str] | None = None,
    signature_legend: str = "",
    extra_form: Any = None,
    number_seen: int | None = None,
) -> HttpResponse:
    """The page that asks before an irreversible action (sign, close a meeting, delete a draft).

    It names what will happen; its form posts back to the same URL with ``confirm=yes``, and,
    when there are ``warnings``, a tick by which the signer acknowledges them by name, and the
    ``fingerprint`` of what it shows, posted back as ``seen`` (a draft edited meanwhile is not
    signed unread). A plain
    page rather than a script dialog: it works the same on a phone and without JavaScript.
    ``signature_form``: the optional digital-signature fields (certificate file, password;
    a hand-entered ``number``, an ``on_paper`` tick when the form has them), under
    ``signature_legend``.
    ``blockers``: what stops the action, each saying what to do: shown without a tick or a
    button (no acknowledgement overrides them). ``number_seen``: a number typed by hand that
    the page names, posted back to show it was confirmed.
    """
    user = request.user
    return render(
        request,
        "council/confirm.html",
        {
            "heading": heading,
            "lead": lead,
            "consequences": consequences,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "action": request.path,
            "warnings": warnings or [],
            "refusal": refusal,
            "signature_form": signature_form,
            "signature_legend": signature_legend,
            "extra_form": extra_form,
            "fingerprint": fingerprint,
            "blockers": blockers or [],
            "number_seen": number_seen,
            "signer_name": getattr(user, "full_name", "") or getattr(user, "username", ""),
        },
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_http_methods(["GET", "POST"])
def meeting_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = CloseMeetingForm(
        request.POST if confirmed(request) else None,
        initial={
            "started_at": timezone.localtime(meeting.held_at).replace(second=0, microsecond=0),
            "ended_at": timezone.localtime().replace(second=0, microsecond=0),
        },
    )
    refusal = ""
    if confirmed(request):
        try:
            if not form.is_valid():
                raise WorkflowError(
                    " ".join(str(e) for errors in form.errors.values() for e in errors)
                )
            council.close_with_minutes(
                meeting,
                request.user,
                started_at=form.cleaned_data["started_at"],
                ended_at=form.cleaned_data["ended_at"],
            )
        except WorkflowError as err:
            meeting.refresh_from_db()
            if meeting.state != Meeting.State.OPEN or meeting.is_upcoming():
                _refuse(request, err)
                return redirect("meeting-detail", pk=meeting.pk)
            refusal = err.message  # wrong times: asked again, with what was entered
        else:
            messages.success(
                request,
                _("Cuộc họp đã kết thúc; kết quả biểu quyết đã được ghi nhận vào từng hồ sơ."),
            )
            return redirect("meeting-detail", pk=meeting.pk)
    if not permissions.can_manage_meetings(request.user, meeting):
        messages.error(request, _("Chỉ thư ký Hội đồng được kết thúc cuộc họp."))
        return redirect("meeting-detail", pk=meeting.pk)
    if meeting.state != Meeting.State.OPEN:
        messages.error(request, _("Cuộc họp đã kết thúc."))
        return redirect("meeting-detail", pk=meeting.pk)
    try:
        council.refuse_if_upcoming(meeting)
    except WorkflowError as err:
        _refuse(request, err)
        return redirect("meeting-detail", pk=meeting.pk)
    members = council.active_members().count()
    items = list(
        meeting.items.select_related("nomination__nominee", "paper_count").annotate(
            n_voted=Count("casts", filter=Q(casts__conflict=False), distinct=True),
            n_conflicts=Count("casts", filter=Q(casts__conflict=True), distinct=True),
        )
    )
    consequences = []
    for item in items:
        if hasattr(item, "paper_count"):
            line = _("%(name)s: kiểm phiếu giấy, %(n)d phiếu thu vào.") % {
                "name": item.nomination.nominee,
                "n": item.paper_count.returned,
            }
        else:
            line = _(
                "%(name)s: %(n)d/%(total)d thành viên đã biểu quyết, %(c)d không tham gia do "
                "xung đột lợi ích."
            ) % {
                "name": item.nomination.nominee,
                "n": item.n_voted,
                "total": members,
                "c": item.n_conflicts,
            }
            if item.secret and 0 < item.n_voted < council.secret_min_voters():
                line += " " + _(
                    "Chưa đủ %(min)d người bỏ phiếu kín: phiếu bị hủy không kiểm, hồ sơ chờ "
                    "cuộc họp sau."
                ) % {"min": council.secret_min_voters()}
        consequences.append(line)
    consequences.append(
        _(
            "Sau khi kết thúc, không ai biểu quyết thêm được; hồ sơ đạt tỷ lệ đồng ý chuyển sang "
            "“Được đề nghị khen thưởng”, hồ sơ không đạt chuyển sang “Không được đề nghị”."
        )
    )
    consequences.append(
        _(
            "Biên bản họp được vào sổ và ghi số khi kết thúc; giờ bắt đầu, kết thúc ghi như nhập dưới đây."
        )
    )
    return confirm_page(
        request,
        heading=_("Kết thúc cuộc họp và kiểm phiếu"),
        lead=_("Kiểm phiếu %(n)d hồ sơ và ghi kết quả vào từng hồ sơ. Không thể hoàn tác.")
        % {"n": len(items)},
        consequences=consequences,
        submit_label=_("Kết thúc và kiểm phiếu"),
        cancel_url=reverse("meeting-detail", args=[meeting.pk]),
        refusal=refusal,
        extra_form=form,
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("campaign", "created_by"), pk=pk)
    context = _meeting_context(request, meeting)
    authority = _authority(request)
    members_total = council.active_members().count()
    present_members = [m for m in context["present"] if m.role == Role.MEMBER]
    context.update(
        {
            "authority": authority,
            "held_on": timezone.localdate(meeting.ended_at or meeting.held_at),
            "members_total": members_total,
            "present_count": len(present_members),
            "has_quorum": council.quorum(authority, len(present_members), members_total),
            "results": council.item_results(context["items"]),
            "chair_name": meeting.chair_name
            or (authority.council_chair_display if authority else ""),
            "chair_votes": authority.council_chair_votes if authority else True,
            "secretary_name": meeting.secretary_name or str(meeting.created_by),
            "absent": council.by_given_name(
                council.active_members().exclude(pk__in=[m.pk for m in context["present"]])
            ),
        }
    )
    pdf = render_pdf("pdf/minutes.html", context)
    return pdf_response(pdf, f"bien-ban-hop-{meeting.held_at:%Y%m%d}-{meeting.pk}.pdf")


# --------------------------------------------------------------------------- paper ballots


def _secret_item_or_404(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("nomination__nominee", "nomination__ward", "meeting"),
        pk=item_pk,
        meeting=meeting,
    )


@requires(
    permissions.can_manage_meetings,
    gettext_lazy("Chỉ thư ký Hội đồng được ghi biên bản kiểm phiếu."),
)
@require_http_methods(["GET", "POST"])
def meeting_paper_count(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """The secretary enters the counting committee's figures for a paper secret ballot."""
    meeting = get_object_or_404(Meeting, pk=pk)
    item = _secret_item_or_404(meeting, item_pk)
    form = PaperCountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council.record_paper_count(item, request.user, **form.cleaned_data)
        except WorkflowError as err:
            form.add_error(err.fields[0] if err.fields else None, err.message)
        else:
            messages.success(request, _("Đã lưu biên bản kiểm phiếu."))
            return redirect("meeting-counting-reports", pk=meeting.pk)
    return render(
        request,
        "council/paper_count_form.html",
        {"meeting": meeting, "item": item, "form": form, "min_voters": council.secret_min_voters()},
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
def meeting_counting_reports(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The counting reports (biên bản kiểm phiếu) of the meeting's paper secret ballots,
    printable, to be attached to the minutes."""
    meeting = get_object_or_404(Meeting.objects.select_related("campaign"), pk=pk)
    counts = list(
        PaperCount.objects.filter(item__meeting=meeting)
        .select_related(
            "item__nomination__nominee",
            "item__nomination__ward",
            "item__nomination__award_kind",
            "recorded_by",
        )
        .order_by("item__order", "item__pk")
    )
    return render(
        request,
        "council/counting_reports.html",
        {"meeting": meeting, "counts": counts, "authority": _authority(request)},
    )


@requires(permissions.can_view_council, COUNCIL_ONLY)
@require_POST
def dossier_certificate_line(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(nom: Nomination) -> str:
        council.set_certificate_line(nom, request.user, request.POST.get("certificate_line", ""))
        return _("Đã lưu thành tích ghi trên giấy khen.")

    return _dossier_action(request, pk, act)
