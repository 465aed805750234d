"""Notice pages: the list (marks read), the e-mail choices and calendar secret posted from the
account page, the unsubscribe page of every e-mail, and the two calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from emulation.decorators import AuthenticatedRequest, requires
from emulation.models import User
from emulation.site import is_safe_target
from nominations import permissions
from nominations.models import CalendarFeed, NoticeKind
from nominations.notices import calendar, services
from nominations.notices.forms import EmailChoicesForm

PAGE_SIZE = 30


@requires(permissions.can_read_notices)
def notice_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's notices, newest first; unread ones stand out until opened or marked."""
    page = Paginator(services.notices_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    rows = [(n, services.title_of(n), services.body_of(n)) for n in page.object_list]
    return render(request, "notices/list.html", {"page": page, "rows": rows})


@require_POST
@requires(permissions.can_read_notices)
def notice_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one of the user's own notices read and go to what it is about (another user's
    notice answers 404)."""
    notice = get_object_or_404(services.notices_for(request.user), pk=pk)
    services.mark_read(request.user, notice.pk)
    return redirect(notice.path if is_safe_target(notice.path) else reverse("notice-list"))


@require_POST
@requires(permissions.can_read_notices)
def notice_read_all(request: AuthenticatedRequest) -> HttpResponse:
    n = services.mark_read(request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": n})
    return redirect("notice-list")


@require_POST
@requires(permissions.can_read_notices)
def email_choices(request: AuthenticatedRequest) -> HttpResponse:
    form = EmailChoicesForm(request.user, request.POST)
    if form.is_valid():
        services.set_email_choices(request.user, form.cleaned_data["email"])
        messages.success(request, _("Đã lưu lựa chọn nhận thư điện tử."))
    else:
        messages.error(request, _("Lựa chọn không hợp lệ, chưa lưu."))
    return redirect("account")


@require_POST
@requires(permissions.can_read_notices)
def calendar_reset(request: AuthenticatedRequest) -> HttpResponse:
    services.reset_calendar_secret(request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch họp mới; địa chỉ cũ không còn dùng được nữa."))
    return redirect("account")


@csrf_exempt  # the signed token is the authority; mail clients post one-click (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link will stop, and a button (a link scanner's visit changes nothing).
    POST: stop it. A forged or damaged link answers 400 with a message."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    who, kind = found
    context = {"kind": NoticeKind(kind).label, "invalid": False, "done": False}
    if request.method == "POST":
        if who is not None:
            services.unsubscribe(who, kind)
        context["done"] = True
    return render(request, "notices/unsubscribe.html", context)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def campaign_calendar(request: HttpRequest) -> HttpResponse:
    """Public: the open campaigns' deadlines."""
    response = _ics(calendar.campaign_deadlines(), "phong-trao.ics")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def meeting_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    """A staff member's meetings, by his secret address; an old, unknown or deactivated
    account's address answers 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret=secret[:64], user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    user: User = feed.user
    response = _ics(calendar.meetings(services.meetings_for(user)), "lich-hop.ics")
    response["Cache-Control"] = "private, no-store"
    return response
