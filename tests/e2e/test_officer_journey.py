"""A ward officer in real Chromium: log in, file a dossier with a photo, save, submit, list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nominations.models import Nomination
from tests import factories
from tests.nominations.conftest import jpeg_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese browser (Chromium's default Accept-Language is English)."""
    return {**browser_context_args, "locale": "vi-VN"}


def test_officer_files_and_submits_a_dossier(
    page, live_server, login, officer, authority, tmp_path
):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    photo = tmp_path / "chan-dung.jpg"
    photo.write_bytes(jpeg_bytes((800, 1000)))

    login("catlinh")
    page.get_by_test_id("new-nomination").click()
    page.get_by_label("Người tốt, việc tốt").check()
    page.get_by_label("Cá nhân").check()
    page.get_by_test_id("start-next").click()

    page.get_by_label("Họ và tên").fill("Nguyễn Thị Thu Hương")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Năm sinh").fill("1978")
    page.get_by_label("Chức vụ, nghề nghiệp").fill("Giáo viên tiểu học")
    page.get_by_label("Nơi công tác / tổ dân phố").fill("Trường tiểu học Phương Liên")
    page.get_by_label("Hình thức đề nghị").select_option(label=campaign.award_kinds.first().name)
    page.get_by_label("Lĩnh vực").select_option("education")
    page.get_by_label("Tóm tắt thành tích (công khai)").fill(
        "Gói bánh trung thu gửi trẻ em Hà Giang, dạy kèm miễn phí."
    )
    page.get_by_label("Báo cáo thành tích").fill("Nhiều năm liền dạy kèm miễn phí cho học sinh.")
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.get_by_test_id("save-draft").click()

    page.wait_for_url(f"{live_server.url}/can-bo/ho-so/*/")
    assert page.get_by_test_id("nominee-name").inner_text() == "Nguyễn Thị Thu Hương"
    assert page.get_by_test_id("state").inner_text() == "Bản nháp"
    nom = Nomination.objects.get()
    assert nom.photo_thumb.name

    # A regular-procedure dossier carries the unit's own review (biên bản họp xét) before it
    # can be submitted: typed on its page, then shown on the dossier.
    page.get_by_test_id("edit-unit-review").click()
    page.get_by_label("Ngày họp xét").fill(timezone.localdate().isoformat())
    page.get_by_label("Số người dự họp").fill("9")
    page.get_by_label("Số phiếu đồng ý").fill("8")
    page.get_by_label("Tổng số phiếu").fill("9")
    page.get_by_test_id("unit-review-form").get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server.url}/can-bo/ho-so/{nom.pk}/")
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert (
        page.get_by_test_id("unit-review")
        .inner_text()
        .startswith(f"Họp ngày {today}; 9 người dự; 8/9 phiếu đồng ý.")
    )

    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("state").inner_text() == "Đã nộp"

    page.goto(f"{live_server.url}/can-bo/ho-so/")
    row = page.get_by_test_id("row").filter(has_text="Nguyễn Thị Thu Hương")
    assert row.count() == 1
    assert row.get_by_test_id("state").inner_text() == "Đã nộp"
    assert Nomination.objects.get().state == "submitted"
