"""Site-wide views: error pages in Vietnamese, the language switch and a health check."""

from __future__ import annotations

from typing import Any

from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.validators import MaxLengthValidator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from emulation import site
from emulation.forms import NormalizedFormMixin


@require_GET
def switch_language(request: HttpRequest) -> HttpResponse:
    """A link, not a form: public pages then carry no CSRF token and can be cached
    (emulation/page_cache.py). Switching a visitor's language is harmless, so a GET is fine;
    ``next`` must stay on this site."""
    code = request.GET.get("lang", "")
    response = HttpResponseRedirect(site.safe_next(request, "/"))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


class BoundedAuthenticationForm(NormalizedFormMixin, AuthenticationForm):
    """Django's sign-in form with the username's length enforced before authentication:
    the stock form only sets ``max_length`` on the widget, so a 5,000-character username
    reached django-axes, whose 255-character column then refused it (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(getattr(field, "max_length", None) or 150))


class SitePasswordResetView(PasswordResetView):
    """Django's password reset, whose e-mail links to SITE_URL: the stock view writes the
    request's Host into the link, so a request naming another host would mail the victim a
    link to the requester's site, carrying a valid reset token."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        form.save(
            domain_override=site.site_host(),
            use_https=site.site_scheme() == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=dict(self.extra_email_context or {}),
        )
        return HttpResponseRedirect(self.get_success_url())


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def with_security_headers(response: HttpResponse) -> HttpResponse:
    """The headers every page carries (settings: CSP, frame, referrer, nosniff, opener), set
    on ``response`` itself: used by the 400 page, which a request naming a host outside
    ALLOWED_HOSTS gets from inside the middleware stack, before the middlewares that add
    them (CommonMiddleware, or SecurityMiddleware's https redirect, raises DisallowedHost)."""
    policy = build_policy()
    if policy and "Content-Security-Policy" not in response:
        response["Content-Security-Policy"] = policy
    response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    response.setdefault("X-Content-Type-Options", "nosniff")
    response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
    response.setdefault("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return with_security_headers(render(request, "errors/400.html", status=400))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that might hit a broken database: a plain template.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({}), status=500)
