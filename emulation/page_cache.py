"""A short-lived cache of the public pages as anonymous residents see them (issue 7).

Residents read the same few pages (home, gallery, an exemplar) over and over; rendering them
costs 15–60 ms of CPU against well under 1 ms to send a stored copy. ``cache_public_page``
stores the rendered page for ``PUBLIC_PAGE_CACHE_SECONDS`` and serves it to every visitor
who carries no session: no personal content can leak, because only requests without a
session or messages cookie are served from or written to the cache, and a response is
stored only if it is a plain 200 that used no CSRF token and set no cookie.

Freshness. Every save or delete of a model the public pages show (``PUBLIC_MODELS``) bumps a
generation number once its transaction commits; the generation is part of every key, so the
next request renders afresh. The generation lives in the configured cache: with a cache
shared by the workers (``CACHE_URL=filecache:///var/cache/thidua`` or Redis), a change shows
at once everywhere; with the default per-process memory cache, the other workers may serve
their copy until it expires (at most ``PUBLIC_PAGE_CACHE_SECONDS``, 60 s by default). Bulk
writes (``QuerySet.update``) bypass signals: code that uses them calls ``bump()`` itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "public-page:generation"
KEY_PREFIX = "public-page"

# app_label.ModelName of every model whose rows appear on a public page.
PUBLIC_MODELS = [
    "nominations.Nomination",
    "nominations.Nominee",
    "nominations.Decision",
    "nominations.Award",
    "campaigns.Campaign",
    "campaigns.AwardKind",
    "emulation.Ward",
    "emulation.Authority",
]

# Headers worth keeping with a stored page; the middlewares add the rest on every response.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "ETag", "Content-Disposition", "X-Robots-Tag")


def seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, timeout=None)
    return value


def bump() -> None:
    """Forget every stored public page, now and again when the transaction commits.

    The second bump drops any page that a concurrent request rendered from the data as it
    was before the commit and stored under the first bump's generation."""
    _bump_now()
    transaction.on_commit(_bump_now)


def _bump_now() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key expired or was never set
        cache.set(GENERATION_KEY, 2, timeout=None)


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (settings.SESSION_COOKIE_NAME not in cookies
            and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies)


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{generation()}:{get_language()}:{request.method == 'HEAD'}:{path}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control"))


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs of ``view`` from the page cache (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = seconds()
        if timeout <= 0 or request.method not in ("GET", "HEAD") or not _anonymous(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            headers = [(name, response[name]) for name in KEPT_HEADERS
                       if response.has_header(name)]
            cache.set(key, (response.content, headers), timeout)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    bump()


def connect() -> None:
    """Bump the generation whenever a public model is saved or deleted."""
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"page-cache-del-{label}")
