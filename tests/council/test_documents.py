"""PDFs (decision, certificates, minutes) read back with pypdf, and the verification page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import Award

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Đình Tính", "Đoàn Thị Mai", "Ngô Thanh Thủy", "Nguyễn Thị Thu Hương"]
DAY = dt.date(2026, 11, 26)


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response) if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def issued(secretary, chairman, make_nomination, campaign, authority, base_salaries):
    from emulation.models import RegisterCounter

    RegisterCounter.objects.create(doc_type="QĐ", authority=authority, year=2026, last_number=124)
    noms = [make_nomination("recommended", name=name) for name in NAMES]
    return decisions.issue(decisions.draft(secretary, noms, campaign=campaign), chairman, today=DAY)


def test_decision_pdf_has_number_date_line_and_every_name(client, issued, secretary):
    client.force_login(secretary)
    text, pages = _text(client.get(reverse("decision-pdf", args=[issued.pk])))
    flat = _flat(text)
    assert "Số: 125/QĐ-UBND" in flat
    assert "Đống Đa, ngày 26 tháng 11 năm 2026" in flat
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in flat
    assert "Điều 1." in flat and "Điều 2." in flat and "Điều 3." in flat
    for name in NAMES:
        assert name in flat
    assert "760.000 ₫" in flat and "3.040.000 ₫" in flat  # each award and the total (2026)
    assert "Nơi nhận:" in flat and "Lê Tuấn Định" in flat


def test_draft_pdf_says_draft_and_has_no_number(
    client, secretary, make_nomination, campaign, authority, base_salaries
):
    draft = decisions.draft(
        secretary, [make_nomination("recommended", name="Đinh Công Sơn")], campaign=campaign
    )
    client.force_login(secretary)
    flat = _flat(_text(client.get(reverse("decision-pdf", args=[draft.pk])))[0])
    assert "DỰ THẢO" in flat and "Đinh Công Sơn" in flat
    assert re.search(r"Số: /QĐ-UBND", flat)


def test_certificates_one_landscape_page_per_award_with_code(client, issued, secretary):
    client.force_login(secretary)
    response = client.get(reverse("decision-certificates", args=[issued.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == len(NAMES)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    flat = _flat("\n".join(p.extract_text() for p in reader.pages))
    assert "GIẤY KHEN" in flat
    for award in Award.objects.filter(decision=issued):
        assert award.verification_code in flat
        assert award.nomination.nominee.full_name in flat
    assert "Quyết định số 125/QĐ-UBND" in flat
    assert "Đống Đa, ngày 26 tháng 11 năm 2026" in flat


def test_single_certificate_for_the_wards_officer_only(client, issued, officer, other_officer):
    award = Award.objects.filter(decision=issued).first()
    url = reverse("award-certificate", args=[award.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 404  # existence not revealed
    client.force_login(officer)
    flat = _flat(_text(client.get(url))[0])
    assert award.nomination.nominee.full_name in flat and award.verification_code in flat


def test_minutes_pdf_with_results(
    client, secretary, members, make_nomination, open_kind, authority
):
    nom = make_nomination("in_review", name="Võ Thị Ánh", award_kind=open_kind)
    meeting = council.create_meeting(
        secretary,
        held_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0)),
        place="Phòng họp tầng 3",
        members_present=members[:2],
        opinions={members[2]: "Nhất trí với tờ trình."},
    )
    council.add_to_agenda(meeting, [nom], secretary)
    council.cast_vote(meeting, nom.pk, members[0], "yes")
    council.cast_vote(meeting, nom.pk, members[1], "yes")
    council.close_with_minutes(
        meeting,
        secretary,
        started_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9, 5)),
        ended_at=timezone.make_aware(dt.datetime(2026, 11, 20, 10, 40)),
    )
    client.force_login(members[0])
    flat = _flat(_text(client.get(reverse("meeting-minutes", args=[meeting.pk])))[0])
    assert "BIÊN BẢN" in flat and "Đống Đa, ngày 20 tháng 11 năm 2026" in flat
    assert "Võ Thị Ánh" in flat and "2 / 0 / 0" in flat
    assert "Nhất trí với tờ trình." in flat


# --------------------------------------------------------------------------- verification


def test_verification_page_confirms_an_award(client, issued):
    award = Award.objects.filter(decision=issued).select_related("nomination__nominee").first()
    page = client.get(reverse("verify", args=[award.verification_code.lower()]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giấy khen hợp lệ." in html
    assert award.nomination.nominee.full_name in html
    assert "Số 125/QĐ-UBND ngày 26/11/2026" in html
    assert award.nomination.nominee.phone not in html  # nothing private


def test_verification_page_unknown_code(client, issued):
    page = client.get(reverse("verify", args=["ZZZZ9999"]))
    assert page.status_code == 404
    assert "Giấy khen với mã này không tồn tại." in page.content.decode()


def test_verification_of_a_draft_award_says_it_does_not_exist(
    client, secretary, authority, make_nomination, campaign
):
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    code = draft.awards.get().verification_code
    assert client.get(reverse("verify", args=[code])).status_code == 404


def test_verification_of_a_revoked_award(client, issued, secretary, chairman):
    revocation = decisions.draft_revocation(
        secretary, issued, ground="93.2.a", reason="Khai sai thành tích."
    )
    decisions.issue(revocation, chairman, today=DAY + dt.timedelta(days=5))
    award = Award.objects.filter(decision=issued).first()
    html = client.get(reverse("verify", args=[award.verification_code])).content.decode()
    assert "Khen thưởng này đã bị thu hồi theo Quyết định số 126/QĐ-UBND ngày 01/12/2026." in html
    assert "Giấy khen hợp lệ." not in html


def test_verify_form_redirects_to_the_code(client):
    response = client.get(reverse("verify-form"), {"code": " abcd2345 "})
    assert response.url == reverse("verify", args=["ABCD2345"])
    assert client.get(reverse("verify-form")).status_code == 200


def test_revocation_pdf(client, issued, secretary, chairman):
    revocation = decisions.draft_revocation(
        secretary, issued, ground="93.2.a", reason="Khai sai thành tích."
    )
    decisions.issue(revocation, chairman, today=DAY + dt.timedelta(days=5))
    client.force_login(secretary)
    flat = _flat(_text(client.get(reverse("decision-pdf", args=[revocation.pk])))[0])
    assert "Số: 126/QĐ-UBND" in flat and "Hủy bỏ Quyết định số 125/QĐ-UBND" in flat
    for name in NAMES:
        assert name in flat


def test_documents_stay_vietnamese_for_an_english_interface(client, issued, secretary):
    client.force_login(secretary)
    response = client.get(reverse("decision-pdf", args=[issued.pk]), HTTP_ACCEPT_LANGUAGE="en")
    flat = _flat(_text(response)[0])
    assert "Đống Đa, ngày 26 tháng 11 năm 2026" in flat and "Số: 125/QĐ-UBND" in flat
    assert issued.title.startswith("Về việc tặng Giấy khen cho 04 cá nhân")


def test_members_present_absent_and_voters_are_in_vietnamese_order(
    client, secretary, make_nomination, open_kind, authority
):
    """Was: by full name from the family name, code-point order ("Đặng …" after "Vũ …")."""
    from tests import factories

    names = [
        "Đặng Văn Đức",
        "Vũ Thị Ân",
        "Trần Văn Dung",
        "Bùi Thị Anh",
        "Lê Văn Bình",
        "Hoàng Thị Yến",
    ]
    people = {
        name: factories.UserFactory(username=f"tv{i}", role="member", full_name=name)
        for i, name in enumerate(names)
    }
    present = ["Đặng Văn Đức", "Vũ Thị Ân", "Trần Văn Dung", "Bùi Thị Anh"]
    nom = make_nomination("in_review", name="Võ Thị Ánh", award_kind=open_kind)
    meeting = council.create_meeting(
        secretary,
        held_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0)),
        place="Phòng họp tầng 3",
        members_present=[people[n] for n in present],
    )
    council.add_to_agenda(meeting, [nom], secretary)
    for name in present:
        council.cast_vote(meeting, nom.pk, people[name], "yes")
    council.close_meeting(meeting, secretary)
    given_first = ["Bùi Thị Anh", "Vũ Thị Ân", "Trần Văn Dung", "Đặng Văn Đức"]
    client.force_login(secretary)
    page = client.get(reverse("meeting-detail", args=[meeting.pk]))
    assert [m.full_name for m in page.context["present"]] == given_first
    casts = page.context["items"][0].open_casts
    assert [c.member.full_name for c in casts] == given_first
    flat = _flat(_text(client.get(reverse("meeting-minutes", args=[meeting.pk])))[0])
    assert "có mặt: 4 (Bùi Thị Anh, Vũ Thị Ân, Trần Văn Dung, Đặng Văn Đức)" in flat
    assert "Vắng mặt: Lê Văn Bình, Hoàng Thị Yến." in flat
