"""Two-factor sign-in: who must give a code, enrolment, verification, recovery codes, reset.

The one rule, ``requires_two_factor(user)``: the chairman, his deputies and the council
secretary (those who sign and register decisions) must give a 6-digit TOTP code after their
password; other staff may enrol from their account page and are then asked too (their session
remembers it from the login: ``SESSION_ENROLLED``). django-otp keeps the devices: one confirmed
``TOTPDevice`` (the authenticator app) and one ``StaticDevice`` holding ten single-use recovery
codes. Both throttle wrong codes (the wait doubles at each failure, per device).

Every write is atomic; refusals raise ``TwoFactorError`` with the message to show, *after* the
transaction that counted the failure has committed (a rollback would forget the throttle).
"""

from __future__ import annotations

import math
import re
from base64 import b32decode, b32encode
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation import audit
from emulation.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from emulation.models import User

REQUIRED_ROLES = frozenset({Role.CHAIRMAN, Role.DEPUTY, Role.SECRETARY})
RECOVERY_CODE_COUNT = 10
# Session keys: an optional user who has a device (asked for a code like the required roles),
# the enrolment in progress (TOTPDevice pk), and the recovery codes waiting to be shown once.
SESSION_ENROLLED = "thidua_two_factor_enrolled"
SESSION_ENROLMENT = "thidua_two_factor_enrolment"
SESSION_NEW_CODES = "thidua_two_factor_new_codes"
TOTP_NAME = "Ứng dụng xác thực"
STATIC_NAME = "Mã dự phòng"
_TOTP_CODE = re.compile(r"^\d{6}$")
# The demo accounts' published key (README, seed_demo): base32 "THIDUAKHENTHUONG".
DEMO_SECRET = "THIDUAKHENTHUONG"  # noqa: S105 - published demo key, see README
DEMO_KEY_HEX = b32decode(DEMO_SECRET).hex()


class TwoFactorError(Exception):
    """A refused code or step; ``str(error)`` is the message for the user."""


def requires_two_factor(user: User | AnonymousUser) -> bool:
    """True for an active chairman, deputy chairman or council secretary: they sign and
    register decisions, so their password alone never opens a staff page."""
    return bool(
        user.is_authenticated and user.is_active and getattr(user, "role", "") in REQUIRED_ROLES
    )


def must_verify(request: HttpRequest) -> bool:
    """Whether this signed-in session must give a code before any staff page: a required role,
    or a user who enrolled of his own accord (noted in the session at login)."""
    user = request.user
    if not user.is_authenticated:
        return False
    return requires_two_factor(user) or bool(request.session.get(SESSION_ENROLLED))


def confirmed_totp(user: User) -> TOTPDevice | None:
    """The user's authenticator device, once confirmed by a first code; else None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user still holds (0 to 10)."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def note_login(request: HttpRequest, user: User) -> None:
    """At every password login (``user_logged_in``): remember whether this user enrolled, so
    that an officer who chose two-factor sign-in is asked for his code too."""
    request.session[SESSION_ENROLLED] = has_two_factor(user)


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it by hand: base32 in groups of four
    ("THID UAKH ENTH UONG")."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no image URL, no inline style: CSP-clean)."""
    qr = segno.make(device.config_url, error="m")
    return str(
        qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=True, title=_("Mã QR"))
    )


