"""Excel import: template, preview, confirm in one transaction, and every bad input refused."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from bench.import_bench import shared_strings_xlsx
from nominations.dossiers import services as dossiers
from nominations.models import Nomination, Transition
from nominations.reports import imports
from tests import factories

pytestmark = pytest.mark.django_db
DRAFTS = "/can-bo/ho-so/?state=draft"


@pytest.fixture
def open_campaign(db):
    kind = factories.AwardKindFactory()
    return factories.CampaignFactory(name="Người tốt, việc tốt", award_kinds=[kind])


def label(campaign):
    return f"{campaign.name} ({campaign.opens_on:%Y})"


def row(camp, **values):
    data = {
        "full_name": "Nguyễn Văn An",
        "kind": "Cá nhân",
        "gender": "Nam",
        "birth_year": 1980,
        "position": "Tổ trưởng",
        "workplace": "Tổ dân phố số 1",
        "campaign": label(camp),
        "award_kind": "Giấy khen của Chủ tịch UBND quận",
        "procedure": "Thủ tục thông thường",
        "field": "Cộng đồng",
        "public_summary": "Vận động bà con giữ vệ sinh ngõ phố.",
        "consent_public": "Có",
    }
    data.update(values)
    return data


def workbook_bytes(user, rows, mutate=None) -> bytes:
    wb = imports.build_template(user)
    ws = wb[imports.DATA_SHEET]
    keys = [c.key for c in imports.columns()]
    for number, values in enumerate(rows, start=2):
        for index, key in enumerate(keys, start=1):
            if key in values:
                ws.cell(row=number, column=index, value=values[key])
    if mutate:
        mutate(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, user, content: bytes, name="ho-so.xlsx"):
    client.force_login(user)
    return client.post(reverse("reports-import"), {"file": SimpleUploadedFile(name, content)})


def refusal(response) -> list[str]:
    assert response.status_code == 200, response
    return response.context["form"].errors["file"]


# --- template --------------------------------------------------------------------------------


def test_template_has_the_wards_open_campaigns_as_drop_downs(client, officer, open_campaign):
    closed = factories.CampaignFactory(name="Cựu chiến binh gương mẫu", status="closed")
    client.force_login(officer)
    response = client.get(reverse("reports-import-template"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Hồ sơ", "Danh mục", "Hướng dẫn"]
    assert wb["Danh mục"].sheet_state == "hidden"
    ws = wb["Hồ sơ"]
    assert [c.value for c in ws[1]][:3] == ["Họ và tên / tên tập thể", "Đối tượng *", "Giới tính"]
    lists = {
        col[0].value: [c.value for c in col[1:] if c.value] for col in wb["Danh mục"].iter_cols()
    }
    assert lists["campaign"] == [label(open_campaign)]
    assert label(closed) not in lists["campaign"]
    assert lists["ward"] == ["Cát Linh"]
    assert lists["award_kind"] == ["Giấy khen của Chủ tịch UBND quận"]
    validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    last = imports.MAX_ROWS + 1
    assert validations[f"L2:L{last}"] == "'Danh mục'!$A$2:$A$2"
    assert validations[f"K2:K{last}"] == "'Danh mục'!$H$2:$H$2"


def test_only_ward_officers_import(client, secretary, db):
    client.force_login(secretary)
    assert client.get(reverse("reports-import")).status_code == 403
    assert client.get(reverse("reports-import-template")).status_code == 403


# --- the happy path --------------------------------------------------------------------------


def test_preview_then_confirm_creates_drafts_in_one_go(client, officer, open_campaign):
    content = workbook_bytes(
        officer,
        [
            row(open_campaign, period_start="05/01/2026", period_end=dt.datetime(2026, 3, 1)),
            row(
                open_campaign,
                full_name="Tổ dân phố số 7",
                kind="Tập thể",
                gender=None,
                birth_year=None,
                member_count=45,
                head_name="Lê Văn Bảo",
                position=None,
            ),
            row(open_campaign, full_name="Phường Khác", ward="Thịnh Quang"),
        ],
    )
    response = upload(client, officer, content)
    assert response.status_code == 302
    assert Nomination.objects.count() == 0
    preview = client.get(response["Location"])
    result = preview.context["result"]
    assert [(r.line, r.name) for r in result.valid] == [
        (2, "Nguyễn Văn An"),
        (3, "Tổ dân phố số 7"),
    ]
    assert [(r.line, r.errors) for r in result.invalid] == [
        (
            4,
            [
                "Phường “Thịnh Quang” không phải phường của bạn (Cát Linh): chỉ được nhập hồ sơ "
                "của phường mình."
            ],
        )
    ]
    assert "2 dòng hợp lệ, 1 dòng có lỗi." in preview.content.decode()
    assert Nomination.objects.count() == 0

    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = client.post(reverse("reports-import-confirm", args=[token]), {"expected": 2})
    assert done.status_code == 302 and done["Location"] == DRAFTS
    created = list(
        Nomination.objects.order_by("pk").values_list(
            "nominee__full_name",
            "nominee__kind",
            "state",
            "ward__name",
            "campaign_id",
            "period_start",
            "period_end",
            "created_by",
        )
    )
    assert created == [
        (
            "Nguyễn Văn An",
            "individual",
            "draft",
            "Cát Linh",
            open_campaign.pk,
            dt.date(2026, 1, 5),
            dt.date(2026, 3, 1),
            officer.pk,
        ),
        (
            "Tổ dân phố số 7",
            "collective",
            "draft",
            "Cát Linh",
            open_campaign.pk,
            None,
            None,
            officer.pk,
        ),
    ]
    assert sorted(Transition.objects.values_list("action", flat=True)) == [
        "create",
        "create",
        "import",
        "import",
    ]
    # The stored file is gone and the token cannot be replayed: a second click is told the file
    # was imported, and lands on the list where the dossiers are.
    again = client.post(
        reverse("reports-import-confirm", args=[token]), {"expected": 2}, follow=True
    )
    assert again.redirect_chain == [(DRAFTS, 302)]
    shown = [str(m) for m in again.context["messages"]]  # the first click's, then the second's
    assert shown[0].startswith("Đã tạo 2 hồ sơ nháp từ tệp Excel")
    assert shown[1:] == [ALREADY]
    assert Nomination.objects.count() == 2


def test_nfd_names_and_stray_whitespace_are_normalised(client, officer, open_campaign):
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Thu Hương ")
    content = workbook_bytes(officer, [row(open_campaign, full_name=nfd)])
    response = upload(client, officer, content)
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.post(reverse("reports-import-confirm", args=[token]), {"expected": 1})
    name = Nomination.objects.get().nominee.full_name
    assert name == "Nguyễn Thị Thu Hương"
    assert unicodedata.is_normalized("NFC", name)


def test_multi_line_cells_keep_their_paragraphs_as_the_form_does(client, officer, open_campaign):
    """Alt+Enter in a cell is "\n" (Excel) or "\r\n"; the dossier form keeps paragraphs in its
    multi-line fields. Was: the import joined every cell into one line."""
    content = workbook_bytes(
        officer,
        [
            row(
                open_campaign,
                public_summary="Vận động bà con.\r\nGiữ vệ sinh ngõ phố.",
                achievement_report=" Năm 2025:\n\n- Tổ chức 12 buổi\r\ndọn ngõ\n- Trồng 40 cây ",
                position="Tổ trưởng\nTổ dân phố số 5",
            )
        ],
    )
    response = upload(client, officer, content)
    client.post(reverse("reports-import-confirm", args=[token_of(response)]), {"expected": 1})
    nom = Nomination.objects.get()
    assert nom.public_summary == "Vận động bà con.\nGiữ vệ sinh ngõ phố."
    assert nom.achievement_report == "Năm 2025:\n\n- Tổ chức 12 buổi\ndọn ngõ\n- Trồng 40 cây"
    assert nom.nominee.position == "Tổ trưởng Tổ dân phố số 5"  # a one-line field


def test_a_failure_half_way_creates_nothing(client, officer, open_campaign, monkeypatch):
    content = workbook_bytes(
        officer, [row(open_campaign, full_name=f"Người Số {n}") for n in range(3)]
    )
    response = upload(client, officer, content)
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    real = dossiers.create_draft
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise dossiers.DossierError("Lỗi giả lập.")
        return real(*args, **kwargs)

    monkeypatch.setattr(dossiers, "create_draft", failing)
    done = client.post(
        reverse("reports-import-confirm", args=[token]), {"expected": 3}, follow=True
    )
    assert Nomination.objects.count() == 0
    assert [str(m) for m in done.context["messages"]] == [
        "Dòng 4: Lỗi giả lập. Không hồ sơ nào được tạo."
    ]


def test_confirm_refused_when_the_rows_changed_since_the_preview(client, officer, open_campaign):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = client.post(
        reverse("reports-import-confirm", args=[token]), {"expected": 5}, follow=True
    )
    assert Nomination.objects.count() == 0
    assert [str(m) for m in done.context["messages"]] == [
        "Dữ liệu đã thay đổi kể từ lúc xem trước (nay có 1 dòng hợp lệ). Hãy xem lại trước "
        "khi xác nhận."
    ]


def test_a_token_of_another_session_is_refused(client, officer, other_officer, open_campaign):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.force_login(other_officer)
    done = client.post(reverse("reports-import-confirm", args=[token]), {"expected": 1})
    assert done.status_code == 302 and Nomination.objects.count() == 0
    assert client.get(reverse("reports-import-preview", args=[token])).status_code == 302


# --- rows refused, each with its reason ------------------------------------------------------


def preview_errors(client, officer, rows, mutate=None) -> dict[int, list[str]]:
    before = Nomination.objects.count()
    response = upload(client, officer, workbook_bytes(officer, rows, mutate))
    assert response.status_code == 302, response.context["form"].errors
    result = client.get(response["Location"]).context["result"]
    assert Nomination.objects.count() == before
    return {r.line: r.errors for r in result.rows}


def test_row_errors_use_the_forms_rules(client, officer, open_campaign):
    errors = preview_errors(
        client,
        officer,
        [
            row(open_campaign, period_start="31/02/2026"),
            row(open_campaign, full_name="Trần Công Thức", birth_year="=1900+80"),
            row(open_campaign, full_name="Lê Tương Lai", birth_year=2999),
            row(open_campaign, full_name="Chưa Có Phong Trào", campaign="Phong trào không có"),
            row(open_campaign, full_name="Nguyễn Văn An"),
            row(
                open_campaign,
                full_name="Vũ Văn Tập",
                kind="Tập thể",
                member_count=1,
                head_name="Vũ Văn Tập",
            ),
        ],
    )
    assert errors == {
        2: ["Thời gian từ (dd/mm/yyyy): “31/02/2026” không phải ngày hợp lệ (dạng dd/mm/yyyy)."],
        3: ["Năm sinh: ô chứa công thức (=1900+80); chỉ nhận giá trị, không tính công thức."],
        4: ["Năm sinh: Năm sinh không được ở tương lai."],
        5: ["Phong trào “Phong trào không có” không có hoặc không còn nhận hồ sơ."],
        6: ["“Nguyễn Văn An” bị lặp lại trong tệp cho cùng phong trào."],
        7: ["Số thành viên (tập thể): Một tập thể có ít nhất 2 thành viên."],
    }


def test_existing_dossier_in_the_campaign_is_refused(client, officer, ward, open_campaign):
    factories.NominationFactory(
        ward=ward, campaign=open_campaign, nominee__full_name="Nguyễn Văn An"
    )
    errors = preview_errors(client, officer, [row(open_campaign)])
    assert errors == {2: ["“Nguyễn Văn An” đã có hồ sơ trong phong trào này."]}


# --- files refused as a whole ----------------------------------------------------------------


def test_a_renamed_csv_is_refused(client, officer, open_campaign):
    csv = "Họ và tên,Đối tượng\nNguyễn Văn An,Cá nhân\n".encode()
    assert refusal(upload(client, officer, csv)) == [
        "Tệp không phải là tệp Excel .xlsx (có thể là CSV hoặc tệp khác được đổi tên). Hãy "
        "dùng tệp mẫu và lưu dưới dạng .xlsx."
    ]


def test_a_password_protected_workbook_is_refused(client, officer, open_campaign):
    ole = imports.OLE_MAGIC + b"\x00" * 4096
    assert refusal(upload(client, officer, ole)) == [
        "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls). Hãy bỏ mật khẩu và lưu lại "
        "dưới dạng .xlsx rồi tải lên lại."
    ]


def test_a_zip_bomb_is_refused_from_the_zip_directory(client, officer, open_campaign):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(70):
                member.write(chunk)
    content = out.getvalue()
    assert len(content) < 200_000
    assert refusal(upload(client, officer, content)) == [
        "Tệp bị từ chối: dung lượng sau giải nén bất thường (nghi “bom nén”)."
    ]


def test_too_many_rows_are_refused(client, officer, open_campaign):
    def fill(ws):
        for number in range(2, imports.MAX_ROWS + 3):
            ws.cell(row=number, column=1, value=f"Người {number}")

    content = workbook_bytes(officer, [], mutate=fill)
    assert imports.MAX_ROWS == 500
    assert refusal(upload(client, officer, content)) == [
        "Tệp có hơn 500 dòng hồ sơ; mỗi lần chỉ nhập tối đa 500 dòng. Hãy chia thành nhiều tệp."
    ]
    assert Nomination.objects.count() == 0


def test_merged_cells_are_refused(client, officer, open_campaign):
    content = workbook_bytes(
        officer,
        [row(open_campaign), row(open_campaign, full_name="B")],
        mutate=lambda ws: ws.merge_cells("L2:L3"),
    )
    assert refusal(upload(client, officer, content)) == [
        "Bảng tính có ô gộp (merge). Hãy bỏ gộp ô, mỗi dòng một hồ sơ, rồi tải lên lại."
    ]


def test_a_workbook_that_is_not_the_template_is_refused(client, officer, open_campaign):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên", "Tuổi"])
    wb.active.append(["An", 30])
    out = io.BytesIO()
    wb.save(out)
    assert refusal(upload(client, officer, out.getvalue())) == [
        "Dòng tiêu đề không khớp với tệp mẫu. Hãy tải tệp mẫu mới và nhập dữ liệu vào đó."
    ]


def test_an_empty_template_is_refused(client, officer, open_campaign):
    assert refusal(upload(client, officer, workbook_bytes(officer, []))) == [
        "Tệp không có dòng hồ sơ nào (dữ liệu bắt đầu từ dòng 2)."
    ]


def test_pages_render(client, officer, open_campaign):
    client.force_login(officer)
    page = client.get(reverse("reports-import"))
    assert page.status_code == 200
    assert "Tải tệp mẫu" in page.content.decode()


# --- issue #15: the examples, each with its exact value ---------------------------------------

DAMAGED = (
    "Tệp Excel bị hỏng (bị cắt cụt hoặc sai cấu trúc), không đọc được. Hãy mở tệp bằng Excel, "
    "lưu lại dưới dạng .xlsx rồi tải lên lại."
)
DTD = (
    "Tệp bị từ chối vì lý do an toàn: có khai báo DTD hoặc thực thể XML (Excel không bao giờ "
    "ghi như vậy). Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
)
ALREADY = (
    "Tệp này đã được nhập, không hồ sơ nào được tạo lần thứ hai. "
    "Các hồ sơ nháp đã tạo từ tệp ở danh sách dưới đây."
)
YELLOW = PatternFill("solid", fgColor="FFFF00")


def stored(settings) -> list[str]:
    """The files the import keeps on disk (uploads awaiting their preview, markers)."""
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def token_of(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def rewrite_member(content: bytes, name: str, change) -> bytes:
    """The same xlsx with one member's bytes changed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            archive.writestr(entry.filename, change(data) if entry.filename == name else data)
    return out.getvalue()


