"""The council's journey in a real browser: accept, meeting and votes, decision, certificate."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests import factories
from tests.two_factor import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese browser: the site follows Accept-Language since the English catalogue."""
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username: str):
        page.context.clear_cookies()
        browser_sign_in(page, live_server.url, username)
        return page

    return _sign_in


def test_secretary_members_and_chairman_award_a_certificate(
    page,
    live_server,
    sign_in,
    authority,
    base_salaries,
    secretary,
    members,
    chairman,
    officer,
    ward,
):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    nom = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="submitted",
        nominee__full_name="Nguyễn Thu Hà",
        submitted_at="2026-11-20T09:00+07:00",
    )
    base = live_server.url

    # The secretary accepts the submitted dossier from her queue.
    sign_in("thuky")
    page.goto(f"{base}/hoi-dong/")
    page.get_by_role("link", name="Nguyễn Thu Hà").click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đang xét duyệt")

    # She schedules a meeting with the three members present and puts the dossier on it.
    page.goto(f"{base}/hoi-dong/cuoc-hop/moi/")
    page.locator("#id_held_at").fill("2026-11-25T09:00")
    page.locator("#id_place").fill("Phòng họp tầng 3, UBND quận")
    for member in members:
        page.get_by_label(re.compile(str(member))).first.check()
    page.get_by_test_id("create-meeting").click()
    expect(page.locator("h1")).to_contain_text("Cuộc họp Hội đồng")
    meeting_url = page.url
    page.get_by_label(re.compile("Nguyễn Thu Hà")).check()
    page.get_by_test_id("add-agenda").click()
    expect(page.get_by_test_id("agenda-item")).to_have_count(1)

    # Each member votes yes.
    for member in members:
        sign_in(member.username)
        page.goto(meeting_url)
        page.get_by_label("Đồng ý", exact=True).check()
        page.get_by_test_id("vote").click()
        expect(page.get_by_test_id("voted")).to_be_visible()

    # The secretary closes the meeting: the dossier is recommended; she drafts the decision.
    sign_in("thuky")
    page.goto(meeting_url)
    page.get_by_test_id("close-meeting").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Kiểm phiếu 1 hồ sơ")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("result")).to_have_text("Thông qua")
    page.goto(f"{base}/hoi-dong/quyet-dinh/")
    page.get_by_test_id("draft-campaign").click()
    page.get_by_test_id("create-draft").click()
    # 0.3 × 2,530,000 (base salary from 01/7/2026) = 759,000 → 760,000 ₫
    expect(page.get_by_test_id("total")).to_have_text("760.000 ₫")

    # She submits it; the chairman signs it; she registers and publishes it.
    decision_url = page.url
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm").click()
    sign_in("chutich")
    page.goto(decision_url)
    page.get_by_test_id("issue").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Đã ký")
    sign_in("thuky")
    page.goto(decision_url)
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Vào sổ sẽ lấy số 01/QĐ-UBND")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-title")).to_have_text("Quyết định số 01/QĐ-UBND")
    page.get_by_test_id("publish").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Đã phát hành")

    # The certificate PDF downloads and its code is confirmed by the public page.
    with page.expect_download() as info:
        page.get_by_test_id("certificates").click()
    pdf_path = info.value.path()
    with open(pdf_path, "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Nguyễn Thu Hà" in text and "GIẤY KHEN" in text
    code = nom.awards.get().verification_code
    assert code in text
    page.context.clear_cookies()
    page.goto(f"{base}/xac-minh/{code}/")
    expect(page.get_by_test_id("verify-result")).to_have_text(re.compile("Giấy khen hợp lệ."))
    expect(page.get_by_test_id("verify-name")).to_have_text("Nguyễn Thu Hà")
    expect(page.get_by_test_id("verify-decision")).to_contain_text("Số 01/QĐ-UBND")
