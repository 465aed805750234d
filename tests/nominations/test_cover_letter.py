"""The ward's cover letter (tờ trình): who is listed, its number, the PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from nominations import workflow
from nominations.dossiers import cover_letter
from tests import factories

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_lists_submitted_nominees_only_of_the_ward(officer, other_officer, secretary, authority):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    sent = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Nguyễn Đình Tính"
    )
    workflow.submit(sent, officer)
    also = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Đoàn Thị Mai"
    )
    workflow.submit(also, officer)
    workflow.accept(also, secretary)
    factories.NominationFactory(ward=officer.ward, campaign=campaign, nominee__full_name="Bản Nháp")
    factories.NominationFactory(
        ward=officer.ward, campaign=campaign, state="withdrawn", nominee__full_name="Đã Rút"
    )
    foreign = factories.NominationFactory(
        ward=other_officer.ward, campaign=campaign, nominee__full_name="Phường Khác"
    )
    workflow.submit(foreign, other_officer)
    letter = cover_letter.build(officer.ward, campaign)
    assert [n.nominee.full_name for n in letter.nominations] == [
        "Đoàn Thị Mai",
        "Nguyễn Đình Tính",
    ]  # Vietnamese order: Mai, Tính
    assert letter.reference == "01/TTr-UBND"


def test_numbers_per_ward_per_year_in_order_of_first_submission(officer, other_officer, authority):
    first, second = factories.CampaignFactory(), factories.CampaignFactory()
    a = factories.NominationFactory(ward=officer.ward, campaign=second)
    workflow.submit(a, officer)
    b = factories.NominationFactory(ward=officer.ward, campaign=first)
    workflow.submit(b, officer)
    c = factories.NominationFactory(ward=other_officer.ward, campaign=first)
    workflow.submit(c, other_officer)
    assert cover_letter.number_for(officer.ward, second)[0] == 1
    assert cover_letter.number_for(officer.ward, first)[0] == 2
    assert cover_letter.number_for(other_officer.ward, first)[0] == 1
    # A later submission to the first campaign keeps its number.
    d = factories.NominationFactory(ward=officer.ward, campaign=second)
    workflow.submit(d, officer)
    assert cover_letter.number_for(officer.ward, second)[0] == 1
    assert cover_letter.number_for(officer.ward, factories.CampaignFactory()) == (None, None)


def test_pdf_view(client, officer, authority):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Nguyễn Thu Hà"
    )
    workflow.submit(nom, officer)
    client.force_login(officer)
    response = client.get(reverse("cover-letter", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    download = client.get(reverse("cover-letter", args=[campaign.pk]), {"tai": "1"})
    assert download["Content-Disposition"].startswith("attachment;")
    listing = client.get(reverse("nomination-list"), {"campaign": campaign.pk})
    assert 'data-testid="cover-letter-download"' in listing.content.decode()
    text = _text(response.content)
    assert "Số: 01/TTr-UBND" in text
    assert "TỜ TRÌNH" in text
    assert "Nguyễn Thu Hà" in text
    assert "Cát Linh" in text.replace("\n", " ")
    assert "Hội đồng Thi đua - Khen thưởng" in text.replace("\n", " ")


def test_pdf_refused_without_submissions_and_for_other_roles(client, officer, secretary, authority):
    campaign = factories.CampaignFactory()
    factories.NominationFactory(ward=officer.ward, campaign=campaign)  # only a draft
    client.force_login(officer)
    response = client.get(reverse("cover-letter", args=[campaign.pk]), follow=True)
    assert "Phường chưa nộp hồ sơ nào" in response.content.decode()
    client.force_login(secretary)
    assert client.get(reverse("cover-letter", args=[campaign.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("cover-letter", args=[campaign.pk])).status_code == 302
