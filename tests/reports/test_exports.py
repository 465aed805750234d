"""Excel and CSV exports read back and compared by equality; ward scoping of every export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.conftest import read_csv, read_xlsx, values

pytestmark = pytest.mark.django_db


def today_text():
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")


HEADERS = [
    "STT",
    "Họ và tên / tên tập thể",
    "Đối tượng",
    "Giới tính",
    "Năm sinh",
    "Chức vụ, nghề nghiệp",
    "Nơi công tác / tổ dân phố",
    "Phường",
    "Phong trào",
    "Hình thức đề nghị",
    "Lĩnh vực",
    "Thủ tục",
    "Trạng thái",
    "Ngày nộp",
    "Ngày khen thưởng",
]


def nomination_export(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports-nominations-export"), params)


def test_nomination_list_xlsx_officer_sees_his_ward_only(client, report_data, officer):
    wb = read_xlsx(nomination_export(client, officer, year=2025))
    ws = wb.active
    assert ws.title == "Hồ sơ đề nghị"
    rows = values(ws)
    assert rows[:6] == [
        ["ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA"] + [None] * 14,
        ["DANH SÁCH HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG"] + [None] * 14,
        ["Bộ lọc: Phường: Cát Linh; Năm: 2025"] + [None] * 14,
        [f"Ngày xuất: {today_text()}"] + [None] * 14,
        [None] * 15,
        HEADERS,
    ]
    common = [
        "Tổ trưởng tổ dân phố",
        "Tổ dân phố số 3",
        "Cát Linh",
        "Người tốt, việc tốt",
        "Giấy khen của Chủ tịch UBND quận",
    ]
    assert rows[6:] == [
        [
            1,
            "Trần Văn Nháp",
            "Cá nhân",
            "Nam",
            1970,
            *common,
            "Từ thiện, nhân đạo",
            "Thủ tục thông thường",
            "Bản nháp",
            None,
            None,
        ],
        [
            2,
            "Lê Văn Thu",
            "Cá nhân",
            "Nam",
            1970,
            *common,
            "Từ thiện, nhân đạo",
            "Thủ tục thông thường",
            "Đã thu hồi",
            None,
            None,
        ],
        [
            3,
            "Nguyễn Đình Tính",
            "Cá nhân",
            "Nam",
            1952,
            *common,
            "Cộng đồng",
            "Thủ tục thông thường",
            "Đã khen thưởng",
            None,
            dt.datetime(2025, 10, 1),
        ],
    ]
    awarded_cell = ws.cell(row=9, column=15)
    assert awarded_cell.is_date and awarded_cell.number_format == "dd/mm/yyyy"
    assert ws.column_dimensions["B"].width == 30


def test_nomination_list_council_has_every_ward_but_no_drafts(client, report_data, secretary):
    rows = values(read_xlsx(nomination_export(client, secretary)).active, first_row=7)
    assert [(r[1], r[7], r[12]) for r in rows] == [
        ("Lê Thị Hồng", "Cát Linh", "Đã nộp"),
        ("Lê Văn Thu", "Cát Linh", "Đã thu hồi"),
        ("Nguyễn Đình Tính", "Cát Linh", "Đã khen thưởng"),
        # A collective files under its first word (T), after Mai (issue #15).
        ("Đoàn Thị Mai", "Thịnh Quang", "Đang xét duyệt"),
        ("Tổ dân phố số 12", "Thịnh Quang", "Đã khen thưởng"),
    ]
    submitted = report_data["hong"]
    assert submitted.submitted_at is None  # factory rows carry no date: the cell stays empty


def test_nomination_list_filters_state_award_kind_campaign_and_search(
    client, report_data, secretary
):
    def names(**params):
        ws = read_xlsx(nomination_export(client, secretary, **params)).active
        return [r[1] for r in values(ws, first_row=7)], ws.cell(row=3, column=1).value

    assert names(state="awarded") == (
        ["Nguyễn Đình Tính", "Tổ dân phố số 12"],
        "Bộ lọc: Trạng thái: Đã khen thưởng",
    )
    assert names(q="dinh tinh") == (["Nguyễn Đình Tính"], "Bộ lọc: Tìm: “dinh tinh”")
    assert names(campaign=report_data["c2026"].pk)[0] == ["Lê Thị Hồng"]
    kind = report_data["giay_khen"].pk
    assert len(names(award_kind=kind)[0]) == 5
    assert names()[1] == "Bộ lọc: Không lọc (tất cả hồ sơ được xem)"


def test_xlsx_freezes_its_header_row_and_carries_filter_buttons(client, report_data, officer):
    ws = read_xlsx(nomination_export(client, officer, year=2025)).active
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == f"A6:O{ws.max_row}"
    assert [c.value for c in ws[6]] == HEADERS


def test_nomination_list_csv(client, report_data, officer):
    response = nomination_export(client, officer, format="csv", state="awarded")
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-ho-so-')
    rows = read_csv(response)
    # The header row first: the file reads back as CSV (the title is the xlsx's).
    assert rows[0] == HEADERS
    assert rows[1:] == [
        [
            "1",
            "Nguyễn Đình Tính",
            "Cá nhân",
            "Nam",
            "1952",
            "Tổ trưởng tổ dân phố",
            "Tổ dân phố số 3",
            "Cát Linh",
            "Người tốt, việc tốt",
            "Giấy khen của Chủ tịch UBND quận",
            "Cộng đồng",
            "Thủ tục thông thường",
            "Đã khen thưởng",
            "",
            "01/10/2025",
        ]
    ]


def test_cells_that_look_like_formulas_are_neutralised(client, officer, ward, authority):
    names = [
        '=HYPERLINK("http://evil.example","Bấm vào")',
        "+84 912",
        "-1+2",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
    ]
    for name in names:
        factories.NominationFactory(ward=ward, nominee__full_name=name, nominee__position="=1+1")
    response = nomination_export(client, officer)
    ws = read_xlsx(response).active
    cells = [ws.cell(row=r, column=2) for r in range(7, 7 + len(names))]
    # Depending on the XML writer (lxml escapes it, et_xmlfile does not) a carriage return
    # reads back as CR or LF; the apostrophe is what matters.
    assert sorted(c.value.replace("\r", "\n") for c in cells) == sorted(
        "'" + n.replace("\r", "\n") for n in names
    )
    assert {c.data_type for c in cells} == {"s"}
    assert {ws.cell(row=r, column=6).value for r in range(7, 13)} == {"'=1+1"}
    csv_rows = read_csv(nomination_export(client, officer, format="csv"))
    assert all(row[1].startswith("'") and row[5] == "'=1+1" for row in csv_rows[1:])


def test_bad_format_and_bad_filter_are_refused(client, report_data, secretary, db):
    assert nomination_export(client, secretary, format="pdf").status_code == 403
    assert nomination_export(client, secretary, year="abc").status_code == 400
    assert nomination_export(client, secretary, state="draft").status_code == 400


def test_exports_refused_to_anonymous_and_admin(client, report_data):
    url = reverse("reports-nominations-export")
    assert client.get(url).status_code == 302
    client.force_login(factories.UserFactory(username="quantri", role="admin"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("reports-statistics-export")).status_code == 403
    decision_url = reverse("reports-decision-export", args=[report_data["issued"].pk])
    assert client.get(decision_url).status_code == 403


# --- awardees of a decision ----------------------------------------------------------------


def decision_export(client, user, decision, fmt="xlsx"):
    client.force_login(user)
    return client.get(reverse("reports-decision-export", args=[decision.pk]), {"format": fmt})


def test_decision_awardees_xlsx_for_the_council(client, report_data, secretary):
    ws = read_xlsx(decision_export(client, secretary, report_data["issued"])).active
    assert ws.title == "Danh sách khen thưởng"
    rows = values(ws)
    assert rows[1] == [
        "DANH SÁCH KHEN THƯỞNG (kèm theo Quyết định số 125/QĐ-UBND ngày 01/10/2025)",
        None,
        None,
        None,
        None,
    ]
    assert rows[5:] == [
        ["STT", "Họ và tên", "Chức vụ / đơn vị", "Hình thức khen thưởng", "Số tiền (đồng)"],
        [
            1,
            "Lê Văn Thu",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Cát Linh",
            "Giấy khen của Chủ tịch UBND quận",
            710_000,
        ],
        [
            2,
            "Nguyễn Đình Tính",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Cát Linh",
            "Giấy khen của Chủ tịch UBND quận",
            710_000,
        ],
        [
            3,
            "Tổ dân phố số 12",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Thịnh Quang",
            "Giấy khen của Chủ tịch UBND quận",
            1_410_000,
        ],
        [None, "Tổng cộng", None, None, 2_830_000],
    ]
    money = ws.cell(row=7, column=5)
    assert money.data_type == "n" and money.number_format == "#,##0"


def test_decision_awardees_officer_gets_his_ward_only(client, report_data, officer, other_officer):
    rows = values(
        read_xlsx(decision_export(client, officer, report_data["issued"])).active, first_row=7
    )
    assert [r[1] for r in rows] == ["Lê Văn Thu", "Nguyễn Đình Tính", "Tổng cộng"]
    rows = read_csv(decision_export(client, other_officer, report_data["issued"], "csv"))
    assert rows[0] == [
        "STT",
        "Họ và tên",
        "Chức vụ / đơn vị",
        "Hình thức khen thưởng",
        "Số tiền (đồng)",
    ]
    assert rows[1:] == [
        [
            "1",
            "Tổ dân phố số 12",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Thịnh Quang",
            "Giấy khen của Chủ tịch UBND quận",
            "1410000",
        ],
        ["", "Tổng cộng", "", "", "1410000"],
    ]


def test_draft_decision_is_council_only_with_provisional_money(
    client, report_data, officer, secretary, base_salaries
):
    assert decision_export(client, officer, report_data["drafted"]).status_code == 404
    ws = read_xlsx(decision_export(client, secretary, report_data["drafted"])).active
    rows = values(ws)
    assert rows[1][0] == ("DANH SÁCH KHEN THƯỞNG (dự thảo quyết định: Dự thảo khen thưởng đợt 2)")
    assert rows[6:] == [
        [
            1,
            "Đoàn Thị Mai",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Thịnh Quang",
            "Giấy khen của Chủ tịch UBND quận",
            760_000,
        ],
        [None, "Tổng cộng", None, None, 760_000],
    ]


def test_decision_of_another_ward_only_is_hidden_from_an_officer(
    client, report_data, officer, authority
):
    from tests.reports.conftest import award, decision

    other = decision(authority, 140)
    award(other, report_data["mai"], 710_000)
    assert decision_export(client, officer, other).status_code == 404


# --- statistics tables --------------------------------------------------------------------


def test_statistics_xlsx_one_sheet_per_table(client, report_data, secretary):
    client.force_login(secretary)
    response = client.get(
        reverse("reports-statistics-export"), {"year_from": 2025, "year_to": 2026}
    )
    wb = read_xlsx(response)
    assert wb.sheetnames == [
        "So sánh theo năm",
        "Theo phường",
        "Theo phong trào",
        "Theo hình thức khen thưởng",
        "Theo lĩnh vực",
        "Theo đối tượng",
        "Theo giới tính (cá nhân)",
    ]
    year = values(wb["So sánh theo năm"])
    assert year[1][0] == "THỐNG KÊ THI ĐUA, KHEN THƯỞNG: SO SÁNH THEO NĂM"
    assert year[2][0] == "Bộ lọc: Từ năm 2025 đến năm 2026"
    assert year[5:] == [
        [
            "Năm",
            "Số hồ sơ",
            "Tăng/giảm hồ sơ (%)",
            "Số khen thưởng",
            "Tiền thưởng (đồng)",
            "Tăng/giảm tiền thưởng (%)",
        ],
        ["2025", 4, None, 2, 2_120_000, None],
        ["2026", 1, -75, 0, 0, -100],
        ["Tổng cộng", 5, None, 2, 2_120_000, None],
    ]
    assert values(wb["Theo phường"])[5:] == [
        ["Phường", "Số hồ sơ", "Số khen thưởng", "Tiền thưởng (đồng)"],
        ["Cát Linh", 3, 1, 710_000],
        ["Thịnh Quang", 2, 1, 1_410_000],
        ["Tổng cộng", 5, 2, 2_120_000],
    ]
    assert wb["Theo phường"].cell(row=7, column=4).number_format == "#,##0"


def test_statistics_csv_for_an_officer_is_his_ward(client, report_data, officer):
    client.force_login(officer)
    rows = read_csv(
        client.get(
            reverse("reports-statistics-export"),
            {"year_from": 2025, "year_to": 2026, "format": "csv"},
        )
    )
    assert rows[:5] == [
        [
            "Năm",
            "Số hồ sơ",
            "Tăng/giảm hồ sơ (%)",
            "Số khen thưởng",
            "Tiền thưởng (đồng)",
            "Tăng/giảm tiền thưởng (%)",
        ],
        ["2025", "3", "", "1", "710000", ""],
        ["2026", "1", "-66.7", "0", "0", "-100.0"],
        ["Tổng cộng", "4", "", "1", "710000", ""],
        [],
    ]
    assert "Theo phường" not in str(rows)
