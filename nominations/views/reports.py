"""Reports: statistics, Excel/CSV exports and the Excel import of nominations.

Thin views: the figures live in nominations.statistics, the files in nominations.exports and
nominations.imports, the rules in nominations.permissions.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from nominations import exports, permissions, statistics


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in {"xlsx", "csv"}:
        raise PermissionDenied
    return fmt


def _statistics_form(request: HttpRequest) -> tuple[statistics.StatisticsFilterForm, dict]:
    form = statistics.StatisticsFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else form.default_data()
    return form, data


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_statistics(request.user))
    form, data = _statistics_form(request)
    tables = statistics.compute(request.user, data)
    return render(request, "reports/statistics.html", {
        "form": form, "data": data, "filters": form.describe(data),
        "tables": [(t, statistics.chart(t)) for t in tables],
        "query": request.GET.urlencode(),
        "can_import": False,  # the Excel import lands with nominations.forms
        "decisions": exports.decisions_for(request.user)[:20],
        "list_form": exports.NominationFilterForm(user=request.user),
    })


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_statistics(request.user))
    fmt = _format(request)
    form, data = _statistics_form(request)
    if form.is_bound and form.errors:
        return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
    tables = statistics.compute(request.user, data)
    return exports.respond(exports.statistics_sheets(tables, form.describe(data)),
                           "thong-ke-thi-dua", fmt)


@login_required
def nomination_export(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_statistics(request.user))
    fmt = _format(request)
    form = exports.NominationFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Bộ lọc không hợp lệ."))
    return exports.respond([exports.nomination_list_sheet(request.user, form)],
                           "danh-sach-ho-so", fmt)


@login_required
def decision_export(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_export_decision_awards(request.user))
    fmt = _format(request)
    decision = get_object_or_404(exports.decisions_for(request.user), pk=pk)
    return exports.respond([exports.awardee_sheet(request.user, decision)],
                           f"danh-sach-khen-thuong-{decision.number or 'du-thao'}", fmt)
