"""Stored copies of rendered pages, dropped by any write to the data they show.

Rendering a list page costs 15–60 ms of CPU; sending a stored copy well under 1 ms. Two
decorators share one rule for freshness:

**Generation.** Every save or delete of a model of our apps (signals) and every bulk write
(``bump()`` called by the code that does it) increments a generation number, once at once and
once more when its transaction commits (the second drops any page that a concurrent request
rendered from the data as it was before the commit). The generation is part of every key:
after a write, every page is rendered afresh. On PostgreSQL the generation is a sequence
(migration 0005), read by every worker, so a change made in one worker is seen by all; on
SQLite (the one-process demo) it lives in the cache.

``cache_public_page`` serves residents: only requests without a session or messages cookie are
served from or written to the cache, and a response is stored only if it is a plain 200 that
used no CSRF token and set no cookie, so nothing personal is ever shared. It re-reads the
generation at most once per second per worker (``PUBLIC_GENERATION_MAX_AGE``). While the
database does not answer (a restart, a failover), the last copy of each page this worker
stored is served, marked ``X-Page-Cache: stale``; a page it never stored gets the 503 page.

``cache_staff_page`` serves signed-in staff their own pages: the key holds the session, the
CSRF cookie (the page's forms carry a token made from it), the language, the day (waiting
times count working days) and the full path; the generation is read on every request. Pages
with pending messages are never stored or served. Off on SQLite.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypedDict, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

SEQUENCE = "thidua_page_generation"
PRIVACY_SEQUENCE = "thidua_privacy_epoch"
CACHE_GENERATION_KEY = "page-cache:generation"
CACHE_PRIVACY_KEY = "page-cache:privacy-epoch"
APPS = ("emulation", "campaigns", "nominations")
IGNORED_MODELS = {"emulation.AuditLog", "emulation.FormSubmission"}
PUBLIC_GENERATION_MAX_AGE = 1.0
LAST_COPY_SECONDS = 24 * 3600  # a residents' page served while the database is down
# A worker serves last copies only if it read the privacy epoch this shortly before it found
# the database gone: an idle worker could have missed a withdrawal made meanwhile.
LAST_COPY_TRUST_SECONDS = 2 * PUBLIC_GENERATION_MAX_AGE

# Headers worth keeping with a stored page; the middlewares add the rest on every response.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "ETag", "Content-Disposition", "X-Robots-Tag")


class _Seen(TypedDict):
    value: int | None  # the generation this worker last read
    privacy: int  # the privacy epoch read with it (part of every last copy's key)
    at: float  # when, time.monotonic()
    down: float | None  # when this worker first found the database gone, since the last read


_seen: _Seen = {"value": None, "privacy": 0, "at": 0.0, "down": None}
T = TypeVar("T")


def _uses_sequence() -> bool:
    return connection.vendor == "postgresql"


def generation(max_age: float = 0.0) -> int:
    """The current generation, re-read when the one this worker saw is older than max_age."""
    now = time.monotonic()
    if _seen["value"] is not None and now - _seen["at"] < max_age:
        return _seen["value"]
    if _uses_sequence():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT g.last_value, g.is_called, p.last_value, p.is_called "  # noqa: S608
                f"FROM {SEQUENCE} g, {PRIVACY_SEQUENCE} p"
            )
            last_value, is_called, privacy_value, privacy_called = cursor.fetchone()
            value = last_value if is_called else 0
            privacy = privacy_value if privacy_called else 0
    else:
        value = cache.get(CACHE_GENERATION_KEY)
        if value is None:
            value = 1
            cache.add(CACHE_GENERATION_KEY, value, timeout=None)
        privacy = cache.get(CACHE_PRIVACY_KEY) or 0
    _seen.update({"value": value, "privacy": privacy, "at": now, "down": None})
    return value


def forget_last_copies() -> None:
    """Make every stored last good copy (the outage copies) unreachable on every worker.

    Called when something public stops being public (consent withdrawn, an award revoked, a
    story taken down): a last copy is keyed by the privacy epoch each worker read with the
    generation, at most ``PUBLIC_GENERATION_MAX_AGE`` ago, so within a second no worker can
    serve a copy made before. The copies are made afresh by the next requests."""
    if _uses_sequence():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{PRIVACY_SEQUENCE}')")
            privacy = cursor.fetchone()[0]
    else:
        try:
            privacy = cache.incr(CACHE_PRIVACY_KEY)
        except ValueError:
            privacy = 1
            cache.set(CACHE_PRIVACY_KEY, privacy, timeout=None)
    _seen.update({"privacy": privacy})
    bump()


def bump() -> None:
    """Forget every stored page, now and again when the current transaction commits.

    ``robust``: the data is committed by then; a failure to bump (the database gone a moment
    later) is logged, not turned into an error page for a write that succeeded."""
    _bump_now()
    # One after-commit bump per transaction, however many rows it writes (an import of 500
    # rows saves ~1,500). Django drops the callback if its savepoint rolls back.
    # django-stubs says (sids, func) pairs; since 4.2 Django stores (sids, func, robust).
    if not any(func is _bump_after_commit for _ids, func, _robust in connection.run_on_commit):  # type: ignore[misc]
        transaction.on_commit(_bump_after_commit, robust=True)


def _bump_after_commit() -> None:
    _bump_now()


def _bump_now() -> None:
    if _uses_sequence():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{SEQUENCE}')")
            value = cursor.fetchone()[0]
    else:
        try:
            value = cache.incr(CACHE_GENERATION_KEY)
        except ValueError:  # never set, or evicted
            value = 2
            cache.set(CACHE_GENERATION_KEY, value, timeout=None)
    _seen.update({"value": value, "at": time.monotonic()})


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:40]


def _serve(stored: tuple[bytes, list[tuple[str, str]]], label: str = "hit") -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = label
    return response


def _store(key: str, response: HttpResponse, timeout: int) -> tuple:
    if hasattr(response, "render") and callable(response.render):
        response.render()
    headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
    stored = (response.content, headers)
    cache.set(key, stored, timeout)
    response["X-Page-Cache"] = "miss"
    return stored


def _plain_ok(response: HttpResponse, request: HttpRequest | None = None) -> bool:
    if request is not None and getattr(request, "once_issued", False):
        return False  # a one-time form token (emulation/once.py) must not be served twice
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _messages_cookie(request: HttpRequest) -> bool:
    return bool(request.COOKIES.get(getattr(settings, "MESSAGES_COOKIE_NAME", "messages")))


# --------------------------------------------------------------------------- values


def remember(name: str, build: Callable[[], T], timeout: int = 300) -> T:
    """A value read from the database for residents' pages (e.g. a filter's option lists),
    kept until the next write like the pages themselves: a page rendered after a write, when
    its own data changed, need not recompute lists that did not."""
    key = f"public-value:{name}:{generation(PUBLIC_GENERATION_MAX_AGE)}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


# --------------------------------------------------------------------------- residents


def public_seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))


def _last_copy_key(request: HttpRequest) -> str:
    return "public-page-last:" + _digest(_seen["privacy"], get_language(), request.get_full_path())


def _epoch_trusted() -> bool:
    """Whether this worker read the privacy epoch just before the database went away (see
    ``LAST_COPY_TRUST_SECONDS``); the outage's start is when this worker first failed."""
    down = _seen["down"]
    if down is None:
        down = _seen["down"] = time.monotonic()
    return down - _seen["at"] <= LAST_COPY_TRUST_SECONDS


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs of ``view`` from the page cache (see the module docstring).

    Each stored page is also kept as the path's last good copy (for a day); while the
    database does not answer, that copy is served instead of the 503 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        timeout = public_seconds()
        if (
            timeout <= 0
            or request.method not in ("GET", "HEAD")
            or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            or _messages_cookie(request)
        ):
            return view(request, *args, **kwargs)
        try:
            key = "public-page:" + _digest(
                generation(PUBLIC_GENERATION_MAX_AGE), get_language(), request.get_full_path()
            )
            stored = cache.get(key)
            if stored is not None:
                return _serve(stored)
            response = view(request, *args, **kwargs)
        except DatabaseError:
            if not _epoch_trusted():
                raise
            last = cache.get(_last_copy_key(request))
            if last is None:
                raise
            return _serve(last, label="stale")
        if _plain_ok(response, request) and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(_last_copy_key(request), _store(key, response, timeout), LAST_COPY_SECONDS)
        return response

    return wrapper


