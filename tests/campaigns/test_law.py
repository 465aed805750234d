"""The law in force as data (campaigns.law): base salaries, legal texts, award kinds' sources,
the money in words, and the data migration for existing databases."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from campaigns import law
from campaigns.models import AwardKind, BaseSalary, LegalText
from campaigns.money import award_money, money_article, money_in_words
from emulation.models import AuthorityLevel
from tests.factories import AwardKindFactory, UserFactory

DISTRICT, COMMUNE = AuthorityLevel.DISTRICT, AuthorityLevel.COMMUNE


# --------------------------------------------------------------------------- base salary


@pytest.mark.django_db
def test_760000_dong_from_1_7_2026_and_710000_before(base_salaries):
    assert award_money(Decimal("0.3"), dt.date(2026, 7, 1)) == (760_000, 2_530_000)
    assert award_money(Decimal("0.3"), dt.date(2026, 6, 30)) == (710_000, 2_340_000)
    assert BaseSalary.in_force_on(dt.date(2026, 7, 1)).legal_basis == (
        "Nghị định số 161/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ"
    )


@pytest.mark.django_db
def test_install_twice_adds_nothing_and_keeps_the_administrators_rows():
    BaseSalary.objects.create(valid_from=dt.date(2026, 7, 1), amount=2_600_000, legal_basis="x")
    law.install(BaseSalary, LegalText)
    law.install(BaseSalary, LegalText)
    assert list(BaseSalary.objects.order_by("valid_from").values_list("amount", flat=True)) == [
        1_800_000,
        2_340_000,
        2_600_000,
    ]
    assert LegalText.objects.count() == len(law.LEGAL_TEXTS)


@pytest.mark.django_db
def test_data_migration_adds_the_2026_row_to_a_database_in_use_only():
    migration = importlib.import_module("campaigns.migrations.0006_law_seed")
    migration.forward(apps, None)  # a fresh database: nothing
    assert BaseSalary.objects.count() == 0 and LegalText.objects.count() == 0
    BaseSalary.objects.create(valid_from=dt.date(2023, 7, 1), amount=1_800_000)
    BaseSalary.objects.create(valid_from=dt.date(2024, 7, 1), amount=2_340_000)
    kind = AwardKindFactory(name="Giấy khen của Chủ tịch UBND quận")
    migration.forward(apps, None)
    assert BaseSalary.in_force_on(dt.date(2026, 11, 29)).amount == 2_530_000
    assert LegalText.objects.count() == len(law.LEGAL_TEXTS)
    kind.refresh_from_db()
    assert kind.coefficient_source_individual == (
        "Nghị định 152/2025/NĐ-CP, Điều 54, khoản 1, điểm e"
    )
    assert kind.unverified_coefficients() == ["household"]


# --------------------------------------------------------------------------- legal texts


@pytest.fixture
def texts(db):
    law.install(BaseSalary, LegalText)


def test_bases_before_the_reform_cite_decree_98(texts):
    assert law.legal_bases(dt.date(2025, 1, 6), DISTRICT).splitlines() == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định "
        "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng.",
    ]


def test_bases_after_the_reform_cite_decree_152_in_full(texts):
    assert law.legal_bases(dt.date(2026, 11, 29), COMMUNE).splitlines() == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng.",
    ]


def test_the_last_day_of_a_text_and_the_first_of_its_successor(texts):
    assert law.money_basis(dt.date(2025, 6, 30), DISTRICT).number == "98/2023/NĐ-CP"
    assert law.money_basis(dt.date(2025, 7, 1), COMMUNE).number == "152/2025/NĐ-CP"
    assert law.money_basis(dt.date(2023, 1, 1), DISTRICT) is None


def test_a_text_for_one_level_only_is_not_cited_by_the_other(texts):
    LegalText.objects.create(
        kind="Quyết định",
        number="12/2025/QĐ-UBND",
        signed_on=dt.date(2025, 8, 1),
        issuer="Ủy ban nhân dân thành phố Hà Nội",
        subject="ban hành Quy chế thi đua, khen thưởng",
        in_force_from=dt.date(2025, 8, 11),
        for_district=False,
        order=40,
    )
    commune = law.legal_bases(dt.date(2026, 1, 5), COMMUNE)
    assert (
        "Căn cứ Quyết định số 12/2025/QĐ-UBND ngày 01 tháng 8 năm 2025 của Ủy ban nhân dân "
        "thành phố Hà Nội ban hành Quy chế thi đua, khen thưởng;"
    ) in commune.splitlines()
    assert "12/2025/QĐ-UBND" not in law.legal_bases(dt.date(2026, 1, 5), DISTRICT)


@pytest.mark.django_db
def test_a_text_that_ends_before_it_starts_is_refused_in_the_admin(client):
    client.force_login(UserFactory(username="qt", role="admin", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:campaigns_legaltext_add"),
        {
            "kind": "Nghị định",
            "number": "1/2027/NĐ-CP",
            "signed_on": "01/01/2027",
            "issuer": "Chính phủ",
            "subject": "thử",
            "in_force_from": "01/03/2027",
            "in_force_until": "01/02/2027",
            "for_district": "on",
            "for_commune": "on",
            "cited_in_bases": "on",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày có hiệu lực." in response.content.decode()
    assert not LegalText.objects.exists()


# --------------------------------------------------------------------------- award kinds


@pytest.mark.django_db
def test_award_kinds_carry_artefact_source_and_level():
    assert law.award_kind_law("Giấy khen của Chủ tịch UBND phường")["artefact"] == "giay_khen"
    assert law.award_kind_law("Lao động tiên tiến")["artefact"] == "money_only"
    assert law.award_kind_law("Tập thể lao động tiên tiến")["artefact"] == "money_only"
    assert law.award_kind_law("Chiến sĩ thi đua cơ sở")["artefact"] == "bang_chung_nhan"
    assert law.award_kind_law("Tổ dân phố văn hóa")["artefact"] == "bang_chung_nhan"
    excellent = AwardKindFactory(
        name="Tập thể lao động xuất sắc", **law.award_kind_law("Tập thể lao động xuất sắc")
    )
    assert not excellent.conferrable_by(COMMUNE) and not excellent.conferrable_by(DISTRICT)
    family = AwardKindFactory(name="Gia đình văn hóa", **law.award_kind_law("Gia đình văn hóa"))
    assert family.conferrable_by(COMMUNE) and not family.conferrable_by(DISTRICT)


@pytest.mark.django_db
def test_admin_marks_the_household_rate_of_a_giay_khen_unverified(client):
    kind = AwardKindFactory(**law.GIAY_KHEN)
    client.force_login(UserFactory(username="qt", role="admin", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:campaigns_awardkind_changelist")).content.decode()
    assert "hệ số chưa xác minh nguồn" in page.lower()
    assert 'class="field-unverified">Hộ gia đình</td>' in page
    kind.coefficient_source_household = "Quyết định của UBND thành phố"
    kind.save()
    page = client.get(reverse("admin:campaigns_awardkind_changelist")).content.decode()
    assert 'class="field-unverified">Hộ gia đình' not in page


# --------------------------------------------------------------------------- money in words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (760_000, "Bảy trăm sáu mươi nghìn đồng"),
        (710_000, "Bảy trăm mười nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (3_040_000, "Ba triệu không trăm bốn mươi nghìn đồng"),
        (1_000_500, "Một triệu năm trăm đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_money_in_words(amount, words):
    assert money_in_words(amount) == words


def test_money_in_words_refuses_a_negative_amount():
    with pytest.raises(ValueError):
        money_in_words(-1)


_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


def _read(words: str) -> int:
    """Words back to a number, by the grammar a reader of a decision uses."""
    tokens = words.lower().removesuffix(" đồng").split()
    total = part = group = digit = 0
    for token in tokens:
        if token in _VALUES:
            digit = _VALUES[token]
        elif token == "mười":
            group += 10
        elif token == "mươi":
            group, digit = group + digit * 10, 0
        elif token == "trăm":
            group, digit = group + digit * 100, 0
        elif token == "linh":
            continue
        elif token in ("nghìn", "triệu"):
            part += (group + digit) * (1000 if token == "nghìn" else 1_000_000)
            group = digit = 0
        elif token == "tỷ":
            total = (total + part + group + digit) * 10**9
            part = group = digit = 0
        else:
            raise AssertionError(token)
    return total + part + group + digit


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_money_in_words_reads_back_to_the_amount(amount):
    words = money_in_words(amount)
    assert words[0].isupper() and words.endswith(" đồng")
    assert "  " not in words
    assert _read(words) == amount


@given(st.integers(min_value=1, max_value=99).map(lambda n: n * 10_000))
def test_award_amounts_never_read_zero_units(amount):
    assert "không đồng" not in money_in_words(amount).lower()


# --------------------------------------------------------------------------- money article


@pytest.mark.django_db
def test_money_article_parts_after_1_7_2026(base_salaries):
    article = money_article(
        [("Giấy khen (cá nhân)", 760_000), ("Giấy khen (cá nhân)", 760_000),
         ("Giấy khen (tập thể)", 1_520_000)],
        on=dt.date(2026, 11, 29),
        level=COMMUNE,
        base_salary=2_530_000,
        fund="Quỹ Thi đua, khen thưởng của Phường Đống Đa",
    )  # fmt: skip
    assert article.basis == (
        "Điều 54 Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
        "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng "
        "dẫn thi hành một số điều của Luật Thi đua, khen thưởng"
    )
    assert article.base_salary_basis == (
        "Nghị định số 161/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ"
    )
    assert article.rates == [("Giấy khen (cá nhân)", 760_000), ("Giấy khen (tập thể)", 1_520_000)]
    assert (article.total, article.total_words) == (3_040_000, money_in_words(3_040_000))
    assert article.fund == "Quỹ Thi đua, khen thưởng của Phường Đống Đa"


@pytest.mark.django_db
def test_every_seed_award_kind_is_known_to_the_law_module():
    from nominations.management import demo_data

    for name in demo_data.AWARD_KINDS:
        assert law.award_kind_law(name), name
    assert AwardKind.objects.count() == 0
