"""Two-factor sign-in helpers for tests.

``force_login_verified`` replaces ``Client.force_login`` for every test (tests/conftest.py): a
user whose role requires two-factor sign-in gets a confirmed TOTP device and a session already
verified by it, as after a real login with the code. ``login_unverified`` is the plain Django
login (password only), for the tests of the refusal. ``code_for`` computes the current code;
``browser_sign_in`` signs in through the real pages (password, then the code when asked).
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.accounts import services
from emulation.models import User
from tests.factories import PASSWORD

_plain_force_login = Client.force_login


def device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, made when missing."""
    device = services.confirmed_totp(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=services.TOTP_NAME, confirmed=True)
    return device


def code_for(user: User | TOTPDevice, offset_steps: int = 0) -> str:
    """The 6-digit code the user's app shows now (``offset_steps`` × 30 s later or earlier).

    Forgets the last code used (``last_t``) and any throttle, so that two sign-ins of one user
    within the same 30 s both work: the refusal of a reused code has its own test."""
    device = user if isinstance(user, TOTPDevice) else device_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    if offset_steps == 0:
        return current_code(device)
    # oath.totp reads the clock itself; the TOTP class takes an explicit time.
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + offset_steps * device.step
    return f"{generator.token():0{device.digits}d}"


def current_code(device: TOTPDevice) -> str:
    """The code now, exactly as ``django_otp.oath.totp`` computes it (no reset)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def force_login_verified(self: Client, user: User, backend: str | None = None) -> None:
    _plain_force_login(self, user, backend)
    if services.requires_two_factor(user):
        device = device_for(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def verify_session(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as verified by *user*'s own device (made when missing), as
    after giving his code: for users whose role does not require it (the administrator)."""
    device = device_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_unverified(client: Client, user: User) -> None:
    """Password-only session: what a session is between the password and the code."""
    _plain_force_login(client, user)


def browser_sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Through the login page; then the code page when the account is asked for one."""
    user = User.objects.filter(username=username).first()
    needs_code = user is not None and services.requires_two_factor(user)
    if needs_code:
        device_for(user)
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if needs_code and "/tai-khoan/xac-thuc/" in page.url:
        page.get_by_test_id("totp-form").locator("input[name=code]").fill(code_for(user))
        page.get_by_test_id("totp-form").get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
