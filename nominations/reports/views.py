"""Reports: statistics, Excel/CSV exports and the Excel import of nominations.

Thin views: the figures live in nominations.reports.statistics, the files in
nominations.reports.exports and nominations.reports.imports, the rules in nominations.permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emulation.decorators import AuthenticatedRequest, requires
from emulation.page_cache import cache_staff_page
from nominations import permissions
from nominations.models import NominationState
from nominations.reports import exports, imports, statistics
from nominations.reports.forms import NominationFilterForm, StatisticsFilterForm, UploadForm


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in {"xlsx", "csv"}:
        raise PermissionDenied
    return fmt


def _statistics_form(request: AuthenticatedRequest) -> tuple[StatisticsFilterForm, dict[str, Any]]:
    form = StatisticsFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else form.default_data()
    return form, data


@requires(permissions.can_view_statistics)
@cache_staff_page
def statistics_page(request: AuthenticatedRequest) -> HttpResponse:
    form, data = _statistics_form(request)
    tables = statistics.compute(request.user, data)
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "data": data,
            "filters": form.describe(data),
            "tables": [(t, statistics.chart(t)) for t in tables],
            "query": request.GET.urlencode(),
            "can_import": permissions.can_import_nominations(request.user),
            "decisions": exports.decisions_for(request.user)[:20],
            "list_form": NominationFilterForm(user=request.user),
        },
    )


@requires(permissions.can_view_statistics)
def statistics_export(request: AuthenticatedRequest) -> HttpResponseBase:
    fmt = _format(request)
    form, data = _statistics_form(request)
    if form.is_bound and form.errors:
        return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
    tables = statistics.compute(request.user, data)
    return exports.respond(
        exports.statistics_sheets(tables, form.describe(data)), "thong-ke-thi-dua", fmt
    )


@requires(permissions.can_view_statistics)
def nomination_export(request: AuthenticatedRequest) -> HttpResponseBase:
    fmt = _format(request)
    form = NominationFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
    return exports.respond(
        [exports.nomination_list_sheet(request.user, form)], "danh-sach-ho-so", fmt
    )


@requires(permissions.can_export_decision_awards)
def decision_export(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    fmt = _format(request)
    decision = get_object_or_404(exports.decisions_for(request.user), pk=pk)
    return exports.respond(
        [exports.awardee_sheet(request.user, decision)],
        f"danh-sach-khen-thuong-{decision.number_text or 'du-thao'}",
        fmt,
    )


# --- import --------------------------------------------------------------------------------


def _to_drafts() -> HttpResponse:
    """The ward's drafts, where imported rows land."""
    return redirect(f"{reverse('nomination-list')}?state={NominationState.DRAFT}")


@requires(permissions.can_import_nominations)
def import_template(request: AuthenticatedRequest) -> FileResponse:
    return imports.template_response(request.user)


@requires(permissions.can_import_nominations)
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = imports.accept_upload(request, form.cleaned_data["file"])
        except imports.ImportRefused as refused:  # the stored file is deleted already
            form.add_error("file", refused.message)
        else:
            return redirect("reports-import-preview", token=token)
    return render(
        request,
        "reports/import_upload.html",
        {
            "form": form,
            "limit": imports.MAX_ROWS,
        },
    )


@requires(permissions.can_import_nominations)
def import_preview(request: AuthenticatedRequest, token: str) -> HttpResponse:
    if imports.was_imported(token):  # the Back button after a confirmed import
        messages.info(request, imports.AlreadyConfirmed().message)
        return _to_drafts()
    try:
        path = imports.stashed_path(request, token)
    except imports.ImportRefused as refused:
        messages.error(request, refused.message)
        return redirect("reports-import")
    try:
        result = imports.parse(path, request.user)
    except imports.ImportRefused as refused:
        imports.discard(request, token)
        messages.error(request, refused.message)
        return redirect("reports-import")
    return render(
        request,
        "reports/import_preview.html",
        {
            "result": result,
            "token": token,
        },
    )


@requires(permissions.can_import_nominations)
@require_POST
def import_confirm(request: AuthenticatedRequest, token: str) -> HttpResponse:
    try:
        expected: int | None = int(request.POST.get("expected", ""))
    except ValueError:
        expected = None  # refused by the service once the token is known to be this session's
    try:
        created = imports.confirm_once(request, token, request.user, expected)
    except imports.AlreadyConfirmed as done:
        messages.info(request, done.message)
        return _to_drafts()
    except imports.ImportRefused as refused:
        messages.error(request, refused.message)
        return redirect("reports-import")
    messages.success(
        request,
        _("Đã tạo %(n)d hồ sơ nháp từ tệp Excel (%(t)s).")
        % {"n": len(created), "t": timezone.localtime().strftime("%H:%M %d/%m/%Y")},
    )
    return _to_drafts()
