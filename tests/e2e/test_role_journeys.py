"""One day of each role in real Chromium, at a phone's width (390 px) and a desktop's (1280 px).

Each journey checks what issue #16 found wrong and saves viewport screenshots to
docs/screenshots/journey-<role>-<step>-<phone|desktop>.png (looked at by a person).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import Nomination, Suggestion, Transition
from tests import factories
from tests.two_factor import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


def _at(page, device: str) -> None:
    page.set_viewport_size({"width": WIDTHS[device], "height": 844 if device == "phone" else 900})


def _shot(page, role: str, step: str, device: str) -> None:
    """A viewport screenshot (not the full page: small files), after checking that nothing
    makes the page scroll sideways."""
    width = WIDTHS[device]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (role, step, device)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"journey-{role}-{step}-{device}.png"))


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    browser_sign_in(page, base, username)


# Text of the selected option + the select's paddings (the arrow is in the right padding) must
# fit its inner width: else the browser cuts it ("Tất cả trạng thá…").
SELECTS_CUT = """(form) => [...form.querySelectorAll('select')].filter(sel => {
    const cs = getComputedStyle(sel);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = cs.font;
    const text = sel.options[sel.selectedIndex].text;
    const need = ctx.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
    return need > sel.clientWidth + 0.5;
}).map(sel => sel.name)"""


def test_ward_officer_day(page, live_server, officer, authority):
    base = live_server.url
    today = timezone.localdate()
    tomorrow = factories.CampaignFactory(
        name="Ngày vì người nghèo", deadline=today + dt.timedelta(days=1)
    )
    good = factories.CampaignFactory(
        name="Người tốt, việc tốt", deadline=today + dt.timedelta(days=20)
    )
    factories.CampaignFactory(
        name="Phát huy sáng kiến cải tiến kỹ thuật", deadline=today + dt.timedelta(days=3)
    )
    factories.AwardKindFactory(name="Bằng khen đã ngừng dùng", active=False)
    factories.NominationFactory(
        ward=officer.ward, campaign=tomorrow, nominee__full_name="Trần Thị An"
    )
    returned = factories.NominationFactory(
        ward=officer.ward,
        campaign=good,
        state="returned",
        return_reason="Bổ sung xác nhận của Ban công tác Mặt trận tổ dân phố.",
        nominee__full_name="Đỗ Thị Hoa",
    )
    suggestion = Suggestion.objects.create(
        ward=officer.ward,
        nominee_name="Lê Thị Hồng",
        nominee_where="Tổ dân phố số 5",
        deeds="Mười năm nấu cháo miễn phí cho bệnh nhân nghèo ở cổng bệnh viện.",
        writer_name="Trần Văn Viết",
        writer_contact="0901234567",
        ip_hash="x" * 64,
    )
    _sign_in(page, base, "catlinh")

    # A resident's suggestion becomes a draft of the good-deed movement, and the officer lands
    # on that draft, whose history says where it came from.
    _at(page, "desktop")
    page.goto(f"{base}/can-bo/goi-y/{suggestion.pk}/")
    expect(page.locator("#id_campaign option:checked")).to_have_text(
        re.compile(r"^Người tốt, việc tốt")
    )
    page.get_by_test_id("convert").click()
    draft = Nomination.objects.get(nominee__full_name="Lê Thị Hồng")
    expect(page).to_have_url(f"{base}/can-bo/ho-so/{draft.pk}/")
    expect(page.get_by_test_id("history")).to_contain_text("Lập hồ sơ từ giới thiệu của người dân")
    expect(page.get_by_test_id("history")).to_contain_text(
        f"Từ giới thiệu số {suggestion.pk} của Trần Văn Viết"
    )

    for device in WIDTHS:
        _at(page, device)
        # "Cần xử lý": the draft whose campaign closes tomorrow comes first.
        page.goto(f"{base}/can-bo/")
        todo = page.get_by_test_id("todo").locator("li")
        expect(todo.first).to_contain_text("Ngày vì người nghèo")
        expect(todo.first).to_contain_text("Hạn ngày mai")
        expect(page.get_by_test_id("todo")).to_contain_text("Trần Thị An")
        expect(page.get_by_test_id("todo")).to_contain_text("Đỗ Thị Hoa")
        _shot(page, "officer", "home", device)

        # The ward list: filters readable, active award kinds only, the import one click away.
        page.goto(f"{base}/can-bo/ho-so/")
        assert page.locator("form.filters").evaluate(SELECTS_CUT) == []
        kinds = page.locator("select[name=award_kind] option").all_inner_texts()
        assert "Bằng khen đã ngừng dùng" not in kinds
        expect(page.get_by_test_id("import-link")).to_be_visible()
        _shot(page, "officer", "list", device)

        # Revising a returned dossier: the secretary's reason is on the form.
        page.goto(f"{base}/can-bo/ho-so/{returned.pk}/sua/")
        expect(page.get_by_test_id("return-reason")).to_contain_text(
            "Bổ sung xác nhận của Ban công tác Mặt trận tổ dân phố."
        )
        _shot(page, "officer", "returned-edit", device)

    page.goto(f"{base}/can-bo/ho-so/")
    page.get_by_test_id("import-link").click()
    expect(page).to_have_url(f"{base}/bao-cao/nhap-excel/")


@pytest.fixture
def council_day(authority, base_salaries, secretary, members, chairman, officer, ward):
    """A submitted dossier with its history, a meeting with one dossier on its agenda, and two
    draft decisions whose titles start alike."""
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    other = factories.CampaignFactory(name="Ngày vì người nghèo")
    submitted = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="submitted",
        submitted_at=timezone.now() - dt.timedelta(days=2),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 6, 30),
        nominee__full_name="Nguyễn Thu Hà",
    )
    for action, before, after in [("create", "", "draft"), ("submit", "draft", "submitted")]:
        Transition.objects.create(
            nomination=submitted, actor=officer, action=action, from_state=before, to_state=after
        )
    on_agenda = factories.NominationFactory(
        ward=ward, campaign=campaign, state="in_review", nominee__full_name="Phạm Văn Bình"
    )
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp tầng 3", members_present=members
    )
    council.add_to_agenda(meeting, [on_agenda], secretary)
    title = "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào"
    drafts = []
    for camp, names in [
        (campaign, ["Lê Văn Thu", "Tổ dân phố số 7, phường Cát Linh", "Ngô Thanh Thủy"]),
        (other, ["Đoàn Thị Mai"]),
    ]:
        noms = [
            factories.NominationFactory(
                ward=ward, campaign=camp, state="recommended", nominee__full_name=name
            )
            for name in names
        ]
        drafts.append(decisions.draft(secretary, noms, campaign=camp, title=f"{title} {camp.name}"))
    return {"submitted": submitted, "meeting": meeting, "on_agenda": on_agenda, "drafts": drafts}


def _total_row_fits(page) -> None:
    """The total sits under the amounts column and the table does not outgrow its frame."""
    total = page.get_by_test_id("total").bounding_box()
    amount = page.get_by_test_id("amount").first.bounding_box()
    assert abs(total["x"] + total["width"] - amount["x"] - amount["width"]) < 1
    frame = page.locator(".table-responsive").first
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_secretary_day(page, live_server, council_day):
    base = live_server.url
    dossier = council_day["submitted"]
    _sign_in(page, base, "thuky")
    _at(page, "desktop")
    page.goto(f"{base}/hoi-dong/")
    page.get_by_role("link", name="Nguyễn Thu Hà").click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đang xét duyệt")
    for device in WIDTHS:
        _at(page, device)
        page.goto(f"{base}/hoi-dong/ho-so/{dossier.pk}/")
        history = page.get_by_test_id("history-item")
        expect(history).to_have_count(3)
        expect(history.nth(0)).to_contain_text("Lập hồ sơ (Bản nháp)")
        expect(history.nth(1)).to_contain_text("Nộp hồ sơ (Bản nháp → Đã nộp)")
        expect(history.nth(2)).to_contain_text("Tiếp nhận hồ sơ (Đã nộp → Đang xét duyệt)")
        expect(page.get_by_test_id("period")).to_have_text("01/01/2025 – 30/06/2026")
        _shot(page, "secretary", "dossier", device)
        page.goto(f"{base}/hoi-dong/quyet-dinh/{council_day['drafts'][0].pk}/")
        _total_row_fits(page)
        _shot(page, "secretary", "decision", device)


def test_member_day(page, live_server, council_day):
    """Reading the agenda and a dossier (voting is reworked elsewhere)."""
    base = live_server.url
    meeting = council_day["meeting"]
    _sign_in(page, base, "hoidong1")
    for device in WIDTHS:
        _at(page, device)
        page.goto(f"{base}/hoi-dong/cuoc-hop/{meeting.pk}/")
        expect(page.get_by_test_id("agenda-item")).to_have_count(1)
        _shot(page, "member", "agenda", device)
        page.get_by_test_id("agenda-item").get_by_role("link", name="Phạm Văn Bình").click()
        expect(page.locator("h1")).to_have_text("Phạm Văn Bình")
        _shot(page, "member", "dossier", device)


def test_chairman_day(page, live_server, council_day):
    base = live_server.url
    _sign_in(page, base, "chutich")
    for device in WIDTHS:
        _at(page, device)
        page.goto(f"{base}/hoi-dong/tong-quan/")
        drafts = page.get_by_test_id("draft-decision")
        expect(drafts).to_have_count(2)
        # The campaign and the count come first: two drafts never read alike.
        texts = [" ".join(t.split()) for t in drafts.all_inner_texts()]
        assert sorted(t.split(" Về việc")[0] for t in texts) == [
            "Dự thảo · Ngày vì người nghèo · 1 trường hợp",
            "Dự thảo · Người tốt, việc tốt · 3 trường hợp",
        ]
        drafts.first.scroll_into_view_if_needed()
        _shot(page, "chairman", "home", device)
        page.goto(f"{base}/hoi-dong/quyet-dinh/{council_day['drafts'][0].pk}/")
        _total_row_fits(page)
        page.get_by_test_id("total").scroll_into_view_if_needed()
        _shot(page, "chairman", "decision", device)


def test_resident_day(page, live_server, authority, base_salaries, secretary, chairman, ward):
    base = live_server.url
    good = factories.CampaignFactory(name="Người tốt, việc tốt")
    other = factories.CampaignFactory(name="Phát huy sáng kiến cải tiến kỹ thuật")
    honoured = [
        factories.NominationFactory(
            ward=ward,
            campaign=camp,
            state="recommended",
            consent_public=True,
            nominee__full_name=name,
            nominee__kind=kind,
        )
        for camp, name, kind in [
            (good, "Ngô Thanh Thủy", "individual"),
            (good, "Tổ dân phố số 7", "collective"),
            (other, "Trần Văn Sáng", "individual"),
        ]
    ]
    for camp in (good, other):
        noms = [n for n in honoured if n.campaign_id == camp.pk]
        decisions.issue(decisions.draft(secretary, noms, campaign=camp), chairman)
    code = honoured[0].awards.get().verification_code
    year = timezone.localdate().year

    for device in WIDTHS:
        _at(page, device)
        page.goto(f"{base}/")
        expect(page.get_by_test_id("count-year")).to_have_text("2")
        expect(page.get_by_test_id("groups-year")).to_have_text("và 1 tập thể, hộ gia đình")
        assert f"cá nhân được tôn vinh năm {year}" in page.locator("#figures + div").inner_text()
        expect(page.get_by_test_id("count-total")).to_have_text("3")
        _shot(page, "resident", "home", device)

        # A certificate whose QR code does not scan: the form is in the menu.
        if device == "phone":
            page.locator(".navbar-toggler").click()
        page.get_by_test_id("nav-verify").click()
        expect(page).to_have_url(f"{base}/xac-minh/")
        expect(page.get_by_test_id("footer-verify")).to_be_visible()
        page.locator("input[name=code]").fill(code.lower())
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_test_id("verify-result")).to_have_text(re.compile("Giấy khen hợp lệ."))
        expect(page.get_by_test_id("verify-name")).to_have_text("Ngô Thanh Thủy")
        _shot(page, "resident", "verify", device)

        # The gallery, filtered by movement, says which.
        page.goto(f"{base}/guong-sang/?phong-trao={good.slug}")
        expect(page.get_by_test_id("gallery-title")).to_have_text(
            "Gương sáng của phong trào “Người tốt, việc tốt”"
        )
        expect(page.get_by_test_id("exemplar-card")).to_have_count(2)
        expect(page.get_by_test_id("placeholder-photo").first).to_be_visible()
        page.get_by_test_id("exemplar-card").first.scroll_into_view_if_needed()
        _shot(page, "resident", "gallery", device)
