"""A resident suggests a good person; the ward officer turns it into a draft in one click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from nominations.models import Nomination, Suggestion
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def served_static(settings):
    """live_server cannot serve the manifest's hashed names: plain static names here."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_resident_suggests_and_officer_converts(
    page, live_server, login, officer, authority, settings, served_static
):
    settings.SUGGESTION_MIN_FILL_SECONDS = 1
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    factories.WardFactory(name="Thịnh Quang", code="DD15")

    # The resident, on a phone, without an account.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Giới thiệu người tốt").first.click()
    expect(page.locator("h1")).to_have_text("Giới thiệu người tốt, việc tốt")
    page.get_by_label("Họ tên người được giới thiệu").fill("Lê Thị Hồng")
    page.get_by_label("Phường nơi người đó sinh sống hoặc làm việc").select_option(label="Cát Linh")
    page.get_by_label("Tổ dân phố, cơ quan hoặc trường học").fill("Tổ dân phố số 5")
    page.get_by_label("Việc tốt của họ").fill(
        "Mười năm nấu cháo miễn phí cho bệnh nhân nghèo ở cổng bệnh viện Bạch Mai."
    )
    page.get_by_label("Họ tên của bạn").fill("Trần Văn Viết")
    page.get_by_label("Số điện thoại hoặc thư điện tử của bạn").fill("0901234567")
    page.wait_for_timeout(1200)  # a person takes longer than the minimum fill time
    page.get_by_test_id("suggest-submit").click()
    expect(page.get_by_test_id("thanks")).to_have_text(
        "Cảm ơn bạn đã giới thiệu người tốt, việc tốt!"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    suggestion = Suggestion.objects.get()
    assert (suggestion.nominee_name, suggestion.ward.name, suggestion.state) == (
        "Lê Thị Hồng",
        "Cát Linh",
        "new",
    )

    # The ward officer, at his desk.
    page.set_viewport_size({"width": 1280, "height": 900})
    login("catlinh")
    page.get_by_test_id("nav-suggestions").click()
    page.get_by_role("link", name="Lê Thị Hồng").click()
    expect(page.get_by_test_id("deeds")).to_contain_text("nấu cháo miễn phí")
    page.get_by_label("Phong trào").select_option(label="Người tốt, việc tốt")
    page.get_by_test_id("convert").click()
    page.wait_for_url(re.compile(r".*/can-bo/ho-so/\d+/$"))
    expect(page.locator("main")).to_contain_text("Đã lập hồ sơ nháp cho Lê Thị Hồng.")
    expect(page.get_by_test_id("nominee-name")).to_have_text("Lê Thị Hồng")

    nomination = Nomination.objects.get()
    assert (nomination.state, nomination.campaign, nomination.created_by, nomination.ward) == (
        "draft",
        campaign,
        officer,
        officer.ward,
    )
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.nomination) == ("converted", nomination)
