"""The decision and the certificates as Nghị định 30/2020/NĐ-CP and the issue (#13, "The
documents") want them, read back from the PDFs with pypdf: place line, leading zeros, trích
yếu and Điều 1, căn cứ punctuation, "./.", annex parts and guide line, signer block,
certificates' artefact, honorific and achievement line, pre-printed blanks, labels from the
authority's configuration.

``THIDUA_PDF_DIR=/some/dir`` keeps every PDF these tests read, to look at.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import RegisterCounter
from nominations.decisions import documents
from nominations.decisions import services as decisions
from nominations.models import Award
from tests import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 10, 15)


def _pdf(response, name: str) -> tuple[str, list[str]]:
    """(the whole text flattened, each page's text)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response) if response.streaming else response.content
    if folder := os.environ.get("THIDUA_PDF_DIR"):
        Path(folder, name).write_bytes(content)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    return re.sub(r"\s+", " ", " ".join(pages)), pages


@pytest.fixture
def people(make_nomination, ward, campaign):
    """Five individuals (a man, a woman, a boy of 15, a woman of unknown age, a man of
    unknown gender), one collective, one household: every honorific."""
    individuals = [
        make_nomination("recommended", name="Nguyễn Đình Tính", nominee__gender="male"),
        make_nomination("recommended", name="Đoàn Thị Mai", nominee__gender="female"),
        make_nomination(
            "recommended", name="Trần Minh Khôi", nominee__gender="male", nominee__birth_year=2011
        ),
        make_nomination(
            "recommended", name="Ngô Thanh Thủy", nominee__gender="female", nominee__birth_year=None
        ),
        make_nomination("recommended", name="Lê Văn Phúc", nominee__gender=""),
    ]
    collective = make_nomination(
        "recommended", name="Tổ dân phố số 3", nominee__kind="collective", nominee__gender=""
    )
    household = make_nomination(
        "recommended", name="Phạm Văn Hùng", nominee__kind="household", nominee__gender="male"
    )
    return [*individuals, collective, household]


@pytest.fixture
def issued(secretary, chairman, people, campaign, authority, base_salaries):
    RegisterCounter.objects.create(authority=authority, year=2026, doc_type="QĐ", last_number=4)
    draft = decisions.draft(secretary, people, campaign=campaign)
    return decisions.issue(draft, chairman, today=DAY)


# --------------------------------------------------------------------------- the decision


def test_decision_header_place_line_number_and_signer(client, issued, secretary, campaign):
    client.force_login(secretary)
    flat, pages = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "decision.pdf")
    assert "Số: 05/QĐ-UBND" in flat  # leading zero
    assert "Đống Đa, ngày 15 tháng 10 năm 2026" in flat  # the issuer's own unit, not "Hà Nội"
    assert "Hà Nội, ngày" not in flat
    assert "ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA" in flat
    # Số and the place line share one line of the header.
    assert re.search(r"Số: 05/QĐ-UBND\s*Đống Đa, ngày 15 tháng 10 năm 2026", pages[0])
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Tuấn Định" in flat
    assert issued.title == (
        "Về việc tặng Giấy khen cho 05 cá nhân, 01 tập thể và 01 hộ gia đình có thành tích "
        f"trong phong trào thi đua “{campaign.name}” năm {campaign.year}"
    )
    assert issued.title in flat


def test_decision_articles_bases_and_end_mark(client, issued, secretary, campaign):
    client.force_login(secretary)
    flat, pages = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "decision.pdf")
    assert (
        "Điều 1. Tặng Giấy khen của Chủ tịch UBND quận cho 05 cá nhân, 01 tập thể và 01 hộ gia "
        f"đình đã có thành tích xuất sắc trong phong trào thi đua “{campaign.name}” năm "
        f"{campaign.year} (có danh sách kèm theo)."
    ) in flat
    # The last căn cứ ends with ".", the others with ";", then the proposal.
    # (Nghị định 152/2025 as the law data words it since the law merge.)
    assert (
        "; Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng "
        "dẫn thi hành một số điều của Luật Thi đua, khen thưởng. Xét đề nghị"
    ) in flat
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in flat
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng." in flat
    assert "chịu trách nhiệm thi hành Quyết định này./." in flat
    assert "Quỹ Thi đua, khen thưởng của quận Đống Đa." in flat  # lower case in running text
    assert "Chủ tịch Ủy ban nhân dân các phường có liên quan" in flat
    assert "1" not in pages[0].splitlines()  # no page number on page 1
    assert "2" in pages[1].splitlines()  # page numbers from page 2


