"""A member's vote as he sees it (issue #16), the secretary's warnings and the paper count
(issue #14): the meeting page for each role, what it says and what the data becomes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Denominator
from nominations.council import services as council
from nominations.models import AgendaItem, Ballot, BallotCast, Nomination, PaperCount
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(db):
    return [
        factories.UserFactory(username=f"bq{i}", full_name=f"Thành viên {i}", role="member")
        for i in range(1, 6)
    ]


def _meeting(secretary, present):
    return council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp tầng 2", members_present=present
    )


@pytest.fixture
def secret_sitting(secretary, five, make_nomination, title_kind):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign, name="Trần Thị Lan")
    meeting = _meeting(secretary, five[:4])
    council.add_to_agenda(meeting, [nom], secretary)
    return meeting, nom


@pytest.fixture
def open_sitting(secretary, five, make_nomination, open_kind):
    nom = make_nomination("in_review", award_kind=open_kind, name="Phạm Văn Đức")
    meeting = _meeting(secretary, five[:4])
    council.add_to_agenda(meeting, [nom], secretary)
    return meeting, nom


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _page(client, user, meeting) -> str:
    client.force_login(user)
    return _text(client.get(reverse("meeting-detail", args=[meeting.pk])))


def _post_vote(client, user, meeting, nom, data):
    client.force_login(user)
    return client.post(reverse("meeting-vote", args=[meeting.pk, nom.pk]), data, follow=True)


def test_progress_counts_voters_and_conflicts_apart(client, secret_sitting, five, secretary):
    meeting, nom = secret_sitting
    council.cast_vote(meeting, nom.pk, five[0], "yes")
    council.declare_conflict(meeting, nom.pk, five[1], "Người thân")
    page = _page(client, secretary, meeting)
    assert "1 thành viên đã biểu quyết · 1 không tham gia (xung đột lợi ích)" in page
    assert "2 thành viên đã biểu quyết" not in page


def test_after_a_conflict_the_card_says_so_not_voted(client, secret_sitting, five):
    meeting, nom = secret_sitting
    response = _post_vote(client, five[1], meeting, nom, {"conflict": "on", "opinion": "Em họ"})
    page = _text(response)
    assert "Đã ghi nhận: bạn không tham gia biểu quyết hồ sơ này." in page
    assert "Bạn đã khai báo xung đột lợi ích, không tham gia biểu quyết hồ sơ này." in page
    assert "Bạn đã bỏ phiếu kín" not in page and "Bạn đã biểu quyết" not in page
    assert 'data-testid="vote-form"' not in response.content.decode()


def test_a_choice_and_the_conflict_box_together_are_refused(client, secret_sitting, five):
    meeting, nom = secret_sitting
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "yes", "conflict": "on"}))
    assert (
        "Bạn vừa chọn biểu quyết vừa đánh dấu xung đột lợi ích. Hãy chọn một trong hai: biểu "
        "quyết, hoặc không tham gia do xung đột lợi ích." in page
    )
    assert (BallotCast.objects.count(), Ballot.objects.count()) == (0, 0)


def test_an_open_vote_is_shown_to_its_member_and_may_be_changed_until_the_count(
    client, open_sitting, five, secretary
):
    meeting, nom = open_sitting
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "yes", "opinion": "Tốt"}))
    assert "Đã ghi nhận biểu quyết của bạn: Đồng ý." in page
    assert "Bạn đã biểu quyết: Đồng ý. Bạn có thể đổi biểu quyết cho đến khi kiểm phiếu." in page
    html = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert f'id="choice-{meeting.items.get().pk}-yes" checked' in html
    assert "conflict-" not in html  # a member who voted no longer declares a conflict

    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "no", "opinion": "Chưa đủ"}))
    assert "Đã ghi nhận biểu quyết của bạn: Không đồng ý." in page
    assert list(BallotCast.objects.values_list("member", "choice", "opinion")) == [
        (five[0].pk, "no", "Chưa đủ")
    ]
    # Other members see only how many voted, never what, before the count.
    other = _page(client, five[1], meeting)
    assert "1 thành viên đã biểu quyết" in other and "Không đồng ý — " not in other
    assert "Thành viên 1: Không đồng ý" not in other

    council.close_meeting(meeting, secretary)
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "yes"}))
    assert "Cuộc họp đã kết thúc, không thể biểu quyết nữa." in page
    assert BallotCast.objects.get().choice == "no"


def test_a_secret_vote_cannot_be_seen_or_changed_and_says_why(client, secret_sitting, five):
    meeting, nom = secret_sitting
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "no"}))
    assert "Đã bỏ phiếu kín; hệ thống không lưu ai chọn gì." in page
    assert (
        "Bạn đã bỏ phiếu kín cho hồ sơ này. Phiếu kín được niêm phong: không ai, kể cả bạn, "
        "xem hay sửa được trước khi kiểm phiếu." in page
    )
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "yes"}))
    assert "Bạn đã bỏ phiếu kín cho hồ sơ này; phiếu kín không thể sửa." in page
    assert Ballot.objects.count() == 1


def test_an_absent_member_is_told_why_he_cannot_vote(client, secret_sitting, five):
    meeting, _nom = secret_sitting
    response = client.get(reverse("meeting-detail", args=[meeting.pk]))  # anonymous: sign-in
    assert response.status_code == 302
    page = _page(client, five[4], meeting)
    assert (
        "Bạn không có tên trong danh sách thành viên có mặt nên không biểu quyết tại cuộc họp "
        "này. Nếu vắng mặt, bạn gửi ý kiến bằng văn bản cho thư ký; nếu bạn có mặt, hãy báo "
        "thư ký ghi nhận." in page
    )
    assert "Gửi biểu quyết" not in page
    assert "Bạn không có tên" not in _page(client, five[0], meeting)


def test_members_are_told_a_conflict_weighs_like_a_no_under_all_members(
    client, open_sitting, five, open_kind
):
    meeting, _nom = open_sitting
    note = (
        "Hình thức này tính tỷ lệ đồng ý trên tổng số thành viên Hội đồng: không tham gia biểu "
        "quyết có tác dụng như một phiếu không đồng ý."
    )
    assert open_kind.denominator == Denominator.ALL_MEMBERS
    assert note in _page(client, five[0], meeting)
    open_kind.denominator = Denominator.PRESENT
    open_kind.save()
    page = _page(client, five[0], meeting)
    assert note not in page
    assert "Chọn một trong hai: biểu quyết, hoặc đánh dấu không tham gia" in page


def test_the_secretary_is_told_before_the_vote_when_too_few_are_present(
    client, secretary, five, make_nomination, title_kind
):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign, name="Đỗ Minh Tâm")
    meeting = _meeting(secretary, five[:2])
    client.force_login(secretary)
    page = _text(
        client.post(
            reverse("meeting-agenda", args=[meeting.pk]), {"nominations": [nom.pk]}, follow=True
        )
    )
    warning = (
        "Bỏ phiếu kín cần ít nhất 3 thành viên tham gia, cuộc họp chỉ có 2 thành viên có mặt: "
        "hệ thống sẽ không nhận phiếu cho hồ sơ này. Hãy đưa hồ sơ sang cuộc họp có đủ thành "
        "viên."
    )
    assert f"Đỗ Minh Tâm: {warning}" in page  # the message after adding it
    assert page.count(warning) == 2  # and on the item's card
    assert warning not in _page(client, five[0], meeting)  # members are not told to move it


def test_meeting_page_queries_do_not_grow_with_items(
    client, secretary, five, make_nomination, open_kind, django_assert_max_num_queries
):
    meeting = _meeting(secretary, five[:4])
    noms = [make_nomination("in_review", award_kind=open_kind) for _ in range(6)]
    council.add_to_agenda(meeting, noms, secretary)
    for nom in noms:
        council.cast_vote(meeting, nom.pk, five[0], "yes")
    client.force_login(five[0])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("meeting-detail", args=[meeting.pk]))
    assert response.status_code == 200


# --------------------------------------------------------------------------- paper ballots


def _paper(**over):
    data = {
        "committee": "Nguyễn Văn An — Trưởng ban\nLê Thị Bình\n",
        "issued": 4,
        "returned": 4,
        "invalid": 1,
        "yes": 2,
        "no": 1,
        "abstain": 0,
        "note": "",
    }
    data.update(over)
    return data


def test_paper_count_through_the_page_then_the_report_and_the_count(
    client, secret_sitting, secretary, five
):
    meeting, nom = secret_sitting
    item = AgendaItem.objects.get()
    url = reverse("meeting-paper-count", args=[meeting.pk, item.pk])
    client.force_login(secretary)
    assert (
        'data-testid="paper-count-link"'
        in client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    )
    response = client.post(url, _paper(), follow=True)
    page = _text(response)
    assert "Đã lưu biên bản kiểm phiếu." in page
    assert "Nguyễn Văn An — Trưởng ban" in page and "Lê Thị Bình" in page
    assert "Biểu quyết bằng phiếu kín đề nghị tặng “Lao động tiên tiến” cho Trần Thị Lan" in page
    assert "Số phiếu hợp lệ 3 Số phiếu không hợp lệ 1 Số phiếu đồng ý 2" in page
    paper = PaperCount.objects.get()
    assert (paper.issued, paper.returned, paper.invalid, paper.yes, paper.no, paper.abstain) == (
        4,
        4,
        1,
        2,
        1,
        0,
    )
    assert paper.committee == "Nguyễn Văn An — Trưởng ban\nLê Thị Bình"
    # The meeting page links the report; members can no longer vote electronically.
    detail = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert reverse("meeting-counting-reports", args=[meeting.pk]) in detail
    page = _text(_post_vote(client, five[0], meeting, nom, {"choice": "yes"}))
    assert "Hồ sơ này đã bỏ phiếu kín trên giấy và có biên bản kiểm phiếu." in page
    # A second report is refused.
    client.force_login(secretary)
    assert "Hồ sơ này đã có biên bản kiểm phiếu." in _text(client.post(url, _paper()))

    council.close_meeting(meeting, secretary)
    item.refresh_from_db()
    assert (item.yes, item.no, item.abstain, item.denominator, item.passed) == (2, 1, 0, 5, False)
    assert Nomination.objects.get(pk=nom.pk).state == "not_recommended"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"yes": 3}, "cộng lại (5) phải bằng số phiếu thu vào (4)."),
        ({"returned": 5, "yes": 3}, "Số phiếu thu vào không thể nhiều hơn số phiếu phát ra."),
        (
            {"issued": 5, "returned": 5, "yes": 3},
            "Số phiếu phát ra (5) nhiều hơn số thành viên được biểu quyết (4: có mặt, trừ người "
            "khai báo xung đột lợi ích).",
        ),
        (
            {"issued": 2, "returned": 2, "invalid": 0, "no": 0},
            "Bỏ phiếu kín cần ít nhất 3 thành viên tham gia.",
        ),
        ({"committee": " \n "}, "Trường này là bắt buộc."),
    ],
)
def test_paper_count_refusals(client, secret_sitting, secretary, over, message):
    meeting, _nom = secret_sitting
    item = AgendaItem.objects.get()
    client.force_login(secretary)
    response = client.post(
        reverse("meeting-paper-count", args=[meeting.pk, item.pk]), _paper(**over)
    )
    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert PaperCount.objects.count() == 0


def test_paper_count_refused_for_others_and_after_electronic_votes(
    client, secret_sitting, open_sitting, secretary, five
):
    meeting, nom = secret_sitting
    item = AgendaItem.objects.get(meeting=meeting)
    url = reverse("meeting-paper-count", args=[meeting.pk, item.pk])
    client.force_login(five[0])
    assert client.post(url, _paper()).status_code == 403
    client.force_login(secretary)
    other_meeting, _ = open_sitting
    wrong = reverse("meeting-paper-count", args=[other_meeting.pk, item.pk])
    assert client.get(wrong).status_code == 404
    open_item = AgendaItem.objects.get(meeting=other_meeting)
    page = _text(
        client.post(reverse("meeting-paper-count", args=[other_meeting.pk, open_item.pk]), _paper())
    )
    assert "Hồ sơ này biểu quyết công khai, không có kiểm phiếu kín." in page
    council.cast_vote(meeting, nom.pk, five[0], "yes")
    page = _text(client.post(url, _paper()))
    assert (
        "Đã có thành viên bỏ phiếu kín trên hệ thống cho hồ sơ này; không thể ghi thêm kết quả "
        "phiếu giấy." in page
    )
    assert PaperCount.objects.count() == 0


def test_counting_reports_page_for_the_council_only(client, secret_sitting, secretary, officer):
    meeting, _nom = secret_sitting
    url = reverse("meeting-counting-reports", args=[meeting.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(secretary)
    assert "Cuộc họp này chưa có biên bản kiểm phiếu nào." in _text(client.get(url))


def test_the_count_says_who_did_not_take_part(client, open_sitting, five, secretary):
    """After the count the figures add up: the conflicts are said, as they are in the dossier's
    history (issue #16: figures say what they count)."""
    meeting, nom = open_sitting
    for member in five[:3]:
        council.cast_vote(meeting, nom.pk, member, "yes")
    council.declare_conflict(meeting, nom.pk, five[3], "Người thân")
    council.close_meeting(meeting, secretary)
    page = _page(client, secretary, meeting)
    assert re.search(
        r"3 đồng ý · 0 không đồng ý · 0 không biểu quyết / \d+ · "
        r"1 không tham gia \(xung đột lợi ích\)",
        page,
    ), page
