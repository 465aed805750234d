"""Public pages for residents (no account). Every exemplar comes from
nominations.public.services.public_exemplars(); rules live there, these views only assemble pages."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.models import Campaign
from emulation import once, ratelimit
from emulation.decorators import AuthenticatedRequest, requires
from emulation.page_cache import cache_public_page, public_cache_control
from emulation.site import absolute_url
from nominations import permissions
from nominations.decisions import services as decisions
from nominations.public import opendata
from nominations.public import services as public
from nominations.public.forms import VerifyForm, clean_code
from nominations.public.services import exemplar_url
from nominations.reports.exports import Sheet, csv_lines
from nominations.suggestions import services as suggestions
from nominations.suggestions.forms import SuggestionForm


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    exemplars = public.public_exemplars()
    context = {
        "featured": list(exemplars.filter(featured=True)[:4]),
        "latest": list(exemplars[:8]),
        "open_campaigns": list(
            Campaign.objects.accepting_nominations().order_by("deadline", "name")[:6]
        ),
        **public.home_figures(),
    }
    return render(request, "public/home.html", context)


@cache_public_page
def gallery(request: HttpRequest) -> HttpResponse:
    filters = public.gallery_filters(request.GET)
    paginator = Paginator(public.filter_exemplars(filters), public.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    query = filters.as_query()
    return render(
        request,
        "public/gallery.html",
        {
            "filters": filters,
            "page": page,
            "exemplars": list(page.object_list),
            "query_string": urlencode(query),
            "canonical": _page_url(reverse("gallery"), query, page.number),
        },
    )


def _page_url(base: str, query: dict, number: int) -> str:
    params = dict(query)
    if number > 1:
        params["trang"] = str(number)
    return f"{base}?{urlencode(params)}" if params else base


@cache_public_page
def exemplar(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    nomination = get_object_or_404(public.with_awards(public.public_exemplars()), pk=pk)
    canonical = exemplar_url(nomination)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    same_ward = list(
        public.public_exemplars().filter(ward_id=nomination.ward_id).exclude(pk=nomination.pk)[:4]
    )
    return render(
        request,
        "public/exemplar.html",
        {
            "e": nomination,
            "award": public.public_award(nomination),
            "same_ward": same_ward,
            "absolute_url": absolute_url(canonical),
            "can_feature": permissions.can_feature_exemplar(request.user, nomination),
        },
    )


@requires(permissions.can_feature_exemplar)
@require_POST
def toggle_featured(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretary chooses the exemplars featured on the home page. The form names the
    value wanted (``featured`` = "1" or "0"), so a double click sets it twice, not back; a
    post without it toggles."""
    wanted = {"1": True, "0": False}.get(request.POST.get("featured", ""))
    with transaction.atomic():
        nomination = get_object_or_404(
            public.public_exemplars().select_for_update(of=("self",)), pk=pk
        )
        nomination.featured = (not nomination.featured) if wanted is None else wanted
        nomination.save(update_fields=["featured"])
    if nomination.featured:
        messages.success(request, _("Đã đưa lên trang chủ."))
    else:
        messages.success(request, _("Đã bỏ khỏi trang chủ."))
    return redirect(exemplar_url(nomination))


@cache_public_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/campaign_list.html",
        {
            "campaigns": list(public.public_campaigns()),
        },
    )


@cache_public_page
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(
        public.public_campaigns().prefetch_related("award_kinds"), slug=slug[:200]
    )
    honoured = public.public_exemplars().filter(campaign=campaign)
    paginator = Paginator(honoured, public.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    return render(
        request,
        "public/campaign_detail.html",
        {
            "campaign": campaign,
            "page": page,
            "exemplars": list(page.object_list),
            "query_string": "",
            "accepts": campaign.accepts_nominations(),
        },
    )


def suggest(request: HttpRequest) -> HttpResponse:
    """The residents' form: a honeypot, a minimum fill time and a limit per IP address."""
    ip_hash = suggestions.hash_ip(suggestions.client_ip(request))
    if request.method == "POST":
        form = SuggestionForm(request.POST, request.FILES)
        if form.is_bot:
            # Pretend success: a bot learns nothing, nothing is stored.
            return redirect("suggest-thanks")
        if suggestions.over_limit(ip_hash):
            return render(
                request,
                "public/suggest.html",
                {"form": SuggestionForm(), "limited": True},
                status=429,
            )
        if form.is_valid():
            with transaction.atomic():
                # The same form posted twice (a double click): stored once.
                if once.claim(request, "suggest") is None:
                    suggestions.save_suggestion(form, suggestions.client_ip(request))
                    once.record(request, reverse("suggest-thanks"))
            return redirect("suggest-thanks")
        if form.timing_error:
            # A fresh timestamp, so that the resident's second press succeeds.
            data = request.POST.copy()  # form.data, as a mutable QueryDict
            data["started"] = suggestions.new_timestamp()
            form.data = data
    else:
        form = SuggestionForm()
    return render(request, "public/suggest.html", {"form": form, "limited": False})


def suggest_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "public/suggest_thanks.html")


