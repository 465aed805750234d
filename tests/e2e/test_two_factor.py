"""Two-factor sign-in in a real browser (issue #12: "two-factor is required for the chairman").

The chairman gives his password, is asked for the 6-digit code, enters the one computed here
with ``django_otp.oath.totp`` and reaches the council's pages; the password alone reaches
none. A chairman without a device enrols (QR, key, first code, ten recovery codes). Both
pages are photographed at 1280 and 390 px (into $SCREENSHOTS_DIR when set, for the docs).
"""

from __future__ import annotations

import os
import re
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests import factories
from tests.factories import PASSWORD
from tests.two_factor import device_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def _password(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def _shoot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        label = "desktop" if width == 1280 else "phone"
        page.screenshot(path=str(folder / f"two-factor-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_chairman_is_asked_for_the_code_and_refused_without_it(
    page, live_server, authority, chairman, tmp_path
):
    device = device_for(chairman)
    factories.DecisionFactory(authority=authority, title="Về việc khen thưởng đợt một")
    base = live_server.url

    # The password alone: the council stays closed, whatever address is typed.
    _password(page, base, "chutich")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/\?next="))
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.goto(f"{base}/hoi-dong/quyet-dinh/")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/\?next=%2Fhoi-dong%2Fquyet-dinh%2F"))
    expect(page.get_by_test_id("nav-review")).to_have_count(0)
    _shoot(page, "code", tmp_path)

    # A wrong code: the message, still on the code page.
    code = f"{totp(device.bin_key):06d}"
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    form = page.get_by_test_id("totp-form")
    form.locator("input[name=code]").fill(wrong)
    form.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Mã xác thực không đúng hoặc đã hết hạn.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))

    # The right code (the throttle's 1 s after the wrong one has passed by now).
    page.wait_for_timeout(1100)
    form = page.get_by_test_id("totp-form")
    form.locator("input[name=code]").fill(f"{totp(device.bin_key):06d}")
    form.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{base}/hoi-dong/quyet-dinh/")
    expect(page.get_by_text("Về việc khen thưởng đợt một")).to_be_visible()
    page.goto(f"{base}/hoi-dong/")
    expect(page).to_have_url(f"{base}/hoi-dong/")


def test_chairman_without_a_device_enrols_then_works(
    page, live_server, authority, chairman, tmp_path
):
    base = live_server.url
    _password(page, base, "chutich")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/dang-ky/"))
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    _shoot(page, "enrol", tmp_path)

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Xác nhận và bật xác thực hai lớp").click()
    expect(page.get_by_text("Đã bật xác thực hai lớp cho tài khoản.")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    _shoot(page, "recovery-codes", tmp_path)
    page.get_by_role("link", name="Đã lưu mã, tiếp tục làm việc").click()
    expect(page).to_have_url(f"{base}/hoi-dong/tong-quan/")
