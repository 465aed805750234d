"""The ward's submission batches and their tờ trình: numbered from the ward's register,
frozen at submission, listing exactly the batch, read back from the stored PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import RegisterEntry
from nominations import workflow
from nominations.dossiers import cover_letter
from nominations.models import SubmissionBatch
from nominations.models.storage import private_storage
from tests import factories

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    flat = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", flat)


@pytest.fixture
def head(ward):
    ward.head_name = "Phạm Văn Hùng"
    ward.save()
    return ward


@pytest.fixture
def campaign(db):
    return factories.CampaignFactory(
        name="Người tốt, việc tốt",
        opens_on=dt.date(2026, 1, 1),
        deadline=dt.date(2027, 12, 31),
        closes_on=dt.date(2028, 3, 31),
    )


def _nom(officer, campaign, name, **extra):
    return factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name=name, **extra
    )


def test_a_batch_lists_only_its_dossiers_with_the_registers_number(
    officer, other_officer, campaign, authority, head
):
    first = cover_letter.submit_batch(officer, [_nom(officer, campaign, "Nguyễn Đình Tính")])
    tinh_again = _nom(officer, campaign, "Lê Thị Hoa")
    mai = _nom(officer, campaign, "Đoàn Thị Mai")
    second = cover_letter.submit_batch(officer, [tinh_again, mai])
    foreign = cover_letter.submit_batch(
        other_officer, [_nom(other_officer, campaign, "Phường Khác")]
    )
    assert (first.reference, second.reference, foreign.reference) == (
        "01/TTr-UBND",
        "02/TTr-UBND",
        "01/TTr-UBND",  # the other ward's own register
    )
    assert [i.nomination.nominee.full_name for i in second.items.all()] == [
        "Lê Thị Hoa",
        "Đoàn Thị Mai",
    ]  # Vietnamese order: Hoa, Mai
    entry = RegisterEntry.objects.get(pk=second.register_entry_id)
    assert (entry.unit, entry.doc_type, entry.number, entry.signer_name) == (
        officer.ward,
        "TTr",
        2,
        "Phạm Văn Hùng",
    )
    mai.refresh_from_db()
    assert (mai.state, mai.cover_letter_number) == ("submitted", "02/TTr-UBND")
    text = _text(cover_letter.stored_pdf(second))
    assert "Số: 02/TTr-UBND" in text
    assert "Lê Thị Hoa" in text and "Đoàn Thị Mai" in text
    assert "Nguyễn Đình Tính" not in text and "Phường Khác" not in text


def test_the_letter_reads_as_a_to_trinh(officer, campaign, authority, head):
    nom = _nom(officer, campaign, "Nguyễn Thu Hà", unit_review_on=dt.date(2026, 3, 2))
    with time_machine.travel("2026-03-05 09:00 +07:00", tick=False):
        batch = cover_letter.submit_batch(officer, [nom])
    text = _text(cover_letter.stored_pdf(batch))
    assert "ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG CÁT LINH" in text
    assert "Số: 01/TTr-UBND" in text
    assert "Đống Đa, ngày 05 tháng 3 năm 2026" in text  # the authority's place (docs1 merge)
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân quận Đống Đa" in text
    assert (
        "Căn cứ Biên bản họp xét thi đua, khen thưởng của Ủy ban nhân dân phường Cát Linh "
        "ngày 02/03/2026." in text
    )
    assert "8/9 phiếu đồng ý" in text
    assert "Kính đề nghị Chủ tịch Ủy ban nhân dân quận Đống Đa xem xét, quyết định./." in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Phạm Văn Hùng" in text


def test_downloads_serve_the_stored_file_not_a_new_rendering(
    client, officer, campaign, authority, head
):
    with time_machine.travel("2026-03-05 09:00 +07:00", tick=False):
        batch = cover_letter.submit_batch(officer, [_nom(officer, campaign, "Nguyễn Thu Hà")])
    stored = cover_letter.stored_pdf(batch)
    head.head_name = "Người Ký Khác"
    head.save()
    client.force_login(officer)
    with time_machine.travel("2026-04-20 09:00 +07:00", tick=False):
        response = client.get(reverse("cover-letter", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response.content == stored
    text = _text(response.content)
    assert "ngày 05 tháng 3 năm 2026" in text and "Phạm Văn Hùng" in text
    download = client.get(reverse("cover-letter", args=[batch.pk]), {"tai": "1"})
    assert download["Content-Disposition"].startswith("attachment;")
    assert "01-TTr-UBND" in download["Content-Disposition"]


def test_a_tampered_file_is_not_served(client, officer, campaign, authority, head):
    batch = cover_letter.submit_batch(officer, [_nom(officer, campaign, "Nguyễn Thu Hà")])
    with private_storage.open(batch.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7 forged")
    with pytest.raises(cover_letter.StoredFileAltered):
        cover_letter.stored_pdf(batch)


def test_an_awarded_man_is_not_proposed_again_in_a_later_batch(
    officer, secretary, campaign, authority, head
):
    early = _nom(officer, campaign, "Trần Văn Được")
    cover_letter.submit_batch(officer, [early])
    workflow.accept(early, secretary)
    later = cover_letter.submit_batch(officer, [_nom(officer, campaign, "Vũ Thị Sau")])
    text = _text(cover_letter.stored_pdf(later))
    assert "Vũ Thị Sau" in text and "Trần Văn Được" not in text


def test_resubmission_after_return_goes_in_a_new_batch(
    officer, secretary, campaign, authority, head
):
    nom = _nom(officer, campaign, "Nguyễn Thu Hà")
    first = cover_letter.submit_batch(officer, [nom])
    workflow.return_to_ward(nom, secretary, "Thiếu biên bản xét.")
    nom.refresh_from_db()
    second = cover_letter.submit_batch(officer, [nom])
    assert second.pk != first.pk and second.reference == "02/TTr-UBND"
    assert list(nom.batches.order_by("pk")) == [first, second]


def test_a_refused_dossier_refuses_the_batch_and_nothing_moves(officer, campaign, authority, head):
    good = _nom(officer, campaign, "Nguyễn Thu Hà")
    bad = _nom(officer, campaign, "Đỗ Văn Thiếu", unit_review_on=None)
    with pytest.raises(workflow.WorkflowError) as err:
        cover_letter.submit_batch(officer, [good, bad])
    assert err.value.message == (
        "Hồ sơ của Đỗ Văn Thiếu: Hồ sơ còn thiếu: ngày họp xét tại đơn vị."
    )
    good.refresh_from_db()
    assert good.state == "draft"
    assert not SubmissionBatch.objects.exists() and not RegisterEntry.objects.exists()


def test_one_campaign_per_letter(officer, campaign, authority, head):
    other = factories.CampaignFactory(name="Khác")
    with pytest.raises(workflow.WorkflowError) as err:
        cover_letter.submit_batch(
            officer, [_nom(officer, campaign, "A Một"), _nom(officer, other, "B Hai")]
        )
    assert err.value.message == (
        "Mỗi tờ trình chỉ trình hồ sơ của một phong trào; hãy chọn theo từng phong trào."
    )


def test_submit_button_makes_a_batch_of_one(client, officer, campaign, authority, head):
    nom = _nom(officer, campaign, "Nguyễn Thu Hà")
    client.force_login(officer)
    page = client.post(reverse("nomination-submit", args=[nom.pk]), follow=True)
    assert (
        "Đã nộp 1 hồ sơ lên Hội đồng Thi đua - Khen thưởng, kèm Tờ trình số 01/TTr-UBND."
        in page.content.decode()
    )
    assert SubmissionBatch.objects.get().items.get().nomination == nom


def test_ticked_dossiers_go_in_one_batch_once(client, officer, campaign, authority, head):
    a, b = _nom(officer, campaign, "Lê Thị Hoa"), _nom(officer, campaign, "Đoàn Thị Mai")
    client.force_login(officer)
    listing = client.get(reverse("nomination-list")).content.decode()
    token = re.search(r'name="once" value="([^"]+)"', listing)
    data = {"nominations": [a.pk, b.pk]}
    if token:
        data["once"] = token.group(1)
    page = client.post(reverse("batch-submit"), data, follow=True)
    html = page.content.decode()
    assert "kèm Tờ trình số 01/TTr-UBND" in html
    assert 'data-testid="batch-row"' in html and "01/TTr-UBND" in html
    again = client.post(reverse("batch-submit"), data, follow=True)
    assert again.status_code == 200
    assert SubmissionBatch.objects.count() == 1


def test_another_wards_dossier_cannot_be_ticked_in(
    client, officer, other_officer, campaign, authority, head
):
    foreign = _nom(other_officer, campaign, "Phường Khác")
    client.force_login(officer)
    page = client.post(reverse("batch-submit"), {"nominations": [foreign.pk]}, follow=True)
    assert "Chưa chọn hồ sơ nào để trình." in page.content.decode()
    foreign.refresh_from_db()
    assert foreign.state == "draft"


def test_another_wards_letter_is_404_and_roles_are_checked(
    client, officer, other_officer, secretary, campaign, authority, head
):
    batch = cover_letter.submit_batch(officer, [_nom(officer, campaign, "Nguyễn Thu Hà")])
    url = reverse("cover-letter", args=[batch.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_batch_list_in_constant_queries(
    client, officer, campaign, authority, head, django_assert_max_num_queries
):
    for i in range(3):
        cover_letter.submit_batch(officer, [_nom(officer, campaign, f"Người Số {i}")])
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("batch-list"), {"campaign": campaign.pk})
    html = page.content.decode()
    assert html.count('data-testid="batch-row"') == 3
    assert "03/TTr-UBND" in html
