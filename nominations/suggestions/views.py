"""The ward officer's inbox of residents' suggestions (ward-scoped; 404 for other wards)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.decorators import AuthenticatedRequest, requires
from emulation.page_cache import cache_staff_page
from nominations import permissions
from nominations.models import Suggestion, SuggestionState
from nominations.suggestions import services as suggestions
from nominations.suggestions.forms import ConvertForm

STATES = {
    "moi": SuggestionState.NEW,
    "da-lap-ho-so": SuggestionState.CONVERTED,
    "da-bo-qua": SuggestionState.DISMISSED,
}


def _get(request: AuthenticatedRequest, pk: int) -> Suggestion:
    return get_object_or_404(
        permissions.suggestions_for(request.user).select_related(
            "ward", "nomination", "handled_by"
        ),
        pk=pk,
    )


@requires(permissions.can_handle_suggestion)
@cache_staff_page
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    state_key = request.GET.get("trang-thai", "moi")
    if state_key not in STATES:
        state_key = "moi"
    qs = (
        permissions.suggestions_for(request.user)
        .filter(state=STATES[state_key])
        .select_related("ward", "nomination")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("trang"))
    counts = {value: 0 for value in SuggestionState.values}
    for row in (
        permissions.suggestions_for(request.user).order_by().values("state").annotate(n=Count("pk"))
    ):
        counts[row["state"]] = row["n"]
    return render(
        request,
        "suggestions/inbox.html",
        {
            "page": page,
            "suggestions": list(page.object_list),
            "state_key": state_key,
            "counts": counts,
        },
    )


@requires(permissions.can_handle_suggestion)
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    suggestion = _get(request, pk)
    return render(
        request,
        "suggestions/detail.html",
        {
            "s": suggestion,
            "form": ConvertForm(),
        },
    )


@requires(permissions.can_handle_suggestion)
@require_POST
def convert(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    suggestion = _get(request, pk)
    form = ConvertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn một phong trào đang nhận hồ sơ."))
        return render(
            request, "suggestions/detail.html", {"s": suggestion, "form": form}, status=400
        )
    try:
        nomination = suggestions.convert(suggestion, request.user, form.cleaned_data["campaign"])
    except suggestions.SuggestionError as err:
        if suggestions.already_converted(suggestion):
            # A second press of "Lập hồ sơ": the draft exists, go where the first press went.
            messages.info(request, err.message)
            converted = Suggestion.objects.get(pk=suggestion.pk).nomination_id
            return redirect("nomination-detail", pk=converted)
        messages.error(request, err.message)
        return redirect("suggestion-detail", pk=suggestion.pk)
    messages.success(
        request, _("Đã lập hồ sơ nháp cho %(name)s.") % {"name": nomination.nominee.full_name}
    )
    return redirect("nomination-detail", pk=nomination.pk)


@requires(permissions.can_handle_suggestion)
@require_POST
def dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    suggestion = _get(request, pk)
    try:
        suggestions.dismiss(suggestion, request.user)
    except suggestions.SuggestionError as err:
        if suggestions.already_dismissed(suggestion):  # a second press: as the first one
            messages.info(request, err.message)
            return redirect("suggestion-inbox")
        messages.error(request, err.message)
        return redirect("suggestion-detail", pk=suggestion.pk)
    messages.success(
        request, _("Đã bỏ qua giới thiệu về %(name)s.") % {"name": suggestion.nominee_name}
    )
    return redirect("suggestion-inbox")


@requires(permissions.can_handle_suggestion)
def photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The resident's photo, private: served to the ward's officer only."""
    suggestion = _get(request, pk)
    if not suggestion.photo:
        raise Http404
    response = FileResponse(suggestion.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
