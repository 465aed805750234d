"""The Excel import in a real browser: template download, upload, preview, confirm."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from nominations.models import Nomination
from nominations.reports import imports
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Vietnamese browser: the site follows Accept-Language since the English catalogue."""
    return {**browser_context_args, "locale": "vi-VN"}


def filled_template(user, campaign) -> bytes:
    wb = imports.build_template(user)
    ws = wb[imports.DATA_SHEET]
    keys = [c.key for c in imports.columns()]
    rows = [
        {
            "full_name": "Nguyễn Văn An",
            "kind": "Cá nhân",
            "gender": "Nam",
            "birth_year": 1980,
            "position": "Tổ trưởng",
            "campaign": f"{campaign.name} ({campaign.opens_on:%Y})",
            "procedure": "Thủ tục thông thường",
            "consent_public": "Có",
        },
        {
            "full_name": "Trần Thị Bình",
            "kind": "Cá nhân",
            "gender": "Nữ",
            "birth_year": 1985,
            "campaign": f"{campaign.name} ({campaign.opens_on:%Y})",
            "ward": "Thịnh Quang",
            "consent_public": "Không",
        },
    ]
    for number, values in enumerate(rows, start=2):
        for index, key in enumerate(keys, start=1):
            if key in values:
                ws.cell(row=number, column=index, value=values[key])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_officer_imports_from_excel_preview_then_confirm(
    page, live_server, login, officer, authority
):
    campaign = factories.CampaignFactory(
        name="Người tốt, việc tốt", award_kinds=[factories.AwardKindFactory()]
    )
    login("catlinh")
    page.goto(f"{live_server.url}/bao-cao/")
    page.get_by_test_id("import-link").click()
    assert page.locator("h1").inner_text() == "Nhập hồ sơ từ Excel"

    with page.expect_download() as download_info:
        page.get_by_test_id("import-template").click()
    template = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    assert template.sheetnames == ["Hồ sơ", "Danh mục", "Hướng dẫn"]

    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "ho-so.xlsx",
                "buffer": filled_template(officer, campaign),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ],
    )
    page.get_by_test_id("import-upload").click()
    page.wait_for_url("**/bao-cao/nhap-excel/*/")
    assert (
        page.get_by_test_id("import-summary")
        .inner_text()
        .startswith("1 dòng hợp lệ, 1 dòng có lỗi.")
    )
    invalid = page.get_by_test_id("invalid-rows").locator("tbody tr")
    assert invalid.count() == 1
    assert invalid.first.locator("td").first.inner_text() == "3"
    assert "không phải phường của bạn" in invalid.first.inner_text()
    assert page.get_by_test_id("valid-rows").locator("tbody tr td").nth(1).inner_text() == (
        "Nguyễn Văn An"
    )
    assert Nomination.objects.count() == 0

    page.get_by_test_id("import-confirm").click()
    page.wait_for_url(f"{live_server.url}/can-bo/ho-so/?state=draft")
    assert "Đã tạo 1 hồ sơ nháp từ tệp Excel" in page.locator(".alert-success").inner_text()
    assert list(Nomination.objects.values_list("nominee__full_name", "state", "ward__name")) == [
        ("Nguyễn Văn An", "draft", "Cát Linh")
    ]
    # Back to the preview and confirm again: told it was imported, shown the drafts, no copy.
    page.go_back()
    if "/bao-cao/nhap-excel/" in page.url:  # the preview kept by the browser: confirm again
        page.get_by_test_id("import-confirm").click()
    page.wait_for_url(f"{live_server.url}/can-bo/ho-so/?state=draft")
    expect(page.locator(".alert-info")).to_contain_text("Tệp này đã được nhập")
    expect(page.get_by_test_id("row")).to_have_count(1)
    assert Nomination.objects.count() == 1


def test_bad_file_is_refused_next_to_the_field(page, live_server, login, officer, authority):
    login("catlinh")
    page.goto(f"{live_server.url}/bao-cao/nhap-excel/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "ho-so.xlsx",
                "buffer": "Họ và tên,Đối tượng\nAn,Cá nhân\n".encode(),
                "mimeType": "text/csv",
            }
        ],
    )
    page.get_by_test_id("import-upload").click()
    feedback = page.locator(".invalid-feedback, .text-danger").first
    assert "không phải là tệp Excel .xlsx" in feedback.inner_text()
    assert Nomination.objects.count() == 0