def test_annex_in_parts_with_its_guide_line(client, issued, secretary):
    client.force_login(secretary)
    flat, pages = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "decision.pdf")
    annex = re.sub(r"\s+", " ", " ".join(pages[1:]))
    assert (
        "(Kèm theo Quyết định số 05/QĐ-UBND ngày 15 tháng 10 năm 2026 của Chủ tịch Ủy ban "
        "nhân dân quận Đống Đa)"
    ) in annex
    first, second, third = (annex.index(p) for p in ("I Cá nhân", "II Tập thể", "III Hộ gia đình"))
    assert first < second < third
    assert annex.index("Nguyễn Đình Tính") < second < annex.index("Tổ dân phố số 3") < third
    assert annex.index("Phạm Văn Hùng") > third
    assert "phường Cát Linh" in annex


def test_deputy_signs_under_the_collective(
    client, secretary, make_nomination, campaign, authority, base_salaries
):
    deputy = factories.UserFactory(
        username="phochutich", role="deputy", full_name="Nguyễn Thanh Bình"
    )
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    issued = decisions.issue(draft, deputy, today=DAY)
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "deputy.pdf")
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thanh Bình" in flat


def test_draft_guide_line_and_place_line_leave_blanks(
    client, secretary, make_nomination, campaign, authority
):
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-pdf", args=[draft.pk])), "draft.pdf")
    assert re.search(r"Đống Đa, ngày tháng năm \d{4}", flat)
    assert re.search(r"\(Kèm theo Quyết định số /QĐ-UBND ngày tháng năm \d{4} của Chủ tịch", flat)
    assert draft.title.startswith("Về việc tặng Giấy khen cho 01 cá nhân có thành tích")


def test_a_title_is_conferred_in_article_one_and_the_title(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries, title_kind
):
    campaign.award_kinds.add(title_kind)
    noms = [
        make_nomination("recommended", name=f"Người Số {i}", award_kind=title_kind)
        for i in range(1, 3)
    ]
    issued = decisions.issue(decisions.draft(secretary, noms, campaign=campaign), chairman, DAY)
    assert issued.title.startswith(
        "Về việc công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân có thành tích"
    )
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "title.pdf")
    assert "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân đã có" in flat


# --------------------------------------------------------------------------- certificates


