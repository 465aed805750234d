"""Public holidays: the standard calendar (``holidays`` package) pre-fills a year where the
administrator's table has no row, and the differences are listed; the table stays the truth."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from emulation import public_holidays
from emulation.models import Holiday
from nominations.council.services import working_days_between
from nominations.management import demo_data
from tests import factories

D = dt.date
OFF, WORKDAY = "off", "workday"
ONLY_STANDARD, ONLY_TABLE = "Chỉ có trong lịch chuẩn", "Chỉ có trong bảng của quản trị"


@pytest.fixture
def seeded(db):
    """The administrator's table as the demo seed enters it (2026 announced, 2027 expected)."""
    Holiday.objects.bulk_create(
        Holiday(date=day, name=name, kind=kind) for day, name, kind in demo_data.HOLIDAYS
    )


@pytest.fixture
def admin_client(client, db):
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    return client


def _rows(differences) -> list[tuple]:
    return [
        (
            d.date,
            d.where,
            d.standard.name if d.standard else None,
            d.table.name if d.table else None,
            d.changes_working_days,
        )
        for d in differences
    ]


def test_the_standard_calendar_in_vietnamese():
    assert [(d.date, d.name, d.kind) for d in public_holidays.standard_days(2026)] == [
        (D(2026, 1, 1), "Tết Dương lịch", OFF),
        (D(2026, 2, 16), "Tết Nguyên đán (giao thừa)", OFF),
        (D(2026, 2, 17), "Tết Nguyên đán (mùng 1)", OFF),
        (D(2026, 2, 18), "Tết Nguyên đán (mùng 2)", OFF),
        (D(2026, 2, 19), "Tết Nguyên đán (mùng 3)", OFF),
        (D(2026, 2, 20), "Tết Nguyên đán (mùng 4)", OFF),
        (D(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", OFF),
        (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", OFF),
        (D(2026, 4, 30), "Ngày Chiến thắng", OFF),
        (D(2026, 5, 1), "Ngày Quốc tế Lao động", OFF),
        (D(2026, 8, 22), "Làm bù cho ngày nghỉ 31/08/2026", WORKDAY),
        (D(2026, 8, 31), "Ngày nghỉ hoán đổi (làm bù ngày 22/08/2026)", OFF),
        (D(2026, 9, 1), "Quốc khánh", OFF),
        (D(2026, 9, 2), "Quốc khánh", OFF),
        (D(2026, 11, 24), "Ngày Văn hóa Việt Nam", OFF),
    ]


def test_differences_with_the_demo_seed_2026(seeded):
    assert _rows(public_holidays.differences(2026)) == [
        (D(2026, 2, 14), ONLY_TABLE, None, "Tết Nguyên đán Bính Ngọ", False),
        (D(2026, 2, 15), ONLY_TABLE, None, "Tết Nguyên đán Bính Ngọ", False),
        (D(2026, 2, 21), ONLY_TABLE, None, "Tết Nguyên đán Bính Ngọ", False),
        (D(2026, 2, 22), ONLY_TABLE, None, "Tết Nguyên đán Bính Ngọ", False),
        (D(2026, 8, 22), ONLY_STANDARD, "Làm bù cho ngày nghỉ 31/08/2026", None, True),
        (D(2026, 8, 31), ONLY_STANDARD, "Ngày nghỉ hoán đổi (làm bù ngày 22/08/2026)", None, True),
        (D(2026, 11, 24), ONLY_STANDARD, "Ngày Văn hóa Việt Nam", None, True),
    ]


def test_differences_with_the_demo_seed_2027(seeded):
    assert _rows(public_holidays.differences(2027)) == [
        (D(2027, 2, 4), ONLY_STANDARD, "Tết Nguyên đán (29 tháng Chạp)", None, True),
        (D(2027, 2, 11), ONLY_TABLE, None, "Nghỉ bù Tết Nguyên đán (dự kiến)", True),
        (D(2027, 11, 24), ONLY_STANDARD, "Ngày Văn hóa Việt Nam", None, True),
    ]


def test_a_different_kind_on_the_same_date_is_a_difference(db):
    factories.HolidayFactory(date=D(2026, 8, 22), name="Nghỉ", kind=OFF)
    [diff] = [d for d in public_holidays.differences(2026) if d.date == D(2026, 8, 22)]
    assert (diff.where, diff.changes_working_days) == ("Khác loại ngày", True)


def test_prefill_adds_only_the_missing_dates_and_keeps_the_administrators_rows(seeded):
    before = set(Holiday.objects.values_list("date", "name", "kind"))
    added, kept = public_holidays.prefill(2027)
    assert [(h.date, h.name, h.kind) for h in added] == [
        (D(2027, 2, 4), "Tết Nguyên đán (29 tháng Chạp)", OFF),
        (D(2027, 11, 24), "Ngày Văn hóa Việt Nam", OFF),
    ]
    assert kept == 13
    after = set(Holiday.objects.values_list("date", "name", "kind"))
    assert after - before == {(h.date, h.name, h.kind) for h in added}
    assert before <= after  # nothing changed nor deleted (11/2 stays, 10/2 keeps its name)
    assert public_holidays.prefill(2027) == ([], 15)
    assert _rows(public_holidays.differences(2027)) == [
        (D(2027, 2, 11), ONLY_TABLE, None, "Nghỉ bù Tết Nguyên đán (dự kiến)", True),
    ]


def test_working_days_read_only_the_administrators_table(db):
    """24/11/2026 is a day off in the standard calendar, not in the (empty) table: still a
    working day until the administrator enters it."""
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 25)) == 2
    public_holidays.prefill(2026)
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 25)) == 1


