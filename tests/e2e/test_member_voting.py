"""A council member's voting in a real browser, at 390 and 1280 px (issue #16): the agenda, an
open vote shown and changed, a choice with the conflict box refused, a sealed secret ballot,
and an absent member told why he cannot vote."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.council import services as council
from tests import factories
from tests.two_factor import browser_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_member_votes_at_a_meeting(page, live_server, secretary, ward, width):
    page.set_viewport_size({"width": width, "height": 900})
    present = [
        factories.UserFactory(username=f"tv{i}", full_name=f"Thành viên {i}", role="member")
        for i in range(1, 5)
    ]
    absent = factories.UserFactory(username="tv5", full_name="Thành viên 5", role="member")
    open_kind = factories.AwardKindFactory(name="Giấy khen")
    secret_kind = factories.AwardKindFactory(name="Lao động tiên tiến", secret_ballot=True)
    campaign = factories.CampaignFactory(award_kinds=[open_kind, secret_kind])
    noms = [
        factories.NominationFactory(
            ward=ward,
            campaign=campaign,
            state="in_review",
            award_kind=kind,
            nominee__full_name=name,
            submitted_at=timezone.now(),
        )
        for name, kind in (("Nguyễn Thu Hà", open_kind), ("Trần Văn Bình", secret_kind))
    ]
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp tầng 3", members_present=present
    )
    council.add_to_agenda(meeting, noms, secretary)
    base = live_server.url

    browser_sign_in(page, base, "tv1")
    page.goto(f"{base}/hoi-dong/cuoc-hop/")
    page.get_by_test_id("meeting-row").first.get_by_role("link").click()
    cards = page.get_by_test_id("agenda-item")
    expect(cards).to_have_count(2)

    def card(name: str):
        return page.get_by_test_id("agenda-item").filter(has_text=name)

    open_card = card("Nguyễn Thu Hà")
    expect(open_card.get_by_test_id("conflict-help")).to_contain_text(
        "không tham gia biểu quyết có tác dụng như một phiếu không đồng ý"
    )

    # An open vote: recorded, shown to its member, changed before the count.
    open_card.get_by_label("Đồng ý", exact=True).check()
    open_card.get_by_test_id("vote").click()
    open_card = card("Nguyễn Thu Hà")
    expect(open_card.get_by_test_id("voted")).to_contain_text("Bạn đã biểu quyết: Đồng ý.")
    open_card.get_by_label("Không đồng ý", exact=True).check()
    open_card.get_by_test_id("vote").click()
    expect(card("Nguyễn Thu Hà").get_by_test_id("voted")).to_contain_text(
        "Bạn đã biểu quyết: Không đồng ý."
    )

    # A choice and the conflict box together: refused, nothing recorded.
    secret_card = card("Trần Văn Bình")
    secret_card.get_by_label("Đồng ý", exact=True).check()
    secret_card.get_by_label("Tôi có quan hệ", exact=False).check()
    secret_card.get_by_test_id("vote").click()
    expect(page.get_by_text("Hãy chọn một trong hai").first).to_be_visible()

    # The secret ballot: sealed, final, its choice shown to nobody.
    secret_card = card("Trần Văn Bình")
    secret_card.get_by_label("Đồng ý", exact=True).check()
    secret_card.get_by_test_id("vote").click()
    secret_card = card("Trần Văn Bình")
    expect(secret_card.get_by_test_id("voted")).to_contain_text("Phiếu kín được niêm phong")
    expect(secret_card.get_by_test_id("vote-form")).to_have_count(0)
    expect(secret_card.get_by_test_id("vote-progress")).to_have_text("1 thành viên đã biểu quyết")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A member not ticked present reads the agenda and why he has no form.
    page.context.clear_cookies()
    browser_sign_in(page, base, absent.username)
    page.goto(f"{base}/hoi-dong/cuoc-hop/{meeting.pk}/")
    expect(page.get_by_test_id("cannot-vote")).to_contain_text(
        "Bạn không có tên trong danh sách thành viên có mặt"
    )
    expect(page.get_by_test_id("vote-form")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
