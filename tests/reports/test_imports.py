"""Excel import: template, preview, confirm in one transaction, and every bad input refused."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nominations.dossiers import services as dossiers
from nominations.models import Nomination, Transition
from nominations.reports import imports
from tests import factories

pytestmark = pytest.mark.django_db


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
    assert done.status_code == 302 and done["Location"] == reverse("nomination-list")
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
    # The stored file is gone and the token cannot be replayed.
    again = client.post(reverse("reports-import-confirm", args=[token]), {"expected": 2})
    assert again.status_code == 302 and again["Location"] == reverse("reports-import")
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