def test_the_command(seeded):
    out = StringIO()
    call_command("prefill_holidays", "2026", stdout=out)
    assert out.getvalue().splitlines() == [
        "+ 22/08/2026 Làm bù cho ngày nghỉ 31/08/2026 (Ngày làm bù)",
        "+ 31/08/2026 Ngày nghỉ hoán đổi (làm bù ngày 22/08/2026) (Ngày nghỉ)",
        "+ 24/11/2026 Ngày Văn hóa Việt Nam (Ngày nghỉ)",
        "Năm 2026: thêm 3 ngày; giữ nguyên 12 ngày đã có trong bảng.",
        "Còn 4 ngày khác lịch chuẩn: xem trang “So sánh với lịch chuẩn”.",
    ]
    with pytest.raises(CommandError, match="Năm phải từ 2000 đến 2100."):
        call_command("prefill_holidays", "1999", stdout=StringIO())


# --- the admin pages ----------------------------------------------------------------------


def test_changelist_shows_both_buttons(admin_client):
    html = admin_client.get(reverse("admin:emulation_holiday_changelist") + "?year=2027")
    html = html.content.decode()
    assert f'href="{reverse("admin:emulation_holiday_prefill")}?year=2027">Điền sẵn năm …' in html
    assert f'href="{reverse("admin:emulation_holiday_compare")}?year=2027">So sánh' in html


def test_prefill_page_previews_then_adds(admin_client, seeded, django_assert_max_num_queries):
    url = reverse("admin:emulation_holiday_prefill")
    with django_assert_max_num_queries(12):
        page = admin_client.get(url, {"year": "2027"})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(d.date, taken) for d, _, taken in rows if not taken] == [
        (D(2027, 2, 4), False),
        (D(2027, 11, 24), False),
    ]
    assert "Thêm 2 ngày còn thiếu của năm 2027" in page.content.decode()
    response = admin_client.post(url, {"year": "2027"}, follow=True)
    assert response.redirect_chain == [
        (reverse("admin:emulation_holiday_changelist") + "?year=2027", 302)
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "Năm 2027: đã thêm 2 ngày theo lịch chuẩn; giữ nguyên 13 ngày đã có."
    ]
    assert Holiday.objects.filter(date__year=2027).count() == 16
    # A double submit adds nothing.
    admin_client.post(url, {"year": "2027"})
    assert Holiday.objects.filter(date__year=2027).count() == 16


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("1990", "Năm phải từ 2000 trở đi."),
        ("3000", "Năm không được sau 2100."),
        ("abc", "Năm phải là một số, ví dụ 2027."),
    ],
)
def test_prefill_refuses_a_wrong_year(admin_client, year, message):
    response = admin_client.post(reverse("admin:emulation_holiday_prefill"), {"year": year})
    assert response.status_code == 200
    assert response.context["form"].errors == {"year": [message]}
    assert Holiday.objects.count() == 0


def test_compare_page_lists_the_differences(admin_client, seeded, django_assert_max_num_queries):
    url = reverse("admin:emulation_holiday_compare")
    with django_assert_max_num_queries(10):
        response = admin_client.get(url, {"year": "2027"})
    assert [(d.date, d.where) for d, _ in response.context["rows"]] == [
        (D(2027, 2, 4), ONLY_STANDARD),
        (D(2027, 2, 11), ONLY_TABLE),
        (D(2027, 11, 24), ONLY_STANDARD),
    ]
    html = response.content.decode()
    assert "Ngày Văn hóa Việt Nam" in html and "Thứ Năm" in html
    matching = admin_client.get(url, {"year": "2030"})
    assert matching.status_code == 200


def test_only_the_administrator_reaches_the_pages(client, db):
    staff = factories.UserFactory(username="thuky", role="secretary", is_staff=True)
    client.force_login(staff)
    for name in ("admin:emulation_holiday_prefill", "admin:emulation_holiday_compare"):
        assert client.get(reverse(name), {"year": "2027"}).status_code == 403
    assert (
        client.post(reverse("admin:emulation_holiday_prefill"), {"year": "2027"}).status_code == 403
    )
    assert Holiday.objects.count() == 0
    officer = factories.UserFactory(username="catlinh", role="ward_officer")
    client.force_login(officer)
    response = client.post(reverse("admin:emulation_holiday_prefill"), {"year": "2027"})
    assert response.status_code == 302  # not staff: to the admin's sign-in page
    assert Holiday.objects.count() == 0