@transaction.atomic
def start_enrolment(user: User) -> TOTPDevice:
    """A fresh unconfirmed TOTP device (a new random key), replacing any earlier unfinished one:
    an abandoned enrolment's key is never shown again.

    Raises ``TwoFactorError`` when the user already has a confirmed device (changing it goes
    through the administrator's reset, never through a session that only knows the password).
    """
    if has_two_factor(user):
        raise TwoFactorError(_("Tài khoản đã đăng ký xác thực hai lớp."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _refusal(device: Device) -> str | None:
    """The throttle's message when *device* may not verify now, else None."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    until = (info or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return _("Nhập sai mã quá nhiều lần. Vui lòng thử lại sau %(s)d giây.") % {"s": seconds}


def _wrong() -> str:
    return _("Mã xác thực không đúng hoặc đã hết hạn.")


def confirm_enrolment(user: User, device_id: int | None, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the enrolment with the first code from the app: the device becomes the user's
    authenticator and ten new recovery codes are made (returned in clear, to show once).

    Raises ``TwoFactorError``: no enrolment in progress, throttled, or a wrong code.
    """
    refusal = None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device_id, user=user, confirmed=False)
            .first()
        )
        if device is None:
            refusal = _("Phiên đăng ký đã hết hạn. Vui lòng quét lại mã QR mới.")
        else:
            refusal = _refusal(device)
            if refusal is None and not device.verify_token(_digits(code)):
                refusal = _wrong()
        if refusal is None:
            assert device is not None
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _new_recovery_codes(user)
            audit.record(user, "otp_enrol", user, {"two_factor": [None, device.name]})
    if refusal is not None:
        raise TwoFactorError(refusal)
    return device, codes


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify(user: User, code: str) -> Device:
    """Check a code given after the password: six digits are asked of the authenticator
    device (the current step, or one step either side for a drifting clock; a code already
    used is refused), anything else of the recovery codes (each works once).

    Returns the device that accepted it (for ``django_otp.login``). Raises ``TwoFactorError``
    for a wrong, reused or throttled code, or when the user has no device.
    """
    token = _digits(code)
    recovery = not _TOTP_CODE.match(token)
    refusal: str | None = None
    remaining = 0
    with transaction.atomic():
        device: Device | None
        if recovery:
            device = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            token = token.lower()
        else:
            device = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
        if device is None:
            refusal = _wrong() if recovery else _("Tài khoản chưa đăng ký xác thực hai lớp.")
        else:
            refusal = _refusal(device)
            if refusal is None and not device.verify_token(token):
                refusal = _wrong()
        if refusal is None and recovery:
            remaining = remaining_recovery_codes(user)
            audit.record(user, "otp_rescue", user, {"recovery_codes_left": [None, remaining]})
    if refusal is not None:
        raise TwoFactorError(refusal)
    assert device is not None
    return device


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes, the old ones void. For a verified session only (the view
    checks it). Raises ``TwoFactorError`` when the user has no authenticator device."""
    if not has_two_factor(user):
        raise TwoFactorError(_("Tài khoản chưa đăng ký xác thực hai lớp."))
    codes = _new_recovery_codes(user)
    audit.record(user, "otp_codes", user, {"recovery_codes_left": [None, len(codes)]})
    return codes


def reset_refusal(request: HttpRequest) -> str | None:
    """Why this session may not reset another user's two-factor devices, or None.

    Removing the chairman's or a deputy's devices opens their signature to whoever holds the
    password: the administrator (who has no two-factor obligation) must act from a session he
    verified with his own code (enrol on the account page, sign in again with the code)."""
    if not bool(getattr(request.user, "is_verified", lambda: False)()):
        return _(
            "Đặt lại xác thực hai lớp cần phiên đăng nhập của chính bạn đã được xác thực hai "
            "lớp: đăng ký ứng dụng xác thực ở trang Tài khoản, đăng xuất, đăng nhập lại với mã "
            "xác thực rồi thực hiện lại."
        )
    return None


@transaction.atomic
def reset_two_factor(user: User, actor: User) -> int:
    """The administrator's reset: every device of *user* removed (authenticator and recovery
    codes). The user's open sessions lose their verification at once; a required role is sent
    to enrol again at the next page. The user is told by e-mail (once committed) when he has an
    address. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _by_model = model.objects.filter(user=user).delete()
        removed += count
    audit.record(actor, "otp_reset", user, {"two_factor": ["", None]})
    if user.email:
        with translation.override("vi"):
            subject, body = _reset_mail(user, actor)
        address = user.email
        transaction.on_commit(
            lambda: send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True
            )
        )
    return removed


def _reset_mail(user: User, actor: User) -> tuple[str, str]:
    """Subject and body of the e-mail telling *user* that *actor* reset his two factors."""
    subject = _("Xác thực hai lớp của tài khoản %(u)s đã được đặt lại") % {"u": user.username}
    body = _(
        "Quản trị viên %(actor)s đã đặt lại xác thực hai lớp của tài khoản %(u)s lúc %(at)s: "
        "ứng dụng xác thực và các mã dự phòng cũ không còn dùng được.\n\n"
        "Lần đăng nhập tới, hệ thống sẽ yêu cầu bạn đăng ký lại ứng dụng xác thực.\n\n"
        "Nếu bạn không đề nghị việc này, hãy báo ngay cho Văn phòng và đổi mật khẩu."
    ) % {
        "actor": actor.full_name or actor.username,
        "u": user.username,
        "at": timezone.localtime().strftime("%H:%M ngày %d/%m/%Y"),
    }
    return subject, body


def demo_device(user: User, key_hex: str) -> TOTPDevice:
    """For ``seed_demo`` only: a confirmed device with a published key (see README)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=TOTP_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device
