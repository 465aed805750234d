"""The bell, the list (marks read), the account page's choices, the unsubscribe page, the
reminders with a frozen clock, and the calendar feeds parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from nominations import notices
from nominations.models import BallotCast, CalendarFeed, EmailOptOut, Notice, NoticePreference
from nominations.notices import services
from tests import factories

pytestmark = pytest.mark.django_db
HANOI = dt.timezone(dt.timedelta(hours=7))


def a_notice(user, nom, kind="returned", **params):
    return services.notify(kind, [user], nom, {"name": str(nom.nominee), **params})[0]


# --------------------------------------------------------------------------- bell and list


def test_bell_counts_unread_in_one_query(client, officer, make_nomination):
    nom = make_nomination("submitted")
    a_notice(officer, nom)
    a_notice(officer, nom, "accepted")
    client.force_login(officer)
    html = client.get(reverse("notice-list")).content.decode()
    assert 'data-testid="notice-count">2<' in html
    from django.test.client import RequestFactory

    from nominations.notices.context_processors import unread_notices

    request = RequestFactory().get("/")
    request.user = officer
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert int(str(unread_notices(request)["unread_notices"])) == 2
    assert len(queries) == 1


def test_anonymous_visitor_costs_no_notice_query(client, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.test.client import RequestFactory

    from nominations.notices.context_processors import unread_notices

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notices(request) == {}


def test_list_shows_own_notices_and_opening_marks_read(
    client, officer, other_officer, make_nomination, django_assert_max_num_queries
):
    nom = make_nomination("returned", name="Phạm Quang Vinh")
    mine = a_notice(officer, nom, reason="Thiếu ảnh.", campaign="Người tốt")
    for _ in range(5):
        a_notice(officer, nom, "accepted")
    theirs = a_notice(other_officer, nom)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("notice-list")).content.decode()
    assert html.count('data-testid="notice"') == 6
    assert "Hồ sơ của Phạm Quang Vinh được trả lại để bổ sung" in html
    assert "Lý do: Thiếu ảnh." in html
    assert client.get(reverse("notice-open", args=[mine.pk])).status_code == 405
    response = client.post(reverse("notice-open", args=[mine.pk]))
    assert response.url == f"/can-bo/ho-so/{nom.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("notice-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, officer, other_officer, make_nomination):
    nom = make_nomination("submitted")
    a_notice(officer, nom)
    a_notice(officer, nom)
    a_notice(other_officer, nom)
    client.force_login(officer)
    html = client.post(reverse("notice-read-all"), follow=True).content.decode()
    assert "Đã đánh dấu 2 thông báo là đã đọc." in html
    assert 'data-testid="notice-count"' not in html
    assert services.unread_count(other_officer) == 1


def test_the_list_needs_a_sign_in_and_csrf(client, officer):
    assert client.get(reverse("notice-list")).url == "/tai-khoan/dang-nhap/?next=/thong-bao/"
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    assert strict.post(reverse("notice-read-all")).status_code == 403


# --------------------------------------------------------------------------- account page


def test_account_page_offers_the_kinds_of_the_role_and_saves(client, officer):
    client.force_login(officer)
    html = client.get(reverse("account")).content.decode()
    assert "Hồ sơ bị trả lại" in html
    assert "Dự thảo quyết định chờ ký" not in html  # the chairman's kind
    assert "Xác thực hai lớp" in html  # the rest of the page stays
    response = client.post(reverse("notice-email-choices"), {"email": ["accepted"]}, follow=True)
    assert "Đã lưu lựa chọn nhận thư điện tử." in response.content.decode()
    assert services.email_choices(officer)["accepted"] is True
    assert services.email_choices(officer)["returned"] is False
    response = client.post(reverse("notice-email-choices"), {"email": ["to_sign"]}, follow=True)
    assert "Lựa chọn không hợp lệ, chưa lưu." in response.content.decode()
    assert services.email_choices(officer)["accepted"] is True


# --------------------------------------------------------------------------- unsubscribe


def test_unsubscribe_link_without_signing_in(
    client, secretary, officer, make_nomination, django_capture_on_commit_callbacks
):
    token = services.unsubscribe_token(officer, "returned")
    url = reverse("notice-unsubscribe", args=[token])
    html = client.get(url).content.decode()
    assert "Ngừng nhận thư điện tử loại “Hồ sơ bị trả lại”?" in html
    assert not NoticePreference.objects.exists()  # a visit alone changes nothing
    html = client.post(url).content.decode()
    assert "Bạn sẽ không nhận thư điện tử loại “Hồ sơ bị trả lại” nữa." in html
    with django_capture_on_commit_callbacks(execute=True):
        notices.dossier_moved(make_nomination("returned", return_reason="x"), "return")
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=officer).count() == 1  # still in the app
    assert client.post(url).status_code == 200  # twice is fine


def test_resident_unsubscribe_and_forged_links(client):
    token = services.unsubscribe_token("Lan@Example.vn", "honoured")
    client.post(reverse("notice-unsubscribe", args=[token]))
    assert list(EmailOptOut.objects.values_list("address", "kind")) == [
        ("lan@example.vn", "honoured")
    ]
    for bad in (token[:-3], "abc", token.replace(":", ";")):
        response = client.get(reverse("notice-unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "Đường dẫn hủy nhận thư không hợp lệ" in response.content.decode()


def test_unsubscribe_of_a_deleted_account_answers_kindly(client):
    user = factories.UserFactory(username="roiđi")
    token = services.unsubscribe_token(user, "returned")
    user.delete()
    response = client.post(reverse("notice-unsubscribe", args=[token]))
    assert response.status_code == 200


# --------------------------------------------------------------------------- reminders


@pytest.fixture
def open_meeting(secretary, members, make_nomination):
    from nominations.council import services as council

    meeting = council.create_meeting(
        secretary,
        held_at=dt.datetime(2026, 12, 4, 14, 0, tzinfo=HANOI),
        place="Phòng họp số 2",
        members_present=members[:2],
    )
    council.add_to_agenda(meeting, [make_nomination("in_review")], secretary)
    return meeting


def test_reminders_with_a_frozen_clock(
    officer, secretary, members, ward, campaign, make_nomination, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 0, tzinfo=HANOI), tick=False):
        campaign.deadline = dt.date(2026, 12, 4)  # in 3 days
        campaign.save()
        draft = make_nomination("draft", name="Trần Văn Nháp")
        factories.NominationFactory(  # another campaign, deadline far away
            ward=ward, state="draft", campaign=factories.CampaignFactory()
        )
        late = make_nomination("submitted", name="Lý Thị Chậm", days_ago=30)
        make_nomination("submitted", name="Đúng Hạn", days_ago=1)
        from nominations.council import services as council

        meeting = council.create_meeting(
            secretary,
            held_at=dt.datetime(2026, 12, 1, 14, 0, tzinfo=HANOI),
            place="Phòng họp số 2",
            members_present=members[:2],
        )
        council.add_to_agenda(meeting, [make_nomination("in_review")], secretary)
        item = meeting.items.get()
        BallotCast.objects.create(item=item, member=members[0], choice="yes")
        Notice.objects.all().delete()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=io.StringIO())
        got = sorted((n.kind, n.recipient.username) for n in Notice.objects.all())
        assert got == [
            ("remind_draft", officer.username),
            ("remind_overdue", secretary.username),
            ("remind_vote", members[1].username),  # members[0] has voted
        ]
        subjects = sorted(m.subject for m in mail.outbox)
        assert subjects == [
            "Hồ sơ của Lý Thị Chậm đã quá hạn xử lý",
            "Nhắc biểu quyết trước cuộc họp 14:00 ngày 01/12/2026",
            "Nhắc nộp hồ sơ của Trần Văn Nháp trước ngày 04/12/2026",
        ]
        draft_mail = next(m for m in mail.outbox if "Nháp" in m.subject)
        assert f"https://thidua.example.vn/can-bo/ho-so/{draft.pk}/" in draft_mail.body
        late_mail = next(m for m in mail.outbox if "Chậm" in m.subject)
        assert f"/can-bo/ho-so/{late.pk}/" in late_mail.body
        # The same day again: nothing more.
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=io.StringIO())
        assert (Notice.objects.count(), mail.outbox) == (3, [])
    with time_machine.travel(dt.datetime(2026, 12, 2, 7, 0, tzinfo=HANOI), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
        # Next day: the draft and the late dossier again; the meeting is past.
        assert Notice.objects.count() == 5
    with time_machine.travel(dt.datetime(2026, 12, 5, 7, 0, tzinfo=HANOI), tick=False):
        before = Notice.objects.count()
        call_command("send_reminders", stdout=io.StringIO())
        kinds = set(Notice.objects.all()[: Notice.objects.count() - before].values_list("kind"))
        assert ("remind_draft",) not in kinds  # the deadline has passed


# --------------------------------------------------------------------------- calendars


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_public_campaign_deadlines_feed(client, campaign):
    factories.CampaignFactory(name="Phong trào chuẩn bị", status="draft")
    response = client.get("/lich/phong-trao.ics")
    cal = parse(response)
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Hạn nộp hồ sơ: Người tốt, việc tốt"]
    assert events[0].decoded("dtstart") == campaign.deadline
    assert str(events[0]["url"]) == f"https://thidua.example.vn/phong-trao/{campaign.slug}/"
    assert "public" in response["Cache-Control"]


def test_meeting_feed_by_secret_reset_and_refusals(client, members, open_meeting, secretary):
    member = members[0]
    feed = services.calendar_feed(member)
    url = reverse("calendar-meetings", args=[feed.secret])
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    (event,) = parse(response).walk("VEVENT")
    assert str(event["location"]) == "Phòng họp số 2"
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 4, 14, 0, tzinfo=HANOI)
    assert str(event["url"]) == f"https://thidua.example.vn/hoi-dong/cuoc-hop/{open_meeting.pk}/"
    # A member not called to it sees an empty calendar; the secretary sees it.
    outsider = members[2]
    empty = client.get(reverse("calendar-meetings", args=[services.calendar_feed(outsider).secret]))
    assert parse(empty).walk("VEVENT") == []
    sec = client.get(reverse("calendar-meetings", args=[services.calendar_feed(secretary).secret]))
    assert len(parse(sec).walk("VEVENT")) == 1
    # Reset from the account page: the old address is gone.
    client.force_login(member)
    html = client.get(reverse("account")).content.decode()
    assert feed.secret in html
    client.post(reverse("calendar-reset"))
    assert client.get(url).status_code == 404
    new = CalendarFeed.objects.get(user=member).secret
    assert new != feed.secret
    assert client.get(reverse("calendar-meetings", args=[new])).status_code == 200
    # Unknown secret, deactivated account: 404.
    assert client.get("/lich/khong-co-that.ics").status_code == 404
    member.is_active = False
    member.save()
    assert client.get(reverse("calendar-meetings", args=[new])).status_code == 404
