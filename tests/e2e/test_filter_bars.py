"""Every filter bar, at a phone's width and a desktop's: no select cuts its chosen text
(issue #16: "Tất cả trạng thá…" on the ward list, and the same kind of fault elsewhere)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.e2e.test_role_journeys import SELECTS_CUT, WIDTHS, _at, _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG = "Phát huy sáng kiến cải tiến kỹ thuật trong sản xuất kinh doanh"


def _uncut(page, url: str, form: str) -> dict[str, list[str]]:
    """The names of the cut selects of `form` on `url`, per width."""
    cut = {}
    for device in WIDTHS:
        _at(page, device)
        page.goto(url)
        cut[device] = page.locator(form).first.evaluate(SELECTS_CUT)
    return cut


def test_staff_filter_bars_cut_nothing(page, live_server, authority, secretary, officer, ward):
    camp = factories.CampaignFactory(name=LONG)
    factories.NominationFactory(ward=ward, campaign=camp, state="submitted")
    base = live_server.url
    _sign_in(page, base, "thuky")
    clean = {"phone": [], "desktop": []}
    assert _uncut(page, f"{base}/hoi-dong/", "form.queue-filters") == clean
    assert _uncut(page, f"{base}/bao-cao/", "form.reports-filter") == clean
    assert _uncut(page, f"{base}/bao-cao/", "form.export-list-filter") == clean
    _sign_in(page, base, "catlinh")
    assert _uncut(page, f"{base}/bao-cao/", "form.reports-filter") == clean
    assert _uncut(page, f"{base}/bao-cao/", "form.export-list-filter") == clean


def test_gallery_filter_cuts_nothing(page, live_server, authority):
    factories.CampaignFactory(name=LONG)
    assert _uncut(page, f"{live_server.url}/guong-sang/", "form.filter-panel") == {
        "phone": [],
        "desktop": [],
    }


def test_council_overview_campaign_select_fits_a_phone(page, live_server, authority, chairman):
    """The overview's campaign select is as wide as its longest option: a long campaign name
    must not push the page sideways on a phone."""
    factories.CampaignFactory(name=f"{LONG} của các doanh nghiệp trên địa bàn quận")
    base = live_server.url
    _sign_in(page, base, "chutich")
    for device, width in WIDTHS.items():
        _at(page, device)
        page.goto(f"{base}/hoi-dong/tong-quan/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, device
        assert page.locator("main form").first.evaluate(SELECTS_CUT) == [], device
