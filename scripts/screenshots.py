"""Take the README's screenshots with Playwright and Debian's Chromium.

Usage: start the demo (./scripts/demo), then
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--only home,login]
Writes docs/screenshots/<name>-desktop.png and <name>-phone.png (390 px wide).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "thidua-demo-2026"  # noqa: S105 - the published demo password
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# (file name, user or None for a resident, path)
PAGES = [
    ("readme-home", None, "/"),
    ("readme-gallery", None, "/guong-sang/?q=ngo+thanh+thuy"),
    ("readme-exemplar", None, "@first-exemplar"),
    ("readme-suggest", None, "/gioi-thieu-nguoi-tot/"),
    ("readme-officer-dashboard", "catlinh", "/can-bo/"),
    ("readme-officer-list", "catlinh", "/can-bo/ho-so/"),
    ("readme-council-home", "thuky", "/hoi-dong/tong-quan/"),
    ("readme-council-queue", "thuky", "/hoi-dong/"),
    ("readme-council-decisions", "thuky", "/hoi-dong/quyet-dinh/"),
    ("readme-reports", "thuky", "/bao-cao/"),
    # Irreversible actions ask first (needs a draft decision 2 and an open meeting 1).
    ("council-decision-new", "thuky", "/hoi-dong/quyet-dinh/moi/?campaign=dot-xuat"),
    ("council-decision-delete", "thuky", "/hoi-dong/quyet-dinh/2/xoa/"),
    ("council-meeting-close", "thuky", "/hoi-dong/cuoc-hop/1/ket-thuc/"),
    ("council-decision-issue", "chutich", "/hoi-dong/quyet-dinh/2/ban-hanh/"),
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _demo_code() -> str:
    """The demo accounts' current two-factor code (key THIDUAKHENTHUONG, see README)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode('THIDUAKHENTHUONG')):06d}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    only = set(filter(None, options.only.split(",")))
    OUT.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, viewport in VIEWPORTS.items():
            sessions: dict[str | None, object] = {}
            for name, user, path in PAGES:
                if only and name not in only:
                    continue
                if user not in sessions:
                    context = browser.new_context(viewport=viewport, locale="vi-VN")
                    page = context.new_page()
                    if user:
                        page.goto(options.base + "/tai-khoan/dang-nhap/")
                        page.fill("input[name=username]", user)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("button[type=submit]:has-text('Đăng nhập')")
                        page.wait_for_load_state("networkidle")
                        for _attempt in range(2):  # a code is accepted once: next step
                            if "/tai-khoan/xac-thuc/" not in page.url:
                                break
                            if _attempt:
                                time.sleep(31 - time.time() % 30)
                            page.fill("[data-testid=totp-form] input[name=code]", _demo_code())
                            page.click("[data-testid=totp-form] button[type=submit]")
                            page.wait_for_load_state("networkidle")
                    sessions[user] = page
                page = sessions[user]
                if path == "@first-exemplar":
                    page.goto(options.base + "/guong-sang/")
                    path = (
                        page.locator("a[href*='/guong-sang/'][href$='/']")
                        .nth(1)
                        .get_attribute("href")
                    )
                response = page.goto(options.base + path)
                page.wait_for_load_state("networkidle")
                status = response.status if response else 0
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                width = page.evaluate("document.documentElement.scrollWidth")
                note = "" if width <= viewport["width"] else f"  HORIZONTAL SCROLL ({width}px)"
                print(f"{status} {target.relative_to(ROOT)}{note}")
                failures += status >= 400 or bool(note)
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
