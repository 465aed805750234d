"""Gallery, search and filters: accent-insensitive, nonsense-proof, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nominations.public.services import search_terms
from tests import factories

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [e.nominee.full_name for e in response.context["exemplars"]]


@pytest.fixture
def three(make_exemplar):
    pm = factories.WardFactory(name="Phương Mai", code="DD12")
    cl = factories.WardFactory(name="Cát Linh", code="DD01")
    thuy = make_exemplar(
        "Ngô Thanh Thủy",
        ward=pm,
        field="charity",
        story="Biến ngôi nhà thành nơi trú chân cho bệnh nhân nghèo.",
    )
    tinh = make_exemplar(
        "Nguyễn Đình Tính",
        ward=cl,
        field="community",
        story="Vận động giải phóng mặt bằng bảy dự án.",
        awarded_on=dt.date(2025, 6, 1),
    )
    ha = make_exemplar(
        "Nguyễn Thu Hà",
        ward=cl,
        field="health",
        story="Đưa đón bệnh nhân chạy thận trong dịch Covid-19.",
    )
    return thuy, tinh, ha


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ngo thanh thuy", ["Ngô Thanh Thủy"]),
        ("NGÔ THANH THỦY", ["Ngô Thanh Thủy"]),
        ("Ngô Thanh Thuỷ", ["Ngô Thanh Thủy"]),  # old-style tone placement
        ("thuy ngo", ["Ngô Thanh Thủy"]),
        ("dinh tinh", ["Nguyễn Đình Tính"]),
        ("ĐÌNH TÍNH", ["Nguyễn Đình Tính"]),
        ("đình", ["Nguyễn Đình Tính"]),
        ("benh nhan", ["Nguyễn Thu Hà", "Ngô Thanh Thủy"]),
        ("chay than", ["Nguyễn Thu Hà"]),
        ("phuong mai", ["Ngô Thanh Thủy"]),
        ("cat linh", ["Nguyễn Thu Hà", "Nguyễn Đình Tính"]),
        # Every exemplar is of the district Đống Đa, whose name is on every exemplar page.
        ("dong da", ["Nguyễn Thu Hà", "Ngô Thanh Thủy", "Nguyễn Đình Tính"]),
        ("Đống Đa thuy", ["Ngô Thanh Thủy"]),
        ("quan dong da cat linh", ["Nguyễn Thu Hà", "Nguyễn Đình Tính"]),
        ("khong co ai", []),
    ],
)
def test_search_ignores_accents_and_case(client, three, query, expected):
    response = client.get(reverse("gallery"), {"q": query})
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_search_terms_are_cut_to_size():
    assert search_terms("Ngô  Thanh, Thủy!") == ["ngo", "thanh", "thuy"]
    assert len(search_terms("a " * 5000)) == 1
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 8


def test_filters(client, three):
    thuy, tinh, ha = three
    url = reverse("gallery")
    assert names(client.get(url, {"phuong": "cat-linh"})) == ["Nguyễn Thu Hà", "Nguyễn Đình Tính"]
    assert names(client.get(url, {"nam": "2025"})) == ["Nguyễn Đình Tính"]
    assert names(client.get(url, {"linh-vuc": "charity"})) == ["Ngô Thanh Thủy"]
    assert names(client.get(url, {"phong-trao": tinh.campaign.slug})) == ["Nguyễn Đình Tính"]
    award_slug = thuy.award_kind.slug
    assert len(names(client.get(url, {"danh-hieu": award_slug}))) == 3
    both = client.get(url, {"phuong": "cat-linh", "q": "than"})
    assert names(both) == ["Nguyễn Thu Hà"]
    # The cleaned filters are kept in the page (shareable URL, pagination links).
    assert both.context["query_string"] == "q=than&phuong=cat-linh"


@pytest.mark.parametrize(
    "params",
    [
        {"phuong": "khong-co-phuong-nay"},
        {"nam": "abc"},
        {"nam": "99999999999999999999"},
        {"trang": "99999"},
        {"trang": "-1"},
        {"trang": "abc"},
        {"linh-vuc": "<script>"},
        {"danh-hieu": "x" * 5000},
        {"phong-trao": "'; DROP TABLE x; --"},
        {"q": "Đống Đa " * 1300},  # about 10 kB
        {"q": "%_\\"},
    ],
)
def test_nonsense_parameters_give_a_normal_page(client, three, params):
    response = client.get(reverse("gallery"), params)
    assert response.status_code == 200
    assert "Gương sáng của các phong trào thi đua" in response.content.decode()


def test_unknown_filter_is_ignored_and_page_99999_is_the_last(client, three):
    response = client.get(reverse("gallery"), {"phuong": "khong-co", "trang": "99999"})
    assert sorted(names(response)) == sorted(
        ["Ngô Thanh Thủy", "Nguyễn Thu Hà", "Nguyễn Đình Tính"]
    )
    assert response.context["filters"].ward is None


def test_pagination(client, make_exemplar):
    ward = factories.WardFactory(name="Văn Chương", code="DD19")
    for i in range(30):
        make_exemplar(f"Trần Văn Người{i:02d}", ward=ward)
    first = client.get(reverse("gallery"))
    second = client.get(reverse("gallery"), {"trang": "2"})
    assert len(first.context["exemplars"]) == 24
    assert len(second.context["exemplars"]) == 6
    assert set(names(first)).isdisjoint(names(second))
    assert 'href="?trang=2"' in first.content.decode()


def test_cards_use_the_thumbnail_with_size_and_lazy_loading(client, make_exemplar):
    nomination = make_exemplar("Ngô Thanh Thủy", photo=True)
    html = client.get(reverse("gallery")).content.decode()
    assert (
        f'<img src="{nomination.public_thumb.url}" width="{nomination.thumb_width}" '
        f'height="{nomination.thumb_height}" loading="lazy"'
    ) in html
    assert 'alt="Ảnh chân dung Ngô Thanh Thủy"' in html


PAGES = [
    "/",
    "/guong-sang/",
    "/guong-sang/?q=le+thi&nam=2026&phuong=kim-lien",
    "/guong-sang/feed/",
    "/sitemap.xml",
    "/phong-trao/",
]


def count_queries(client, url) -> int:
    """Queries of one request, the page cache's generation always re-read: whether a worker
    re-reads it depends on the time since its last read (1 s), which a busy machine makes
    vary from run to run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from emulation import page_cache

    page_cache._seen.update(value=None, at=0.0)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_constant_queries_at_5_and_50_exemplars(
    client, make_exemplar, django_assert_max_num_queries
):
    ward = factories.WardFactory(name="Kim Liên", code="DD05")

    def add(start, stop):
        for i in range(start, stop):
            make_exemplar(f"Lê Thị Người{i:02d}", ward=ward, photo=(i < 2), featured=(i < 4))

    add(0, 5)
    at_5 = {url: count_queries(client, url) for url in PAGES}
    add(5, 50)
    at_50 = {url: count_queries(client, url) for url in PAGES}
    assert at_50 == at_5
    for url in PAGES:
        with django_assert_max_num_queries(8):
            client.get(url)


def test_an_award_or_ward_without_a_slug_never_filters_the_gallery(client, make_exemplar):
    """A name with nothing a slug keeps ("★★★") gives an empty slug. Was: the gallery without
    any parameter matched that empty slug and showed only that award's exemplars (none)."""
    make_exemplar(full_name="Ngô Thanh Thủy")
    factories.AwardKindFactory(name="★★★", slug="")
    factories.WardFactory(name="…", code="DD99", slug="")
    response = client.get(reverse("gallery"))
    filters = response.context["filters"]
    assert (filters.award, filters.ward, filters.active) == (None, None, False)
    assert len(response.context["exemplars"]) == 1
