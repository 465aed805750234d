"""The council's minutes (Mẫu 1.9): number from the register, chair and secretary, quorum,
results as votes / base and percentage, the times entered; meetings not yet due."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from emulation.models import RegisterEntry
from nominations.council import services as council
from nominations.models import Meeting
from nominations.workflow import WorkflowError
from tests import factories
from tests.council.conftest import close_data

pytestmark = pytest.mark.django_db


def _flat(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, day, hour, minute))


@pytest.fixture
def chaired(authority, chairman):
    chairman.full_name = "Lê Tuấn Định"
    chairman.save()
    authority.council_chair = chairman
    authority.council_chair_votes = False
    authority.save()
    return authority


@pytest.fixture
def five(db):
    return [
        factories.UserFactory(username=f"tv{i}", full_name=f"Thành Viên {n}", role="member")
        for i, n in enumerate(["An", "Bình", "Chi", "Dũng", "Giang"], 1)
    ]


@pytest.fixture
def secretary_named(secretary):
    secretary.full_name = "Trần Thu Trang"
    secretary.save()
    return secretary


def _meeting(secretary, present, held_at):
    return council.create_meeting(
        secretary, held_at=held_at, place="Phòng họp tầng 3", members_present=present
    )


def test_minutes_carry_number_chair_secretary_quorum_results_and_times(
    client, chaired, secretary_named, five, make_nomination, title_kind, open_kind
):
    passed = make_nomination("in_review", name="Võ Thị Ánh", award_kind=title_kind)
    failed = make_nomination("in_review", name="Hà Văn Bốn", award_kind=open_kind)
    meeting = _meeting(secretary_named, five[:4], _at(20, 8, 0))
    council.add_to_agenda(meeting, [passed, failed], secretary_named)
    for member in five[:4]:
        council.cast_vote(meeting, passed.pk, member, "yes")
    for member, choice in zip(five[:4], ["yes", "yes", "no", "no"], strict=True):
        council.cast_vote(meeting, failed.pk, member, choice)
    council.close_with_minutes(
        meeting, secretary_named, started_at=_at(20, 8, 30), ended_at=_at(20, 10, 45)
    )
    meeting.refresh_from_db()
    assert meeting.minutes_reference == "01/BB-HĐTĐKT"
    entry = RegisterEntry.objects.get()
    assert (entry.doc_type, entry.unit, entry.registered_on) == ("BB", None, dt.date(2026, 11, 20))
    client.force_login(secretary_named)
    flat = _flat(client.get(reverse("meeting-minutes", args=[meeting.pk])))
    assert "Số: 01/BB-HĐTĐKT" in flat
    assert "Đống Đa, ngày 20 tháng 11 năm 2026" in flat  # the issuer's own place
    assert "bắt đầu lúc 08 giờ 30 phút, ngày 20/11/2026" in flat
    assert "Cuộc họp kết thúc lúc 10 giờ 45 phút cùng ngày." in flat
    assert "Chủ trì: Lê Tuấn Định, Chủ tịch Hội đồng (không tham gia biểu quyết)." in flat
    assert "Thư ký: Trần Thu Trang." in flat
    assert (
        "Có mặt 4/5 thành viên, đủ số lượng theo quy định (ít nhất hai phần ba tổng số "
        "thành viên)." in flat
    )
    # Title, secret ballot: more than half of all five members; 4/5 = 80%.
    assert "4/5 phiếu (80%), ngưỡng trên 50%: đạt" in flat
    # Giấy khen, open ballot: more than half of all five members; 2/5 = 40%.
    assert "Hà Văn Bốn" in flat and "2/5 phiếu (40%), ngưỡng trên 50%: không đạt" in flat
    assert "THƯ KÝ Trần Thu Trang CHỦ TRÌ Lê Tuấn Định" in flat


def test_quorum_not_met_is_said(client, chaired, secretary_named, five):
    meeting = _meeting(secretary_named, five[:3], _at(20, 8))
    council.close_with_minutes(meeting, secretary_named, started_at=_at(20, 8), ended_at=_at(20, 9))
    client.force_login(secretary_named)
    flat = _flat(client.get(reverse("meeting-minutes", args=[meeting.pk])))
    assert "Có mặt 3/5 thành viên, không đủ số lượng theo quy định" in flat


def test_numbers_follow_the_register(chaired, secretary_named, five):
    refs = []
    for day in (18, 19):
        meeting = _meeting(secretary_named, five, _at(day, 8))
        refs.append(
            council.close_with_minutes(
                meeting, secretary_named, started_at=_at(day, 8), ended_at=_at(day, 9)
            ).minutes_reference
        )
    assert refs == ["01/BB-HĐTĐKT", "02/BB-HĐTĐKT"]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((19, 23), (20, 9), "Giờ bắt đầu không được trước ngày triệu tập cuộc họp (20/11/2026)."),
        ((20, 9), (20, 9), "Giờ kết thúc phải sau giờ bắt đầu."),
        ((20, 10), (20, 9), "Giờ kết thúc phải sau giờ bắt đầu."),
    ],
)
def test_wrong_times_are_refused(chaired, secretary_named, five, start, end, message):
    meeting = _meeting(secretary_named, five, _at(20, 8))
    with pytest.raises(WorkflowError) as err:
        council.close_with_minutes(
            meeting, secretary_named, started_at=_at(*start), ended_at=_at(*end)
        )
    assert err.value.message == message
    meeting.refresh_from_db()
    assert (meeting.state, meeting.minutes_reference) == ("open", "")
    assert not RegisterEntry.objects.exists()


def test_an_end_in_the_future_is_refused(chaired, secretary_named, five):
    now = timezone.now()
    meeting = _meeting(secretary_named, five, now - dt.timedelta(hours=2))
    with pytest.raises(WorkflowError) as err:
        council.close_with_minutes(
            meeting,
            secretary_named,
            started_at=now - dt.timedelta(hours=2),
            ended_at=now + dt.timedelta(hours=1),
            now=now,
        )
    assert err.value.message == "Giờ kết thúc không được sau thời điểm hiện tại."


def test_a_meeting_called_for_tomorrow_is_upcoming_and_cannot_close(
    client, chaired, secretary_named, five
):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    meeting = _meeting(secretary_named, five, tomorrow)
    with pytest.raises(WorkflowError) as err:
        council.close_with_minutes(
            meeting,
            secretary_named,
            started_at=tomorrow,
            ended_at=tomorrow + dt.timedelta(hours=1),
        )
    assert err.value.message == (
        f"Cuộc họp được triệu tập ngày {tomorrow:%d/%m/%Y}; chưa đến ngày họp nên chưa thể "
        "kết thúc."
    )
    client.force_login(secretary_named)
    detail = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="meeting-state">Sắp họp<' in detail
    assert 'data-testid="close-meeting"' not in detail
    page = client.get(reverse("meeting-close", args=[meeting.pk]), follow=True).content.decode()
    assert "chưa đến ngày họp nên chưa thể kết thúc" in page
    client.post(reverse("meeting-close", args=[meeting.pk]), close_data(meeting))
    assert Meeting.objects.get(pk=meeting.pk).state == "open"
    listing = client.get(reverse("meeting-list")).content.decode()
    assert 'data-testid="meeting-status">Sắp họp<' in listing


def test_a_member_present_cannot_vote_before_the_day(client, chaired, secretary_named, five):
    from nominations import permissions

    meeting = _meeting(secretary_named, five, timezone.localtime() + dt.timedelta(days=1))
    assert not permissions.can_vote_in(five[0], meeting)


def test_close_page_asks_for_times_and_keeps_them_on_a_wrong_entry(
    client, chaired, secretary_named, five
):
    meeting = _meeting(secretary_named, five, timezone.now() - dt.timedelta(hours=3))
    client.force_login(secretary_named)
    url = reverse("meeting-close", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'name="started_at"' in page and 'name="ended_at"' in page
    data = close_data(meeting)
    wrong = {**data, "ended_at": data["started_at"]}
    page = client.post(url, wrong).content.decode()
    assert "Giờ kết thúc phải sau giờ bắt đầu." in page
    assert Meeting.objects.get(pk=meeting.pk).state == "open"
    client.post(url, data)
    meeting.refresh_from_db()
    assert meeting.state == "closed" and meeting.minutes_reference == "01/BB-HĐTĐKT"
    assert f"{timezone.localtime(meeting.started_at):%Y-%m-%dT%H:%M}" == data["started_at"]


def test_meeting_list_counts_dossiers_not_dossiers_times_members(
    client, chaired, secretary_named, five, make_nomination, django_assert_max_num_queries
):
    meeting = _meeting(secretary_named, five, _at(20, 8))
    council.add_to_agenda(
        meeting, [make_nomination("in_review"), make_nomination("in_review")], secretary_named
    )
    client.force_login(secretary_named)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("meeting-list")).content.decode()
    row = re.search(r'data-testid="meeting-row">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'class="text-end">(\d+)<', row) == ["2", "5"]