def test_certificates_honorific_achievement_and_footer(client, issued, secretary, campaign):
    client.force_login(secretary)
    flat, pages = _pdf(
        client.get(reverse("decision-certificates", args=[issued.pk])), "certificates.pdf"
    )
    by_name = {}
    for page in pages:
        for award in Award.objects.filter(decision=issued):
            if award.awardee_name in page:
                by_name[award.awardee_name] = re.sub(r"\s+", " ", page)
    assert len(by_name) == 7
    expected = {
        "Nguyễn Đình Tính": "Ông Nguyễn Đình Tính",
        "Đoàn Thị Mai": "Bà Đoàn Thị Mai",
        "Trần Minh Khôi": "Em Trần Minh Khôi",
        "Ngô Thanh Thủy": "Bà Ngô Thanh Thủy",
        "Tổ dân phố số 3": "Tập thể Tổ dân phố số 3",
        "Phạm Văn Hùng": "Hộ gia đình ông Phạm Văn Hùng",
    }
    for name, line in expected.items():
        assert line in by_name[name], name
    assert "Ông Lê Văn Phúc" not in by_name["Lê Văn Phúc"]
    assert "Bà Lê Văn Phúc" not in by_name["Lê Văn Phúc"]
    page = by_name["Nguyễn Đình Tính"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA TẶNG GIẤY KHEN" in page
    assert (
        f"Đã có thành tích xuất sắc trong phong trào thi đua “{campaign.name}” năm {campaign.year}."
    ) in page
    assert "Nhiều năm vận động bà con" not in flat  # never the public summary
    award = Award.objects.get(decision=issued, awardee_name="Nguyễn Đình Tính")
    assert "Quyết định số 05/QĐ-UBND ngày 15/10/2026" in page
    assert f"Số vào sổ: {documents.register_number(award)}" in page
    assert re.fullmatch(r"05\.\d{2}/2026", documents.register_number(award))
    assert "Đống Đa, ngày 15 tháng 10 năm 2026" in page
    assert "TM. ỦY BAN NHÂN DÂN" not in page  # a certificate: the chairman's own title
    assert "CHỦ TỊCH Lê Tuấn Định" in page
    assert "testserver" in page and award.verification_code in page


def test_reviewed_achievement_line_is_printed_and_frozen(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    nom = make_nomination("recommended", name="Võ Thị Ánh", nominee__gender="female")
    nom.certificate_line = "đã dũng cảm cứu người bị đuối nước tại hồ Văn Chương;"
    nom.save()
    issued = decisions.issue(decisions.draft(secretary, [nom], campaign=campaign), chairman, DAY)
    nom.certificate_line = "Sửa sau khi ký."
    nom.save()
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-certificates", args=[issued.pk])), "line.pdf")
    assert "Bà Võ Thị Ánh" in flat
    assert "Đã dũng cảm cứu người bị đuối nước tại hồ Văn Chương." in flat
    assert "Sửa sau khi ký" not in flat


def test_a_title_prints_a_bang_chung_nhan(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries, title_kind
):
    campaign.award_kinds.add(title_kind)
    nom = make_nomination("recommended", name="Đỗ Văn Lâm", award_kind=title_kind)
    issued = decisions.issue(decisions.draft(secretary, [nom], campaign=campaign), chairman, DAY)
    assert issued.awards.get().artefact == "Bằng chứng nhận"
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-certificates", args=[issued.pk])), "bcn.pdf")
    assert "BẰNG CHỨNG NHẬN" in flat and "DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in flat
    assert "GIẤY KHEN" not in flat


def test_preprinted_blank_prints_the_text_only(client, issued, secretary):
    client.force_login(secretary)
    url = reverse("decision-certificates", args=[issued.pk]) + "?phoi=1"
    flat, pages = _pdf(client.get(url), "blank.pdf")
    assert len(pages) == 7
    assert "Ông Nguyễn Đình Tính" in flat and "Quyết định số 05/QĐ-UBND" in flat
    for preprinted in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TẶNG", "GIẤY KHEN"):
        assert preprinted not in flat


# --------------------------------------------------------------------------- configuration


def test_labels_come_from_the_authority(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    """A 2026 ward nominating from its residential groups."""
    authority.name = "Ủy ban nhân dân phường Văn Miếu - Quốc Tử Giám"
    authority.short_name = "Phường Văn Miếu - Quốc Tử Giám"
    authority.place = "Văn Miếu - Quốc Tử Giám"
    authority.level_label = "phường"
    authority.unit_label = "Tổ dân phố"
    authority.parent_name = ""
    authority.save()
    nom = make_nomination("recommended", name="Hà Văn Sơn")
    issued = decisions.issue(decisions.draft(secretary, [nom], campaign=campaign), chairman, DAY)
    authority.level_label, authority.unit_label = "quận", "Phường"
    authority.save()  # changed after signing: the issued documents keep the frozen labels
    assert issued.authority_council_name == (
        "Hội đồng Thi đua - Khen thưởng phường Văn Miếu - Quốc Tử Giám"
    )
    client.force_login(secretary)
    flat, _ = _pdf(client.get(reverse("decision-pdf", args=[issued.pk])), "ward.pdf")
    assert "Văn Miếu - Quốc Tử Giám, ngày 15 tháng 10 năm 2026" in flat
    assert "ỦY BAN NHÂN DÂN PHƯỜNG VĂN MIẾU - QUỐC TỬ GIÁM" in flat
    assert "Quỹ Thi đua, khen thưởng của phường Văn Miếu - Quốc Tử Giám." in flat
    assert "người đứng đầu các tổ dân phố có liên quan" in flat
    assert "tổ dân phố Cát Linh" in flat
    flat, _ = _pdf(client.get(reverse("decision-certificates", args=[issued.pk])), "ward-c.pdf")
    assert "tổ dân phố Cát Linh" in flat


def test_proposal_line_added_from_the_council_when_missing():
    bases = documents.legal_bases(
        "Căn cứ Luật A;\nCăn cứ Nghị định B,\n\n", "Hội đồng Thi đua - Khen thưởng quận Đống Đa"
    )
    assert bases.lines == ["Căn cứ Luật A;", "Căn cứ Nghị định B."]
    assert bases.proposal == "Theo đề nghị của Hội đồng Thi đua - Khen thưởng quận Đống Đa."


@pytest.mark.parametrize(
    ("kind", "gender", "birth_year", "name", "expected"),
    [
        ("individual", "male", 1970, "Nguyễn Văn An", "Ông"),
        ("individual", "female", 1970, "Trần Thị Bình", "Bà"),
        ("individual", "female", 2009, "Trần Thị Cúc", "Em"),  # 17 in 2026
        ("individual", "male", 2008, "Trần Văn Dũng", "Ông"),  # 18 in 2026
        ("individual", "", None, "Trần Dung", ""),
        ("collective", "", None, "Chi hội Phụ nữ", "Tập thể"),
        ("collective", "", None, "Tập thể Tổ dân phố số 1", ""),
        ("household", "female", None, "Lý Thị Hoa", "Hộ gia đình bà"),
        ("household", "", None, "Lý Văn Hải", "Hộ gia đình"),
        ("household", "male", None, "Hộ gia đình ông Lý Văn Hải", ""),
    ],
)
def test_honorific(kind, gender, birth_year, name, expected):
    nominee = factories.NomineeFactory.build(
        kind=kind, gender=gender, birth_year=birth_year, full_name=name
    )
    assert documents.honorific(nominee, DAY) == expected


def test_counts_take_leading_zeros():
    assert documents.counts_text(["individual"] * 12 + ["household"] * 3) == (
        "12 cá nhân và 03 hộ gia đình"
    )
    assert documents.counts_text(["collective"]) == "01 tập thể"


def test_the_certificate_heading_follows_the_kinds_artefact():
    kind = factories.AwardKindFactory.build(artefact="bang_chung_nhan")
    assert kind.certificate_heading == "Bằng chứng nhận"
    kind.artefact = "giay_khen"
    assert kind.certificate_heading == "Giấy khen"
    kind.artefact = "money_only"
    assert kind.certificate_heading == ""


def test_a_money_only_title_is_recognised_not_given():
    """Lao động tiên tiến hands over money only (artefact "" frozen): still a title."""
    from types import SimpleNamespace

    award = SimpleNamespace(
        awardee_kind="individual", award_kind_name="Lao động tiên tiến", artefact=""
    )
    assert documents.conferring("Lao động tiên tiến", "") == (
        "công nhận danh hiệu “Lao động tiên tiến”"
    )
    assert documents.default_title([award, award], None) == (
        "Về việc công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân có thành tích xuất "
        "sắc đột xuất"
    )
    assert documents.conferring("Giấy khen của Chủ tịch UBND quận", "Giấy khen") == (
        "tặng Giấy khen của Chủ tịch UBND quận"
    )


# --------------------------------------------------------------------------- data migrations


def test_migration_moves_the_place_line_to_the_issuers_own_unit(db):
    from django.apps import apps

    migration = importlib.import_module("emulation.migrations.0013_authority_labels")
    old = factories.AuthorityFactory(place="Hà Nội")  # parent "… thành phố Hà Nội"
    ward = factories.AuthorityFactory(
        name="Ủy ban nhân dân phường Láng",
        short_name="Phường Láng",
        parent_name="Ủy ban nhân dân thành phố Hà Nội",
        place="Hà Nội",
    )
    chosen = factories.AuthorityFactory(
        name="Ủy ban nhân dân huyện Ba Vì", short_name="Huyện Ba Vì", place="Tản Viên"
    )
    migration.place_is_own_unit(apps, None)
    for row in (old, ward, chosen):
        row.refresh_from_db()
    assert (old.place, old.level_label) == ("Đống Đa", "quận")
    assert (ward.place, ward.level_label) == ("Láng", "phường")
    assert chosen.place == "Tản Viên"  # configured on purpose: left alone


def test_migration_keeps_the_words_issued_certificates_printed(issued):
    from django.apps import apps

    award = Award.objects.filter(decision=issued).order_by("pk").first()
    Award.objects.filter(pk=award.pk).update(achievement="nhiều năm giữ gìn vệ sinh ngõ phố")
    Decision = apps.get_model("nominations", "Decision")
    Decision.objects.filter(pk=issued.pk).update(authority_unit_label="")
    migration = importlib.import_module("nominations.migrations.0014_certificate_fields")
    migration.keep_what_was_printed(apps, None)
    award.refresh_from_db()
    assert award.achievement == (
        "Đã có thành tích nhiều năm giữ gìn vệ sinh ngõ phố trong phong trào "
        f"“{award.campaign_name}”."
    )
    assert Decision.objects.get(pk=issued.pk).authority_unit_label == "Phường"
    untouched = Award.objects.exclude(pk=award.pk).filter(decision=issued).first()
    assert untouched.achievement.startswith("Đã có thành tích xuất sắc trong phong trào thi đua")


# --------------------------------------------------------------------------- the secretary's line


def test_secretary_reviews_the_certificate_line_on_the_dossier(
    client, secretary, member, officer, make_nomination, campaign
):
    nom = make_nomination("in_review", name="Võ Thị Ánh")
    url = reverse("dossier-certificate-line", args=[nom.pk])
    client.force_login(secretary)
    page = client.get(reverse("council-dossier", args=[nom.pk])).content.decode()
    default = (
        f"Đã có thành tích xuất sắc trong phong trào thi đua “{campaign.name}” năm {campaign.year}."
    )
    assert default.replace("“", "&ldquo;") in page or default in page
    assert "Nhiều năm vận động bà con" not in page.split('data-testid="certificate-line"')[1][:400]
    response = client.post(
        url, {"certificate_line": "  Đã cứu\u200b hai em nhỏ   bị đuối nước\r\n "}, follow=True
    )
    assert "Đã lưu thành tích ghi trên giấy khen." in response.content.decode()
    nom.refresh_from_db()
    assert nom.certificate_line == "Đã cứu hai em nhỏ bị đuối nước"
    assert documents.certificate_line(nom) == "Đã cứu hai em nhỏ bị đuối nước."
    response = client.post(url, {"certificate_line": "x" * 301}, follow=True)
    assert "Thành tích ghi trên giấy khen dài quá 300 ký tự." in response.content.decode()
    client.post(url, {"certificate_line": ""})
    nom.refresh_from_db()
    assert documents.certificate_line(nom) == default
    client.force_login(member)  # a council member sees the line but may not change it
    response = client.post(url, {"certificate_line": "Sửa lén"}, follow=True)
    assert (
        "Chỉ thư ký Hội đồng sửa được thành tích ghi trên giấy khen, khi hồ sơ còn đang được xét."
        in response.content.decode()
    )
    client.force_login(officer)
    assert client.post(url, {"certificate_line": "Sửa lén"}).status_code == 403
    nom.refresh_from_db()
    assert nom.certificate_line == ""


def test_certificate_line_is_closed_once_awarded(client, secretary, make_nomination):
    nom = make_nomination("awarded")
    client.force_login(secretary)
    response = client.post(
        reverse("dossier-certificate-line", args=[nom.pk]),
        {"certificate_line": "Muộn"},
        follow=True,
    )
    assert "khi hồ sơ còn đang được xét" in response.content.decode()
    page = client.get(reverse("council-dossier", args=[nom.pk])).content.decode()
    assert 'data-testid="save-certificate-line"' not in page


def test_pages_name_the_unit_as_configured(client, secretary, make_nomination, authority):
    make_nomination("submitted", name="Hà Văn Sơn")
    authority.unit_label = "Tổ dân phố"
    authority.save()
    client.force_login(secretary)
    html = client.get(reverse("review-queue")).content.decode()
    assert '<th scope="col" class="d-none d-md-table-cell">Tổ dân phố</th>' in html
    html = client.get(reverse("review-queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tổ dân phố</th>" not in html  # the configured label is Vietnamese only


def test_draft_form_words_the_title_from_the_ticked_dossiers(
    client, secretary, make_nomination, campaign, authority
):
    noms = [make_nomination("recommended", name=f"Người Số {i}") for i in range(1, 4)]
    client.force_login(secretary)
    url = reverse("decision-create") + f"?campaign={campaign.pk}"
    assert 'name="title" value=' not in client.get(url).content.decode()  # left blank
    client.post(url, {"campaign": campaign.pk, "nominations": [noms[0].pk, noms[2].pk]})
    from nominations.models import Decision

    assert Decision.objects.get().title == (
        f"Về việc tặng Giấy khen cho 02 cá nhân có thành tích trong phong trào thi đua "
        f"“{campaign.name}” năm {campaign.year}"
    )


def test_blank_positions_must_stay_on_the_sheet(authority):
    from django.core.exceptions import ValidationError

    authority.blank_name_top_mm = 250
    authority.blank_side_mm = 150
    with pytest.raises(ValidationError) as refused:
        authority.full_clean()
    assert refused.value.message_dict == {
        "blank_name_top_mm": ["Tờ A4 ngang cao 210 mm: nhập tối đa 200 mm."],
        "blank_side_mm": ["Lề không quá 120 mm: tờ A4 ngang rộng 297 mm."],
    }
