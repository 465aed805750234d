"""axe-core (vendored by the public-site work in tests/public/vendor) on the council pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from nominations.council import services as council
from nominations.decisions import services as decisions
from tests import factories
from tests.two_factor import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese browser: the site follows Accept-Language since the English catalogue."""
    return {**browser_context_args, "locale": "vi-VN"}


AXE = Path(__file__).resolve().parent.parent / "public" / "vendor" / "axe.min.js"


@pytest.fixture
def plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _violations(page) -> list[str]:
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '));
    }""")
    return list(found)


def test_council_pages_have_no_serious_axe_violation(
    page, live_server, plain_static, authority, base_salaries, secretary, members, chairman, ward
):
    campaign = factories.CampaignFactory()
    late = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="submitted",
        submitted_at=timezone.now() - dt.timedelta(days=30),
    )
    in_review = factories.NominationFactory(ward=ward, campaign=campaign, state="in_review")
    recommended = factories.NominationFactory(ward=ward, campaign=campaign, state="recommended")
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp", members_present=members
    )
    council.add_to_agenda(meeting, [in_review], secretary)
    draft = decisions.draft(secretary, [recommended], campaign=campaign)
    pages = {
        "thuky": [
            "/hoi-dong/tong-quan/",
            "/hoi-dong/",
            f"/hoi-dong/ho-so/{late.pk}/",
            "/hoi-dong/cuoc-hop/",
            "/hoi-dong/cuoc-hop/moi/",
            f"/hoi-dong/cuoc-hop/{meeting.pk}/",
            "/hoi-dong/quyet-dinh/",
            f"/hoi-dong/quyet-dinh/moi/?campaign={campaign.pk}",
        ],
        "hoidong1": [f"/hoi-dong/cuoc-hop/{meeting.pk}/"],
        "chutich": [f"/hoi-dong/quyet-dinh/{draft.pk}/"],
    }
    page.add_init_script(path=str(AXE))
    problems = []
    for username, paths in pages.items():
        page.context.clear_cookies()
        browser_sign_in(page, live_server.url, username)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                page.goto(live_server.url + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path
                problems += [f"{path}@{width}: {p}" for p in _violations(page)]
    page.goto(f"{live_server.url}/xac-minh/KHONGCO1/")
    problems += [f"verify: {p}" for p in _violations(page)]
    assert problems == []
