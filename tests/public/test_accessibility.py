"""axe-core (vendored from npm: tests/public/vendor/axe.min.js) in the real browser: no
serious or critical violation on the public pages, at desktop and phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = ["home", "gallery", "exemplar", "campaigns", "campaign", "suggest", "thanks", "open_data"]


def axe_violations(page) -> list[str]:
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    return [
        f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violation(page, live_server, public_site, served_static):
    # An init script is not subject to the page's CSP, unlike an injected <script>.
    page.add_init_script(path=str(AXE))
    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name in PAGES:
            page.goto(live_server.url + public_site[name])
            assert page.evaluate("typeof axe") == "object"
            # The stylesheets are really there (contrast is judged on the real colours).
            assert (
                page.evaluate("getComputedStyle(document.querySelector('.navbar')).backgroundColor")
                == "rgb(165, 14, 37)"
            )
            problems += [f"{name}@{width}: {p}" for p in axe_violations(page)]
    # The suggestion form showing its errors.
    page.goto(live_server.url + public_site["suggest"])
    page.get_by_test_id("suggest-submit").click()
    page.wait_for_load_state()
    problems += [f"suggest-errors: {p}" for p in axe_violations(page)]
    assert problems == []


def test_keyboard_reaches_the_gallery_search(page, live_server, public_site, served_static):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Bỏ qua, đến nội dung chính"
    )
    page.goto(live_server.url + "/guong-sang/")
    page.locator("#q").focus()
    page.keyboard.type("dinh tinh")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guong-sang/?q=dinh+tinh*")
    cards = page.get_by_test_id("exemplar-card")
    assert cards.count() == 1
    assert cards.first.locator("h3").inner_text() == "Nguyễn Đình Tính"
