"""Site-wide middlewares: who is acting (for the audit log), two-factor sign-in, a
friendly 503 page while the database is unreachable, and no caching of signed-in pages.

Order in settings.MIDDLEWARE: ``DatabaseUnavailableMiddleware`` right after WhiteNoise (so it
sees every response of the stack), ``TwoFactorMiddleware`` right after django-otp's
OTPMiddleware (it needs ``request.user.is_verified``), ``CurrentUserMiddleware`` after
Django's AuthenticationMiddleware (it needs ``request.user``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template import loader
from django.urls import Resolver404, resolve, reverse

from emulation import audit
from emulation.accounts import services as two_factor

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
_FLAG = "_thidua_database_unavailable"


def unavailable_response() -> HttpResponse:
    """The 503 page: a plain template, no context processor, no database access."""
    body = loader.get_template("errors/503.html").render({})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django sends this signal for every uncaught exception (views *and* middlewares), while
    the exception is being handled: remember that the database was the cause."""
    import sys

    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DATABASE_ERRORS):
        setattr(request, _FLAG, True)


got_request_exception.connect(_mark_request, dispatch_uid="thidua-db-unavailable")


class DatabaseUnavailableMiddleware:
    """Answer 503 with ``Retry-After`` instead of a 500 when PostgreSQL is unreachable.

    Django reconnects by itself on the next request (``CONN_HEALTH_CHECKS``), so no restart of
    the application is ever needed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _FLAG, False):
            return unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            setattr(request, _FLAG, True)
            return unavailable_response()
        return None


class CurrentUserMiddleware:
    """Put the authenticated user in a context variable for the audit log's signals."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.set_actor_lazy(lambda: getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            audit.reset_actor(token)


class TrustedProxyMiddleware:
    """Behind nginx, put the real client address in REMOTE_ADDR.

    Only when the request comes from an address listed in settings.TRUSTED_PROXIES: then the
    right-most X-Forwarded-For entry that is not itself a trusted proxy is the client (entries
    further left were written by the client and cannot be trusted). Without trusted proxies
    (the default) nothing changes, so a client cannot forge its address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.trusted = set(getattr(settings, "TRUSTED_PROXIES", []))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            for hop in reversed([h for h in hops if h]):
                if hop not in self.trusted:
                    request.META["REMOTE_ADDR"] = hop
                    break
        return self.get_response(request)


class TwoFactorMiddleware:
    """The one place two-factor sign-in is enforced (emulation/accounts).

    A signed-in session that must give a code (``two_factor.must_verify``: the chairman, his
    deputies, the secretary, or a user who enrolled) and has not given it yet reaches only the
    sign-in pages below; every other address, staff pages and the admin included, answers a
    redirect to the code page (which sends a user without a device on to enrolment), with
    ``next`` to come back. ``request.two_factor_pending`` tells the templates to hide the staff
    menu meanwhile.
    """

    OPEN = frozenset(
        {
            "two-factor-verify",
            "two-factor-enrol",
            "logout",
            "switch-language",
            "set_language",
            "health",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.two_factor_pending = False  # type: ignore[attr-defined]
        if two_factor.must_verify(request) and not cast(Any, request.user).is_verified():
            request.two_factor_pending = True  # type: ignore[attr-defined]
            if self._url_name(request) not in self.OPEN:
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('two-factor-verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _url_name(request: HttpRequest) -> str:
        try:
            return resolve(request.path_info).url_name or ""
        except Resolver404:
            return ""


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user (issue #14):
    staff pages, PDFs, exports and private files hold personal data, and a shared office
    computer or a proxy must not keep them after logout. The header is set last, after the
    view and the staff page cache (which stores the body server-side, per session, and never
    a response that already carries ``Cache-Control``). Anonymous residents' pages keep their
    own caching; the static files never reach here (WhiteNoise answers first).
    """

    VALUE = "private, no-store"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        signed_in = _signed_in(request)
        response = self.get_response(request)
        if signed_in or _signed_in(request):  # signed in before or after the view (login)
            response["Cache-Control"] = self.VALUE
            response.headers.pop("Expires", None)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
