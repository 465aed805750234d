"""Two-factor sign-in pages: the code after the password, enrolment, recovery codes, and the
account page. Rules and writes are in ``emulation.accounts.services``; these pages are the
only ones ``TwoFactorMiddleware`` lets an unverified session reach (with logout)."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.accounts import services
from emulation.accounts.forms import CodeForm, RecoveryCodeForm
from emulation.decorators import AuthenticatedRequest


def _next(request: HttpRequest) -> str:
    """Where to go once verified: ``next`` when it stays on this site, else the staff home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff-home")


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


def _sign_in(request: HttpRequest, device: Device) -> None:
    """The session is now verified by *device*: a new session key (the session gained a
    privilege), the device remembered by django-otp."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[services.SESSION_ENROLLED] = True


def _is_verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


@never_cache
@login_required
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """After the password: the 6-digit code, or a recovery code (a second form)."""
    user = request.user
    target = _next(request)
    if _is_verified(request) or not services.must_verify(request):
        return redirect(target)
    device = services.confirmed_totp(user)
    if device is None:
        if services.requires_two_factor(user):
            return redirect(_with_next("two-factor-enrol", target))
        request.session[services.SESSION_ENROLLED] = False  # reset by the administrator
        return redirect(target)
    recovery = request.POST.get("kind") == "recovery"
    form = CodeForm(request.POST if request.method == "POST" and not recovery else None)
    rescue = RecoveryCodeForm(request.POST if recovery else None)
    submitted = rescue if recovery else form
    if request.method == "POST" and submitted.is_valid():
        try:
            accepted = services.verify(user, submitted.cleaned_data["code"])
        except services.TwoFactorError as refusal:
            submitted.add_error("code", str(refusal))
        else:
            _sign_in(request, accepted)
            if isinstance(accepted, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Bạn vừa đăng nhập bằng mã dự phòng; còn lại %(n)d mã. Khi còn ít, hãy "
                        "tạo bộ mã mới ở trang Tài khoản."
                    )
                    % {"n": services.remaining_recovery_codes(user)},
                )
            return redirect(target)
    context = {
        "form": form,
        "rescue": rescue,
        "rescue_open": recovery,
        "next": target,
        "demo_secret": _demo_secret(device),
    }
    return render(request, "registration/two_factor_verify.html", context)


def _demo_secret(device: TOTPDevice) -> str:
    """The published demo key, shown on the code page of a demo account in the demo only."""
    if (settings.DEBUG or settings.DEMO) and device.key == services.DEMO_KEY_HEX:
        return services.secret_of(device)
    return ""


@never_cache
@login_required
def enrol(request: AuthenticatedRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a first code; then the recovery codes."""
    user = request.user
    target = _next(request)
    if services.has_two_factor(user):
        return redirect("account" if _is_verified(request) else "two-factor-verify")
    form = CodeForm(request.POST or None)
    device = None
    if request.method == "POST":
        pending = request.session.get(services.SESSION_ENROLMENT)
        if form.is_valid():
            try:
                confirmed, codes = services.confirm_enrolment(
                    user, pending, form.cleaned_data["code"]
                )
            except services.TwoFactorError as refusal:
                form.add_error("code", str(refusal))
            else:
                _sign_in(request, confirmed)
                request.session.pop(services.SESSION_ENROLMENT, None)
                request.session[services.SESSION_NEW_CODES] = codes
                messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản."))
                return redirect(_with_next("two-factor-recovery-codes", target))
        device = TOTPDevice.objects.filter(pk=pending, user=user, confirmed=False).first()
    if device is None:
        device = services.start_enrolment(user)
        request.session[services.SESSION_ENROLMENT] = device.pk
    context = {
        "form": form,
        "next": target,
        "qr": services.qr_svg(device),
        "secret": services.secret_of(device),
        "required": services.requires_two_factor(user),
    }
    return render(request, "registration/two_factor_enrol.html", context)


@never_cache
@login_required
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """GET: the new recovery codes, once (then they are gone from the session). POST: make ten
    new ones (the old void), for a verified session only."""
    if request.method == "POST":
        if not _is_verified(request):
            raise PermissionDenied(_("Hãy xác thực hai lớp trước khi tạo mã dự phòng mới."))
        try:
            codes = services.regenerate_recovery_codes(request.user)
        except services.TwoFactorError as refusal:
            messages.error(request, str(refusal))
            return redirect("account")
        request.session[services.SESSION_NEW_CODES] = codes
        return redirect("two-factor-recovery-codes")
    codes = request.session.pop(services.SESSION_NEW_CODES, None) or []
    context = {"codes": codes, "next": _next(request)}
    return render(request, "registration/two_factor_codes.html", context)


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own account: role, two-factor status, recovery codes left."""
    user = request.user
    enrolled = services.has_two_factor(user)
    context = {
        "enrolled": enrolled,
        "required": services.requires_two_factor(user),
        "verified": _is_verified(request),
        "remaining": services.remaining_recovery_codes(user) if enrolled else 0,
    }
    return render(request, "registration/account.html", context)
