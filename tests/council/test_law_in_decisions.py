"""A decision's "Căn cứ" lines and its money article (Điều 2) come from the law in force on
its date (campaigns.law), for its authority's level."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import LegalText
from nominations.decisions import services as decisions

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Đình Tính", "Đoàn Thị Mai"]
DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
    "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
    "thi hành một số điều của Luật Thi đua, khen thưởng;"
)


def _pdf_text(client, decision) -> str:
    response = client.get(reverse("decision-pdf", args=[decision.pk]))
    body = b"".join(response) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def noms(make_nomination, authority, base_salaries):
    return [make_nomination("recommended", name=name) for name in NAMES]


def test_a_draft_cites_the_texts_in_force_today(secretary, noms, campaign):
    draft = decisions.draft(secretary, noms, campaign=campaign)
    assert DECREE_152 in draft.legal_bases.splitlines()
    assert "98/2023" not in draft.legal_bases
    assert draft.legal_bases.splitlines()[-1] == "Xét đề nghị của Hội đồng Thi đua - Khen thưởng."


def test_issued_pdf_money_article_after_1_7_2026(client, secretary, chairman, noms, campaign):
    issued = decisions.issue(
        decisions.draft(secretary, noms, campaign=campaign), chairman, today=dt.date(2026, 11, 26)
    )
    client.force_login(secretary)
    flat = _pdf_text(client, issued)
    # The last căn cứ ends with "." in print (Nghị định 30/2020/NĐ-CP), then the proposal.
    assert DECREE_152.removesuffix(";") + ". Xét đề nghị" in flat
    assert (
        "Điều 2. Tiền thưởng theo quy định tại Điều 54 Nghị định số 152/2025/NĐ-CP ngày 14 "
        "tháng 6 năm 2025 của Chính phủ"
    ) in flat
    assert (
        "tính trên mức lương cơ sở 2.530.000 đồng (Nghị định số 161/2026/NĐ-CP ngày 15 tháng 5 "
        "năm 2026 của Chính phủ): Giấy khen của Chủ tịch UBND quận (cá nhân) 760.000 đồng. "
        "Tổng số tiền: 1.520.000 đồng (Một triệu năm trăm hai mươi nghìn đồng), từ nguồn Quỹ "
        "Thi đua, khen thưởng của quận Đống Đa."  # lower case in running text
    ) in flat
    assert "98/2023" not in flat


def test_a_decision_signed_before_the_reform_cites_decree_98(
    client, secretary, chairman, noms, campaign
):
    draft = decisions.draft(secretary, noms, campaign=campaign)
    draft.created_at = dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)  # drafted then …
    draft.legal_bases = decisions.default_legal_bases(draft.authority, dt.date(2025, 6, 2))
    draft.save()
    issued = decisions.issue(draft, chairman, today=dt.date(2025, 6, 20))  # … signed before 1/7
    assert (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
    ) in issued.legal_bases.splitlines()
    client.force_login(secretary)
    flat = _pdf_text(client, issued)
    assert "Điều 54 Nghị định số 98/2023/NĐ-CP" in flat
    assert "mức lương cơ sở 2.340.000 đồng" in flat and "710.000 đồng" in flat
    assert "Tổng số tiền: 1.420.000 đồng (Một triệu bốn trăm hai mươi nghìn đồng)" in flat


def test_untouched_bases_follow_the_law_of_the_signing_day(secretary, chairman, noms, campaign):
    """Drafted before 01/7/2025, signed after: the lines as drafted give way to those in force."""
    draft = decisions.draft(secretary, noms, campaign=campaign)
    draft.created_at = dt.datetime(2025, 6, 25, 9, tzinfo=dt.UTC)
    draft.legal_bases = decisions.default_legal_bases(draft.authority, dt.date(2025, 6, 25))
    draft.save()
    issued = decisions.issue(draft, chairman, today=dt.date(2026, 11, 26))
    assert DECREE_152 in issued.legal_bases.splitlines()
    assert "98/2023" not in issued.legal_bases


def test_bases_edited_by_hand_are_kept(secretary, chairman, noms, campaign):
    draft = decisions.draft(secretary, noms, campaign=campaign, legal_bases="Căn cứ riêng.")
    issued = decisions.issue(draft, chairman, today=dt.date(2026, 11, 26))
    assert issued.legal_bases == "Căn cứ riêng."


def test_an_administrators_new_text_is_cited_from_its_first_day(
    secretary, chairman, noms, campaign
):
    LegalText.objects.filter(number="152/2025/NĐ-CP").update(in_force_until=dt.date(2026, 11, 1))
    LegalText.objects.create(
        kind="Nghị định",
        number="200/2026/NĐ-CP",
        signed_on=dt.date(2026, 9, 15),
        issuer="Chính phủ",
        subject="quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
        in_force_from=dt.date(2026, 11, 1),
        governs_money=True,
        money_article="Điều 50",
        order=30,
    )
    draft = decisions.draft(secretary, noms, campaign=campaign)
    assert "152/2025" not in draft.legal_bases
    assert (
        "Căn cứ Nghị định số 200/2026/NĐ-CP ngày 15 tháng 9 năm 2026 của Chính phủ quy định chi "
        "tiết một số điều của Luật Thi đua, khen thưởng;"
    ) in draft.legal_bases.splitlines()
    lines, _total = decisions.preview(draft)
    money = decisions.decision_money_article(draft, lines)
    assert money.basis.startswith("Điều 50 Nghị định số 200/2026/NĐ-CP")


def test_draft_form_offers_the_bases_in_force(client, secretary, noms, campaign):
    client.force_login(secretary)
    page = client.get(reverse("decision-create") + f"?campaign={campaign.pk}").content.decode()
    assert "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in page
