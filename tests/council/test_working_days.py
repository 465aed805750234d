"""Working days against public holidays: days off, swapped working Saturdays, the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from emulation.models import Holiday
from nominations.council import services as council
from nominations.management import demo_data as data
from tests import factories

pytestmark = pytest.mark.django_db

OFF, WORKDAY = Holiday.Kind.OFF, Holiday.Kind.WORKDAY


def _tet_2026() -> None:
    """Tết Bính Ngọ as announced: Saturday 14/2 to Sunday 22/2/2026."""
    for day in range(14, 23):
        factories.HolidayFactory(date=dt.date(2026, 2, day), name="Tết Nguyên đán")


def _weekdays_by_hand(start: dt.date, end: dt.date) -> int:
    """The old rule, one day at a time: Monday to Friday after start up to end."""
    return sum(
        1 for n in range(1, (end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5
    )


# --------------------------------------------------------------------------- the rule


def test_an_empty_table_gives_the_old_result():
    first, last = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    calendar = council.HolidayCalendar.load(first, last)
    results = {}
    expected = {}
    for s in range(0, 70, 3):
        start = first + dt.timedelta(days=s)
        for length in range(0, 45):
            end = start + dt.timedelta(days=length)
            results[start, end] = council.working_days_between(start, end, calendar)
            expected[start, end] = _weekdays_by_hand(start, end)
    assert results == expected
    # without a calendar: the same answers
    assert council.working_days_between(dt.date(2026, 11, 20), dt.date(2026, 12, 4)) == 10
    assert council.working_days_between(dt.date(2026, 2, 12), dt.date(2026, 2, 24)) == 8


def test_a_deadline_spanning_tet(make_nomination, authority):
    _tet_2026()
    submitted = dt.datetime(2026, 2, 12, 10, tzinfo=dt.UTC)  # Thursday before Tết
    nom = make_nomination("submitted", procedure="simplified")
    nom.submitted_at = submitted
    today = dt.date(2026, 2, 24)  # Tuesday after Tết
    # Friday 13/2, Monday 23/2, Tuesday 24/2: the five weekdays of Tết are not counted
    assert council.working_days_between(dt.date(2026, 2, 12), today) == 3
    wait = council.waiting(nom, authority, today)
    assert (wait.days, wait.limit, wait.overdue) == (3, 5, False)
    # the deadline of 5 working days falls on Thursday 26/2, not on Thursday 19/2
    assert council.waiting(nom, authority, dt.date(2026, 2, 26)).days == 5
    assert council.waiting(nom, authority, dt.date(2026, 2, 27)).overdue is True


def test_a_swapped_working_saturday_counts():
    # Friday 2/1/2026 swapped with Saturday 10/1/2026 (an example of "làm bù")
    factories.HolidayFactory(date=dt.date(2026, 1, 1), name="Tết Dương lịch")
    factories.HolidayFactory(date=dt.date(2026, 1, 2), name="Nghỉ hoán đổi")
    factories.HolidayFactory(date=dt.date(2026, 1, 10), name="Làm bù", kind=WORKDAY)
    start = dt.date(2025, 12, 31)  # Wednesday
    assert council.working_days_between(start, dt.date(2026, 1, 9)) == 5  # Mon 5 to Fri 9
    assert council.working_days_between(start, dt.date(2026, 1, 10)) == 6  # + the Saturday
    assert council.working_days_between(start, dt.date(2026, 1, 12)) == 7
    # starting on the worked Saturday itself: it is not counted, like any start day
    assert council.working_days_between(dt.date(2026, 1, 10), dt.date(2026, 1, 12)) == 1


def test_a_holiday_on_a_weekend_changes_nothing_its_day_in_lieu_does():
    factories.HolidayFactory(date=dt.date(2026, 4, 26), name="Giỗ Tổ Hùng Vương")  # Sunday
    start, end = dt.date(2026, 4, 24), dt.date(2026, 4, 28)  # Friday → Tuesday
    assert council.working_days_between(start, end) == 2
    factories.HolidayFactory(date=dt.date(2026, 4, 27), name="Nghỉ bù Giỗ Tổ Hùng Vương")
    assert council.working_days_between(start, end) == 1


def test_days_outside_the_range_are_not_counted():
    _tet_2026()
    # ranges that end before Tết or start after it
    assert council.working_days_between(dt.date(2026, 2, 9), dt.date(2026, 2, 13)) == 4
    assert council.working_days_between(dt.date(2026, 2, 20), dt.date(2026, 2, 24)) == 2
    # the start day is never counted, the end day is
    assert council.working_days_between(dt.date(2026, 2, 16), dt.date(2026, 2, 23)) == 1


def test_a_workday_must_be_a_weekend_day():
    holiday = Holiday(date=dt.date(2026, 1, 9), name="Làm bù", kind=WORKDAY)  # a Friday
    with pytest.raises(ValidationError) as err:
        holiday.full_clean()
    assert err.value.message_dict == {"kind": ["Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."]}
    Holiday(date=dt.date(2026, 1, 10), name="Làm bù", kind=WORKDAY).full_clean()  # Saturday


# --------------------------------------------------------------------------- queries


def test_a_covering_calendar_needs_no_query(django_assert_num_queries):
    _tet_2026()
    with django_assert_num_queries(1):
        calendar = council.HolidayCalendar.load(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    with django_assert_num_queries(0):
        days = council.working_days_between(dt.date(2026, 2, 12), dt.date(2026, 2, 24), calendar)
    assert days == 3
    with django_assert_num_queries(1):  # outside what was read: read again, never wrong
        days = council.working_days_between(dt.date(2025, 12, 31), dt.date(2026, 2, 24), calendar)
    assert days == _weekdays_by_hand(dt.date(2025, 12, 31), dt.date(2026, 2, 24)) - 5 == 34


@pytest.mark.parametrize("count", [5, 50])
def test_waiting_rows_read_the_holidays_once(
    make_nomination, authority, count, django_assert_num_queries, time_machine
):
    time_machine.move_to(dt.datetime(2026, 2, 24, 9, tzinfo=dt.UTC), tick=False)
    _tet_2026()
    noms = [make_nomination("submitted", days_ago=index) for index in range(count)]
    with django_assert_num_queries(1):
        rows = council.waiting_rows(noms, authority)
    assert rows == [(nom, council.waiting(nom, authority)) for nom in noms]  # one by one
    assert [w.days for _n, w in rows][:5] == [0, 1, 2, 2, 2]  # Tue, Mon, Sun, Sat, Fri 20/2


def test_waiting_rows_without_waiting_dossiers_read_nothing(
    make_nomination, authority, django_assert_num_queries
):
    noms = [make_nomination("recommended"), make_nomination("draft")]
    with django_assert_num_queries(0):
        rows = council.waiting_rows(noms, authority)
    assert rows == [(noms[0], None), (noms[1], None)]


@pytest.mark.parametrize("count", [5, 50])
def test_queue_query_count_is_constant_with_holidays(
    client,
    secretary,
    make_nomination,
    authority,
    count,
    time_machine,
    django_assert_max_num_queries,
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False)
    _tet_2026()
    for index in range(count):
        make_nomination("submitted", days_ago=index)
    client.force_login(secretary)
    # The bound of test_review.py, plus the secretary's two-factor device (OTPMiddleware)
    # and the bell's unread count (nominations.notices).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("review-queue"))
    assert len(response.context["rows"]) == count
    with django_assert_max_num_queries(14):
        response = client.get(reverse("review-queue"), {"age": "overdue"})
    assert response.status_code == 200


# --------------------------------------------------------------------------- pages


def test_the_queue_shows_waiting_days_across_tet(
    client, secretary, make_nomination, authority, time_machine
):
    time_machine.move_to(dt.datetime(2026, 2, 24, 9, tzinfo=dt.UTC), tick=False)
    authority.deadline_days_regular = 10
    authority.save()
    older = make_nomination("submitted", name="Lê Thị Hồng", days_ago=15)  # Monday 9/2
    newer = make_nomination("in_review", name="Võ Thị Ánh", days_ago=12)  # Thursday 12/2
    client.force_login(secretary)
    before = client.get(reverse("review-queue"))
    assert [(n, w.days, w.overdue) for n, w in before.context["rows"]] == [
        (older, 11, True),
        (newer, 8, False),
    ]

    _tet_2026()
    response = client.get(reverse("review-queue"))
    assert [(n, w.days, w.overdue) for n, w in response.context["rows"]] == [
        (older, 6, False),
        (newer, 3, False),
    ]
    html = response.content.decode()
    assert '<span class="" data-testid="waiting">6/10</span>' in html
    assert '<span class="" data-testid="waiting">3/10</span>' in html
    assert 'class="overdue"' not in html
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"age": "overdue"}).context["rows"]
    ] == []
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"age": "on_time"}).context["rows"]
    ] == [older, newer]


def test_the_dossier_page_counts_the_holidays(
    client, secretary, make_nomination, authority, time_machine
):
    time_machine.move_to(dt.datetime(2026, 2, 24, 9, tzinfo=dt.UTC), tick=False)
    _tet_2026()
    nom = make_nomination("submitted", days_ago=12)
    client.force_login(secretary)
    response = client.get(reverse("council-dossier", args=[nom.pk]))
    assert (response.context["waiting"].days, response.context["waiting"].limit) == (3, 10)
    assert "Đã chờ 3/10 ngày làm việc" in response.content.decode()


def test_the_queue_stays_closed_to_a_ward_officer(client, officer, make_nomination):
    make_nomination("submitted")
    client.force_login(officer)
    assert client.get(reverse("review-queue")).status_code == 403


# --------------------------------------------------------------------------- admin


@pytest.fixture
def administrator(db):
    return factories.UserFactory(username="quantri", role="admin", is_staff=True)


def test_the_administrator_enters_a_holiday(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:emulation_holiday_add"),
        {"date": "27/04/2026", "name": "Nghỉ bù Giỗ Tổ Hùng Vương", "kind": "off"},
    )
    assert response.status_code == 302
    assert list(Holiday.objects.values_list("date", "name", "kind")) == [
        (dt.date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", "off")
    ]
    assert council.working_days_between(dt.date(2026, 4, 24), dt.date(2026, 4, 28)) == 1


def test_the_admin_refuses_a_workday_on_a_weekday(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:emulation_holiday_add"),
        {"date": "09/01/2026", "name": "Làm bù", "kind": "workday"},
    )
    assert response.status_code == 200
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật." in response.content.decode()
    assert Holiday.objects.count() == 0


def test_the_admin_lists_one_year_by_date(client, administrator):
    factories.HolidayFactory(date=dt.date(2027, 1, 1), name="Tết Dương lịch")
    factories.HolidayFactory(date=dt.date(2026, 9, 2), name="Quốc khánh")
    factories.HolidayFactory(date=dt.date(2026, 1, 1), name="Tết Dương lịch")
    client.force_login(administrator)
    url = reverse("admin:emulation_holiday_changelist")
    listed = client.get(url).context["cl"].result_list
    assert [h.date for h in listed] == [
        dt.date(2026, 1, 1),
        dt.date(2026, 9, 2),
        dt.date(2027, 1, 1),
    ]
    year = client.get(url, {"year": "2026"}).context["cl"].result_list
    assert [h.date for h in year] == [dt.date(2026, 1, 1), dt.date(2026, 9, 2)]
    found = client.get(url, {"q": "Quốc khánh"}).context["cl"].result_list
    assert [h.date for h in found] == [dt.date(2026, 9, 2)]


def test_other_staff_cannot_change_holidays(client, secretary):
    holiday = factories.HolidayFactory()
    secretary.is_staff = True
    secretary.save()
    client.force_login(secretary)
    assert client.get(reverse("admin:emulation_holiday_changelist")).status_code == 403
    assert client.get(reverse("admin:emulation_holiday_add")).status_code == 403
    posted = client.post(
        reverse("admin:emulation_holiday_change", args=[holiday.pk]),
        {"date": "30/04/2026", "name": "Khác", "kind": "off"},
    )
    assert posted.status_code == 403
    deleted = client.post(
        reverse("admin:emulation_holiday_delete", args=[holiday.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    holiday.refresh_from_db()
    assert holiday.name == "Ngày Chiến thắng"


# --------------------------------------------------------------------------- demo data


def test_seed_demo_enters_the_holidays_once_and_keeps_corrections():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Holiday.objects.count() == len(data.HOLIDAYS) == 30
    for holiday in Holiday.objects.all():
        holiday.full_clean()
    corrected = Holiday.objects.get(date=dt.date(2027, 9, 3))
    corrected.name = "Quốc khánh (ngày liền kề)"
    corrected.save()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Holiday.objects.count() == 30
    assert Holiday.objects.get(date=dt.date(2027, 9, 3)).name == "Quốc khánh (ngày liền kề)"
    weekdays_off_2026 = [
        d
        for d in Holiday.objects.filter(date__year=2026, kind=OFF).values_list("date", flat=True)
        if d.weekday() < 5
    ]
    assert weekdays_off_2026 == [
        dt.date(2026, 1, 1),
        *[dt.date(2026, 2, d) for d in range(16, 21)],
        dt.date(2026, 4, 27),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 1),
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
    ]
    assert council.working_days_between(dt.date(2026, 2, 12), dt.date(2026, 2, 24)) == 3
