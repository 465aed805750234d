"""Screenshots of the public pages at 1280 and 390 px, with a horizontal-scroll check.

Usage: start the demo (DEBUG=true PORT=8133 scripts/demo), then
    .venv/bin/python tests/public/screenshots.py --base http://127.0.0.1:8133
Writes docs/screenshots/public-<page>-desktop.png and -phone.png; exits 1 if a page scrolls
sideways at 390 px.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pages(base: str, browser) -> list[tuple[str, str]]:
    """Resolve the first exemplar and campaign from the live gallery."""
    page = browser.new_page()
    page.goto(f"{base}/guong-sang/")
    exemplar = page.locator("[data-testid=exemplar-card] a").first.get_attribute("href")
    page.goto(base + exemplar)  # the exemplar's own campaign: one with honoured people
    campaign = page.locator("[data-testid=award] a[href^='/phong-trao/']").first.get_attribute(
        "href"
    )
    page.close()
    return [
        ("home", "/"),
        ("gallery", "/guong-sang/"),
        ("exemplar", exemplar),
        ("campaigns", "/phong-trao/"),
        ("campaign", campaign),
        ("suggest", "/gioi-thieu-nguoi-tot/"),
        ("suggest-thanks", "/gioi-thieu-nguoi-tot/cam-on/"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in pages(options.base, browser):
            for label, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, locale="vi-VN")
                page = context.new_page()
                page.goto(options.base + path)
                page.wait_for_load_state("networkidle")
                wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                if wide:
                    failures += 1
                    print(f"horizontal scroll: {name} at {label}", file=sys.stderr)
                page.screenshot(path=str(OUT / f"public-{name}-{label}.png"), full_page=True)
                context.close()
        # The ward officer's inbox of suggestions (demo account, published password).
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            page = context.new_page()
            page.goto(f"{options.base}/tai-khoan/dang-nhap/")
            page.locator("input[name=username]").fill("catlinh")
            page.locator("input[name=password]").fill("thidua-demo-2026")
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state("networkidle")
            for name, path in [("officer-suggestions", "/can-bo/goi-y/")]:
                page.goto(options.base + path)
                page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)
                first = page.locator("[data-testid=suggestion-table] tbody a").first
                if first.count():
                    first.click()
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / f"{name}-detail-{label}.png"), full_page=True)
            context.close()
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