def public_cache_control(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``Cache-Control: public, max-age=<PUBLIC_PAGE_CACHE_SECONDS>`` on a 200 of ``view``, for
    browsers and shared caches (open data). Put it *outside* ``cache_public_page``, which
    stores no response that already carries Cache-Control. A signed-in user's response still
    becomes ``private, no-store`` (PrivateNoStoreMiddleware runs after the view)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        seconds = public_seconds()
        if response.status_code == 200 and seconds > 0:
            response["Cache-Control"] = f"public, max-age={seconds}"
        return response

    return wrapper


# --------------------------------------------------------------------------- staff


def staff_seconds() -> int:
    return int(getattr(settings, "STAFF_PAGE_CACHE_SECONDS", 300))


def _pending_messages(request: HttpRequest) -> bool:
    return _messages_cookie(request) or "_messages" in request.session


def _page_has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cache_staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a signed-in user's repeated GETs of ``view`` from the page cache until any
    write happens (see the module docstring). Put it under ``login_required``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        timeout = staff_seconds()
        csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        if (
            timeout <= 0
            or request.method != "GET"
            or not _uses_sequence()
            or not request.user.is_authenticated
            or not request.session.session_key
            or not csrf_cookie
            or _pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = "staff-page:" + _digest(
            generation(),
            request.user.pk,
            request.session.session_key,
            csrf_cookie,
            get_language(),
            timezone.localdate().isoformat(),
            request.get_full_path(),
        )
        stored = cache.get(key)
        if stored is not None:
            return _serve(stored)
        response = view(request, *args, **kwargs)
        if _plain_ok(response, request) and not _page_has_messages(request):
            _store(key, response, timeout)
        return response

    return wrapper


# --------------------------------------------------------------------------- signals


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    bump()


def _on_m2m_change(sender: type[Model], action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        bump()


def connect() -> None:
    """Bump the generation whenever a row of one of our models is saved or deleted."""
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = f"{app_label}.{model.__name__}"
            if label in IGNORED_MODELS:
                continue
            post_save.connect(_on_change, sender=model, dispatch_uid=f"page-cache-save-{label}")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"page-cache-del-{label}")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page-cache-m2m")