def with_dtd(data: bytes) -> bytes:
    """A DTD declaring an entity (billion-laughs style), after the XML declaration if any."""
    dtd = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + dtd + data[end:]
    return dtd + data


def test_one_valid_row_and_a_yellow_empty_cell_at_a2600_is_one_row(
    client, officer, open_campaign, settings
):
    def paint(ws):
        ws["A2600"].fill = YELLOW

    content = workbook_bytes(officer, [row(open_campaign)], mutate=paint)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b'<c r="A2600" s="' in archive.read("xl/worksheets/sheet1.xml")
    response = upload(client, officer, content)
    assert response.status_code == 302  # was: "Tệp có quá nhiều dòng"
    result = client.get(response["Location"]).context["result"]
    assert [(r.line, r.name, r.errors) for r in result.rows] == [(2, "Nguyễn Văn An", [])]
    assert stored(settings) == [f"{token_of(response)}.xlsx"]


def test_the_row_cap_counts_rows_with_values_only(officer, open_campaign, tmp_path):
    def fill(ws):
        for number in range(2, imports.MAX_ROWS + 2):  # 500 rows with a value
            ws.cell(row=number, column=1, value=f"Người {number}")
        for number in range(imports.MAX_ROWS + 2, 3000):  # formatting only, never counted
            ws.cell(row=number, column=3).fill = YELLOW
        ws.cell(row=9000, column=5, value="   ")  # blanks only: no value either

    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(workbook_bytes(officer, [], mutate=fill))
    rows = imports.read_checked_rows(path)
    assert [line for line, _ in rows] == list(range(2, imports.MAX_ROWS + 2))


