"""The statistics page: figures by equality, ward scoping, refusals, constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from nominations.reports import statistics
from nominations.reports.statistics import StatRow
from tests import factories
from tests.reports.conftest import award, campaign, decision

pytestmark = pytest.mark.django_db

YEARS = {"year_from": 2025, "year_to": 2026}


def rows(table):
    return [(r.label, r.nominations, r.awards, r.money) for r in table.rows]


def tables(user, **extra):
    return {t.key: t for t in statistics.compute(user, {**YEARS, **extra})}


def test_council_sees_every_ward_without_drafts(report_data, secretary):
    result = tables(secretary)
    assert list(result) == [
        "year",
        "ward",
        "campaign",
        "award_kind",
        "field",
        "nominee_kind",
        "gender",
    ]
    assert rows(result["ward"]) == [("Cát Linh", 3, 1, 710_000), ("Thịnh Quang", 2, 1, 1_410_000)]
    assert rows(result["campaign"]) == [
        ("Người tốt, việc tốt (2025)", 4, 2, 2_120_000),
        ("Người tốt, việc tốt (2026)", 1, 0, 0),
    ]
    assert rows(result["award_kind"]) == [("Giấy khen của Chủ tịch UBND quận", 5, 2, 2_120_000)]
    assert rows(result["field"]) == [
        ("Giáo dục", 1, 0, 0),
        ("Từ thiện, nhân đạo", 2, 0, 0),
        ("Cộng đồng", 2, 2, 2_120_000),
    ]
    assert rows(result["nominee_kind"]) == [
        ("Cá nhân", 4, 1, 710_000),
        ("Tập thể", 1, 1, 1_410_000),
    ]
    assert rows(result["gender"]) == [
        ("Nam", 2, 1, 710_000),
        ("Nữ", 2, 0, 0),
        ("Không áp dụng / chưa ghi", 1, 1, 1_410_000),
    ]
    assert result["ward"].total == StatRow("Tổng cộng", 5, 2, 2_120_000)


def test_year_over_year_lists_every_year_with_its_change(report_data, secretary):
    year = tables(secretary)["year"]
    assert year.rows == [
        StatRow("2025", 4, 2, 2_120_000, None, None),
        StatRow("2026", 1, 0, 0, Decimal("-75.0"), Decimal("-100.0")),
    ]
    wider = {t.key: t for t in statistics.compute(secretary, {"year_from": 2024, "year_to": 2026})}[
        "year"
    ]
    assert [(r.label, r.nominations, r.nominations_change) for r in wider.rows] == [
        ("2024", 0, None),
        ("2025", 4, None),
        ("2026", 1, Decimal("-75.0")),
    ]


def test_ward_officer_sees_his_ward_only_drafts_included(report_data, officer):
    result = tables(officer)
    assert "ward" not in result
    assert rows(result["year"]) == [("2025", 3, 1, 710_000), ("2026", 1, 0, 0)]
    assert rows(result["nominee_kind"]) == [("Cá nhân", 4, 1, 710_000)]


def test_filters_campaign_award_kind_and_ward(report_data, secretary, other_ward):
    result = tables(secretary, campaign=report_data["c2026"])
    assert rows(result["ward"]) == [("Cát Linh", 1, 0, 0)]
    result = tables(secretary, ward=other_ward)
    assert rows(result["ward"]) == [("Thịnh Quang", 2, 1, 1_410_000)]
    other_kind = factories.AwardKindFactory(name="Lao động tiên tiến", form="title")
    assert tables(secretary, award_kind=other_kind)["ward"].rows == []


def test_page_shows_tables_and_charts(client, report_data, secretary):
    client.force_login(secretary)
    response = client.get(reverse("reports"), YEARS)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="total-ward-nominations">5<' in html
    assert 'data-testid="total-ward-money">2.120.000 ₫<' in html
    assert html.count('<svg class="stat-chart"') == 7
    assert "style=" not in html.split("<main", 1)[1]
    assert response.context["filters"] == "Từ năm 2025 đến năm 2026"
    assert [t.key for t, _chart in response.context["tables"]][:2] == ["year", "ward"]


def test_officer_page_is_his_ward_and_cannot_choose_another(
    client, report_data, officer, other_ward
):
    client.force_login(officer)
    response = client.get(reverse("reports"), {**YEARS, "ward": other_ward.pk})
    assert response.status_code == 200
    assert "ward" not in response.context["form"].fields
    year = response.context["tables"][0][0]
    assert rows(year) == [("2025", 3, 1, 710_000), ("2026", 1, 0, 0)]
    assert response.context["filters"] == "Từ năm 2025 đến năm 2026; Phường: Cát Linh"


def test_bad_year_range_is_refused_with_a_message(client, report_data, secretary):
    client.force_login(secretary)
    response = client.get(reverse("reports"), {"year_from": 2026, "year_to": 2025})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["“Từ năm” phải không sau “Đến năm”."]
    response = client.get(reverse("reports"), {"year_from": 2000, "year_to": 2030})
    assert response.context["form"].non_field_errors() == ["Chỉ thống kê tối đa 20 năm một lần."]


def test_who_may_see_statistics(client, db, authority):
    assert client.get(reverse("reports")).status_code == 302
    admin = factories.UserFactory(username="quantri", role="admin")
    client.force_login(admin)
    assert client.get(reverse("reports")).status_code == 403


@pytest.mark.parametrize("count", [5, 50])
def test_constant_number_of_queries(
    client, secretary, authority, ward, count, django_assert_max_num_queries
):
    kind = factories.AwardKindFactory()
    camp = campaign(2025, "Người tốt, việc tốt", [kind])
    issued = decision(authority, 7)
    for index in range(count):
        nomination = factories.NominationFactory(ward=ward, campaign=camp, state="awarded")
        award(issued, nomination, 710_000 + index)
    client.force_login(secretary)
    with django_assert_max_num_queries(26):
        response = client.get(reverse("reports"), YEARS)
    assert response.context["tables"][1][0].total.nominations == count


@pytest.fixture(params=["grouping_sets", "per_dimension"])
def both_ways(request, monkeypatch):
    """PostgreSQL runs one GROUPING SETS scan; the fallback (SQLite demo) must agree."""
    monkeypatch.setattr(statistics, "USE_GROUPING_SETS", request.param == "grouping_sets")
    return request.param


def test_both_computations_agree(report_data, secretary, officer, both_ways):
    result = tables(secretary)
    assert rows(result["ward"]) == [("Cát Linh", 3, 1, 710_000), ("Thịnh Quang", 2, 1, 1_410_000)]
    assert rows(result["gender"]) == [
        ("Nam", 2, 1, 710_000),
        ("Nữ", 2, 0, 0),
        ("Không áp dụng / chưa ghi", 1, 1, 1_410_000),
    ]
    assert rows(tables(officer)["year"]) == [("2025", 3, 1, 710_000), ("2026", 1, 0, 0)]