@require_GET
@cache_public_page
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /can-bo/",
        "Disallow: /hoi-dong/",
        "Disallow: /bao-cao/",
        "Disallow: /quan-tri/",
        "Disallow: /tai-khoan/",
        "Disallow: /i18n/",
        "Allow: /",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- verification of a certificate (Giấy khen) by its code or QR code -------------------


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """The code typed by a resident; anything but a well-formed code stays on this page with
    "Mã không hợp lệ" (a code with "/" would otherwise have no address to redirect to)."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"])
    return render(request, "public/verify_form.html", {"form": form})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Name, award, decision number and date; or "does not exist". Nothing private.

    Limited to ``settings.VERIFICATIONS_PER_IP_PER_MINUTE`` lookups per address (429 beyond),
    so the codes cannot be enumerated."""
    if not ratelimit.allow(
        "verify", suggestions.client_ip(request), settings.VERIFICATIONS_PER_IP_PER_MINUTE
    ):
        response = render(request, "public/verify_limited.html", status=429)
        response["Retry-After"] = "60"
        response["X-Robots-Tag"] = "noindex"
        return response
    cleaned = clean_code(code)
    award = None
    if cleaned is not None:
        award = public.verified_award(cleaned)
    response = render(
        request,
        "public/verify.html",
        {
            "award": award,
            "code": code[:40],
            "malformed": cleaned is None,
            "signature": decisions.signature_report(award.decision) if award else None,
        },
        status=200 if award else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- open data (the JSON API is nominations/public/api.py) --------------------------------


def served_publicly(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An open data view: limited per client address (``OPEN_DATA_PER_IP_PER_MINUTE``, 429
    with a JSON message), then served from the page cache with ``Cache-Control: public``."""
    limited = ratelimit.limit_per_minute("open-data", "OPEN_DATA_PER_IP_PER_MINUTE", 60, json=True)
    return limited(public_cache_control(cache_public_page(view)))


def _csv_served(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like :func:`served_publicly`, the 429 in plain text (a browser shows it)."""
    limited = ratelimit.limit_per_minute("open-data", "OPEN_DATA_PER_IP_PER_MINUTE", 60)
    return require_GET(limited(public_cache_control(cache_public_page(view))))


def _csv(sheet: Sheet, filename: str) -> HttpResponse:
    """The whole file at once (a district's public lists are small), so that the page cache
    can keep it; UTF-8 with a byte order mark and neutralised cells, like the staff exports."""
    response = HttpResponse(
        "".join(csv_lines([sheet])).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@_csv_served
def open_data_campaigns_csv(request: HttpRequest) -> HttpResponse:
    return _csv(opendata.campaign_sheet(), "phong-trao.csv")


@_csv_served
def open_data_exemplars_csv(request: HttpRequest) -> HttpResponse:
    """Every public exemplar; the gallery's parameters (q, phuong, nam …) filter it the same."""
    return _csv(opendata.exemplar_sheet(public.gallery_filters(request.GET)), "guong-sang.csv")


@_csv_served
def open_data_decisions_csv(request: HttpRequest) -> HttpResponse:
    return _csv(opendata.decision_sheet(), "quyet-dinh.csv")


@require_GET
@cache_public_page
def open_data(request: HttpRequest) -> HttpResponse:
    """The page that lists the API and the CSV files."""
    return render(
        request,
        "public/open_data.html",
        {
            "max_limit": opendata.MAX_LIMIT,
            "default_limit": opendata.DEFAULT_LIMIT,
            "per_minute": int(getattr(settings, "OPEN_DATA_PER_IP_PER_MINUTE", 60)),
        },
    )