def test_a_value_far_below_is_read_despite_the_gap(officer, open_campaign, tmp_path):
    def far(ws):
        ws.cell(row=2, column=1, value="Nguyễn Văn An")
        ws.cell(row=200_000, column=1, value="Lê Văn Cuối")

    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(workbook_bytes(officer, [], mutate=far))
    assert [(line, raw[0]) for line, raw in imports.read_checked_rows(path)] == [
        (2, "Nguyễn Văn An"),
        (200_000, "Lê Văn Cuối"),
    ]


def test_a_phone_number_that_lost_its_zero_is_flagged_in_the_preview(
    client, officer, open_campaign
):
    content = workbook_bytes(
        officer,
        [
            row(open_campaign, phone=912345678),  # what Excel keeps of 0912345678 in "General"
            row(open_campaign, full_name="Trần Thị Bình", phone="0912 345 678"),
        ],
    )
    response = upload(client, officer, content)
    preview = client.get(response["Location"])
    result = preview.context["result"]
    assert {r.line: r.errors for r in result.rows} == {
        2: [
            "Số điện thoại: “912345678” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng "
            "số): hãy ghi 0912345678."
        ],
        3: [],
    }
    assert result.lost_zero_lines == [2]
    html = preview.content.decode()
    assert "Số điện thoại mất số 0 ở đầu (dòng 2)." in html
    assert '<tr data-line="2" class="table-warning" data-lost-zero>' in html
    done = client.post(
        reverse("reports-import-confirm", args=[token_of(response)]), {"expected": 1}
    )
    assert done["Location"] == DRAFTS
    assert list(Nomination.objects.values_list("nominee__full_name", "nominee__phone")) == [
        ("Trần Thị Bình", "0912345678")
    ]


