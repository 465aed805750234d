"""Both demo profiles load and their documents render (issue #13, "Two levels of local
government"): the district model before 01/7/2025 by default, today's ward with
``--profile ward-2026``; the decision PDF and a certificate are read back as text."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import Authority, AuthorityLevel, User, Ward
from nominations.models import Award, Decision

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=io.StringIO())


def _pdf(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response) if response.streaming else response.content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"\s+", " ", text)


def _documents(client) -> tuple[str, str]:
    decision = Decision.objects.get()
    client.force_login(User.objects.get(username="thuky"))
    flat = _pdf(client.get(reverse("decision-pdf", args=[decision.pk])))
    certificates = _pdf(client.get(reverse("decision-certificates", args=[decision.pk])))
    return flat, certificates


def test_ward_2026_profile_loads_today_s_ward(client):
    _seed("--profile", "ward-2026")
    authority = Authority.objects.get()
    assert (authority.name, authority.short_name, authority.place) == (
        "Ủy ban nhân dân phường Đống Đa",
        "Phường Đống Đa",
        "Đống Đa",
    )
    assert (authority.level, authority.level_label, authority.unit_label) == (
        AuthorityLevel.COMMUNE,
        "phường",
        "Đơn vị",
    )
    assert authority.is_current
    assert list(Ward.objects.values_list("name", flat=True)) == [
        "Hội Chữ thập đỏ phường Đống Đa",
        "Hội Cựu chiến binh phường Đống Đa",
        "Hội Liên hiệp Phụ nữ phường Đống Đa",
        "Tổ dân phố số 5",
        "Tổ dân phố số 10",
        "Tổ dân phố số 12",
        "Tổ dân phố số 21",
        "Trạm Y tế phường Đống Đa",
        "Trường Tiểu học Quang Trung",
    ]
    officers = dict(User.objects.filter(role="ward_officer").values_list("username", "ward__name"))
    assert officers == {
        "to5": "Tổ dân phố số 5",
        "to10": "Tổ dân phố số 10",
        "to12": "Tổ dân phố số 12",
        "tieuhoc": "Trường Tiểu học Quang Trung",
        "tramyte": "Trạm Y tế phường Đống Đa",
        "chuthapdo": "Hội Chữ thập đỏ phường Đống Đa",
    }
    decision = Decision.objects.get()
    assert (decision.reference, str(decision.decided_on)) == ("48/QĐ-UBND", "2026-07-20")
    assert decision.signer_name == "Nguyễn Văn A"  # a placeholder, no real official
    assert "152/2025/NĐ-CP" in decision.legal_bases  # the law in force for a ward in 2026
    assert "98/2023" not in decision.legal_bases
    # Decided 20/7/2026: 0.3 × 2,530,000 = 759,000 → 760,000 đồng.
    assert sorted(Award.objects.values_list("amount", flat=True)) == [760_000] * 5
    assert set(Award.objects.values_list("award_kind_name", flat=True)) == {
        "Giấy khen của Chủ tịch UBND phường"
    }

    flat, certificates = _documents(client)
    assert "ỦY BAN NHÂN DÂN PHƯỜNG ĐỐNG ĐA" in flat
    assert "Đống Đa, ngày 20 tháng 7 năm 2026" in flat
    assert "Theo đề nghị của Hội đồng Thi đua - Khen thưởng phường Đống Đa." in flat
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in flat
    # The units are named in full, under the generic label "Đơn vị".
    assert "Nguyễn Đình Tính Bí thư Chi bộ, Trưởng Ban công tác Mặt trận Tổ dân phố số 10 " in flat
    assert "Ngô Thanh Thủy Người dân, Tổ dân phố số 5 " in flat
    assert "Giấy khen của Chủ tịch UBND phường (cá nhân) 760.000 đồng" in flat
    assert "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường, " in flat
    assert "người đứng đầu các đơn vị có liên quan" in flat
    assert "Thường trực Đảng ủy phường" in flat
    assert "quận" not in flat.lower()
    assert "đơn vị tổ dân phố" not in (flat + certificates).lower()
    assert certificates.count("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ĐỐNG ĐA TẶNG GIẤY KHEN") == 5
    assert "Đống Đa, ngày 20 tháng 7 năm 2026" in certificates
    assert "Ông Nguyễn Đình Tính Bí thư Chi bộ, Trưởng Ban công tác Mặt trận Tổ dân phố số 10 " in (
        certificates
    )
    assert "Bà Nguyễn Thu Hà Chủ tịch Hội Chữ thập đỏ phường, Hội Chữ thập đỏ phường Đống Đa " in (
        certificates
    )
    assert "quận" not in certificates.lower()


def test_ward_2026_profile_is_idempotent():
    _seed("--profile", "ward-2026")
    counts = (Ward.objects.count(), User.objects.count(), Award.objects.count())
    _seed("--profile", "ward-2026")
    assert (Ward.objects.count(), User.objects.count(), Award.objects.count()) == counts
    assert counts == (9, 13, 5)


def test_district_profile_is_the_default_and_renders(client):
    _seed()
    authority = Authority.objects.get()
    assert (authority.name, authority.level, authority.level_label, authority.unit_label) == (
        "Ủy ban nhân dân quận Đống Đa",
        AuthorityLevel.DISTRICT,
        "quận",
        "Phường",
    )
    flat, certificates = _documents(client)
    assert "ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA" in flat
    assert "Đống Đa, ngày 15 tháng 10 năm 2026" in flat
    assert "phường Cát Linh" in flat
    assert "760.000" in flat
    assert "Chánh Văn phòng, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch, " in flat
    assert "Giấy khen của Chủ tịch UBND quận (cá nhân) 760.000 đồng" in flat
    assert certificates.count("CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA TẶNG GIẤY KHEN") == 5
    assert "phường Cát Linh" in certificates


@pytest.mark.parametrize(
    ("first", "second", "existing"),
    [
        ((), ("--profile", "ward-2026"), "Ủy ban nhân dân quận Đống Đa"),
        (("--profile", "ward-2026"), (), "Ủy ban nhân dân phường Đống Đa"),
    ],
)
def test_a_second_profile_needs_a_fresh_database(first, second, existing):
    _seed(*first)
    before = (Ward.objects.count(), User.objects.count())
    with pytest.raises(CommandError) as refused:
        _seed(*second)
    wanted = Authority.objects.exclude(name=existing).exists()
    assert not wanted
    assert str(refused.value).startswith(f"Cơ sở dữ liệu đã có cơ quan “{existing}”: ")
    assert (Ward.objects.count(), User.objects.count()) == before


def test_an_unknown_profile_is_refused():
    with pytest.raises(CommandError) as refused:
        _seed("--profile", "ward-2030")
    assert "invalid choice: 'ward-2030'" in str(refused.value)


@pytest.mark.parametrize(
    ("label", "name", "expected"),
    [
        ("Phường", "Cát Linh", "phường Cát Linh"),
        ("Tổ dân phố", "Hòa Bình", "tổ dân phố Hòa Bình"),
        ("Tổ dân phố", "Tổ dân phố số 5", "Tổ dân phố số 5"),
        ("Đơn vị", "Tổ dân phố số 5", "Tổ dân phố số 5"),
        ("Đơn vị", "Trạm Y tế phường Đống Đa", "Trạm Y tế phường Đống Đa"),
        ("Cơ quan", "Phòng Nội vụ", "Phòng Nội vụ"),
        ("", "Cát Linh", "Cát Linh"),
        ("Xã", "  Đông  Anh ", "xã Đông Anh"),
    ],
)
def test_unit_phrase(label, name, expected):
    from emulation.text import unit_phrase

    assert unit_phrase(label, name) == expected


@pytest.mark.parametrize(
    ("level_label", "expected"),
    [
        ("quận", "Chánh Văn phòng, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch"),
        (
            "phường",
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường, Trưởng phòng Văn hóa - "
            "Xã hội, Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
        ),
        (
            "xã",
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Trưởng phòng Văn hóa - "
            "Xã hội, Trưởng phòng Kinh tế",
        ),
    ],
)
def test_executing_offices_follow_the_level(level_label, expected):
    from nominations.decisions.documents import executing_offices

    assert executing_offices(level_label) == expected


def test_district_pages_carry_the_illustrative_note_and_the_ward_s_do_not(client):
    _seed()
    note = "Dữ liệu minh họa: mô hình quận trước ngày 01/7/2025."
    assert note in client.get(reverse("home")).content.decode()
    client.force_login(User.objects.get(username="catlinh"))
    page = client.get(reverse("staff-home")).content.decode()
    assert note in page
    assert "Hồ sơ của phường theo trạng thái" in page
    html = client.get(reverse("nomination-list")).content.decode()
    assert "Hồ sơ của phường Cát Linh</h1>" in html


def test_ward_pages_say_unit_and_no_district(client):
    _seed("--profile", "ward-2026")
    home = client.get(reverse("home")).content.decode()
    assert "Dữ liệu minh họa" not in home
    assert "đơn vị có gương sáng được tôn vinh" in home
    assert "quận" not in home.lower()
    client.force_login(User.objects.get(username="to5"))
    page = client.get(reverse("staff-home")).content.decode()
    assert "Dữ liệu minh họa" not in page
    assert "Hồ sơ của đơn vị theo trạng thái" in page
    html = client.get(reverse("nomination-list")).content.decode()
    assert "Hồ sơ của Tổ dân phố số 5</h1>" in html
    html = client.get(reverse("nomination-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dossiers of Tổ dân phố số 5</h1>" in html
    client.force_login(User.objects.get(username="thuky"))
    queue = client.get(reverse("review-queue")).content.decode()
    assert "Hồ sơ đề nghị khen thưởng của các đơn vị" in queue