def test_the_template_formats_text_columns_as_text(client, officer, open_campaign):
    client.force_login(officer)
    response = client.get(reverse("reports-import-template"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Hồ sơ"]
    formats = {
        col.key: ws.column_dimensions[get_column_letter(index)].number_format
        for index, col in enumerate(imports.columns(), start=1)
    }
    assert {key for key, fmt in formats.items() if fmt == "@"} == imports.TEXT_COLUMNS
    assert {key for key, fmt in formats.items() if fmt != "@"} == {"birth_year", "member_count"}
    assert {"phone", "period_start", "period_end"} <= imports.TEXT_COLUMNS


def test_a_sheet_cut_in_half_is_refused_and_deleted(client, officer, open_campaign, settings):
    content = rewrite_member(
        workbook_bytes(officer, [row(open_campaign)]),
        "xl/worksheets/sheet1.xml",
        lambda data: data[: len(data) // 2],
    )
    assert refusal(upload(client, officer, content)) == [DAMAGED]  # was: 500
    assert stored(settings) == []


def test_a_file_cut_in_half_is_refused_and_deleted(client, officer, open_campaign, settings):
    content = workbook_bytes(officer, [row(open_campaign)])
    assert refusal(upload(client, officer, content[: len(content) // 2])) == [DAMAGED]
    assert stored(settings) == []


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml"]
)
def test_a_dtd_is_refused_and_deleted(client, officer, open_campaign, settings, part):
    content = rewrite_member(workbook_bytes(officer, [row(open_campaign)]), part, with_dtd)
    assert refusal(upload(client, officer, content)) == [DTD]  # was: 500 or read
    assert stored(settings) == []


def test_a_dtd_in_the_shared_strings_is_refused(client, officer, settings):
    content = rewrite_member(shared_strings_xlsx(0.01), "xl/sharedStrings.xml", with_dtd)
    assert refusal(upload(client, officer, content)) == [DTD]
    assert stored(settings) == []


def test_a_5_mb_file_holding_57_mb_of_shared_strings_is_refused_before_parsing(
    client, officer, settings, monkeypatch
):
    content = shared_strings_xlsx(57)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size >= 57 * 1024 * 1024
    assert 4_000_000 < len(content) < imports.MAX_UPLOAD_BYTES

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(imports, "load_workbook", never)
    monkeypatch.setattr(imports, "ParserCreate", never)  # refused from the ZIP directory alone
    assert refusal(upload(client, officer, content)) == [
        "Tệp chứa quá nhiều dữ liệu: một phần của tệp chiếm 57,0 MB khi giải nén (tối đa "
        "10 MB). Hãy rút gọn nội dung hoặc chia thành nhiều tệp nhỏ hơn."
    ]
    assert stored(settings) == []


def _after_whitespace(data: bytes) -> bytes:
    """The part preceded by 70,000 spaces (valid XML without its declaration: whitespace may
    come before the root element; openpyxl reads it)."""
    if data.startswith(b"<?xml"):
        data = data[data.index(b"?>") + 2 :]
    return b" " * 70_000 + data


@pytest.mark.parametrize("dtd", [False, True])
def test_whitespace_before_a_part_does_not_hide_it_from_the_pre_scan(
    client, officer, settings, monkeypatch, dtd
):
    # Was: the pre-scan looked at the first 64 KiB only, found no "<" and skipped the part;
    # openpyxl then read 190,000 shared strings (2.5 s, +45 MB).
    content = shared_strings_xlsx(2, unique_block=64 * 1024)
    if dtd:
        content = rewrite_member(shared_strings_xlsx(0.01), "xl/sharedStrings.xml", with_dtd)
    content = rewrite_member(content, "xl/sharedStrings.xml", _after_whitespace)

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(imports, "load_workbook", never)
    expected = (
        DTD
        if dtd
        else "Tệp chứa quá nhiều ô dữ liệu (hơn 100.000 ô hoặc 30.000 chuỗi chữ) so với tối "
        "đa 500 dòng hồ sơ. Hãy chép dữ liệu sang tệp mẫu mới rồi tải lên lại."
    )
    assert refusal(upload(client, officer, content)) == [expected]
    assert stored(settings) == []


def test_too_many_shared_strings_are_refused_by_the_pre_scan(client, officer, settings):
    content = shared_strings_xlsx(2, unique_block=64 * 1024)  # 2 MiB, about 40,000 strings
    assert refusal(upload(client, officer, content)) == [
        "Tệp chứa quá nhiều ô dữ liệu (hơn 100.000 ô hoặc 30.000 chuỗi chữ) so với tối đa 500 "
        "dòng hồ sơ. Hãy chép dữ liệu sang tệp mẫu mới rồi tải lên lại."
    ]
    assert stored(settings) == []


def _csv(user, camp):
    return "Họ và tên,Đối tượng\nNguyễn Văn An,Cá nhân\n".encode()


def _zip_bomb(user, camp):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _too_many_rows(user, camp):
    def fill(ws):
        for number in range(2, imports.MAX_ROWS + 3):
            ws.cell(row=number, column=1, value=f"Người {number}")

    return workbook_bytes(user, [], mutate=fill)


def _not_the_template(user, camp):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên", "Tuổi"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


REFUSED_FILES = {
    "renamed CSV": _csv,
    "password-protected": lambda user, camp: imports.OLE_MAGIC + b"\0" * 4096,
    "zip bomb": _zip_bomb,
    "file cut in half": lambda user, camp: workbook_bytes(user, [row(camp)])[:3000],
    "sheet cut in half": lambda user, camp: rewrite_member(
        workbook_bytes(user, [row(camp)]), "xl/worksheets/sheet1.xml", lambda d: d[:-200]
    ),
    "DTD": lambda user, camp: rewrite_member(
        workbook_bytes(user, [row(camp)]), "xl/worksheets/sheet1.xml", with_dtd
    ),
    "57 MB of shared strings": lambda user, camp: shared_strings_xlsx(57),
    "too many strings": lambda user, camp: shared_strings_xlsx(2, unique_block=64 * 1024),
    "merged cells": lambda user, camp: workbook_bytes(
        user, [row(camp), row(camp)], mutate=lambda ws: ws.merge_cells("L2:L3")
    ),
    "not the template": _not_the_template,
    "no row": lambda user, camp: workbook_bytes(user, []),
    "too many rows": _too_many_rows,
    "over 5 MB": lambda user, camp: b"PK\x03\x04" + b"\0" * (imports.MAX_UPLOAD_BYTES + 10),
}


@pytest.mark.parametrize("kind", list(REFUSED_FILES))
def test_nothing_stays_on_disk_after_a_refusal(client, officer, open_campaign, settings, kind):
    response = upload(client, officer, REFUSED_FILES[kind](officer, open_campaign))
    assert len(refusal(response)) == 1
    assert stored(settings) == []
    assert client.session.get(imports.SESSION_KEY, []) == []


def test_a_file_that_fails_at_the_preview_is_deleted(client, officer, open_campaign, settings):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = token_of(response)
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / f"{token}.xlsx"
    path.write_bytes(path.read_bytes()[:3000])  # damaged on disk after the upload
    preview = client.get(response["Location"], follow=True)
    assert preview.redirect_chain == [(reverse("reports-import"), 302)]
    assert [str(m) for m in preview.context["messages"]] == [DAMAGED]
    assert stored(settings) == []


def test_a_double_click_on_confirm_imports_once(
    client, officer, open_campaign, settings, monkeypatch
):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = token_of(response)
    url = reverse("reports-import-confirm", args=[token])
    real = dossiers.create_draft
    second = []

    def write_while_the_second_click_arrives(*args, **kwargs):
        if not second:  # the second request comes in while the first one is writing
            second.append(client.post(url, {"expected": 1}))
        return real(*args, **kwargs)

    monkeypatch.setattr(dossiers, "create_draft", write_while_the_second_click_arrives)
    first = client.post(url, {"expected": 1})
    assert (first.status_code, first["Location"]) == (302, DRAFTS)
    assert (second[0].status_code, second[0]["Location"]) == (302, DRAFTS)
    assert [str(m) for m in get_messages(second[0].wsgi_request)] == [ALREADY]
    assert list(Nomination.objects.values_list("nominee__full_name", flat=True)) == [
        "Nguyễn Văn An"
    ]
    assert Transition.objects.filter(action="import").count() == 1
    assert stored(settings) == [f"{token}.done"]
    # A third click, once all is done, is told the same and creates nothing.
    third = client.post(url, {"expected": 1}, follow=True)
    assert third.redirect_chain == [(DRAFTS, 302)]
    assert Nomination.objects.count() == 1


def test_the_back_button_after_an_import_says_it_was_imported(client, officer, open_campaign):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = token_of(response)
    client.post(reverse("reports-import-confirm", args=[token]), {"expected": 1}, follow=True)
    back = client.get(response["Location"], follow=True)
    assert back.redirect_chain == [(DRAFTS, 302)]
    assert [str(m) for m in back.context["messages"]] == [ALREADY]
    again = client.post(
        reverse("reports-import-confirm", args=[token]), {"expected": 1}, follow=True
    )
    assert [str(m) for m in again.context["messages"]] == [ALREADY]
    assert "Nguyễn Văn An" in again.content.decode()
    assert Nomination.objects.count() == 1


def test_a_refused_confirm_gives_the_file_back(client, officer, open_campaign, settings):
    response = upload(client, officer, workbook_bytes(officer, [row(open_campaign)]))
    token = token_of(response)
    url = reverse("reports-import-confirm", args=[token])
    missing = client.post(url, {}, follow=True)
    assert [str(m) for m in missing.context["messages"]] == ["Thiếu số dòng hợp lệ đã xem trước."]
    assert stored(settings) == [f"{token}.xlsx"]
    assert client.post(url, {"expected": 1})["Location"] == DRAFTS
    assert Nomination.objects.count() == 1
