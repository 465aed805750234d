"""The exemplar page, the campaign pages, the feed, the sitemap, robots.txt, and the
secretary's "featured" toggle."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination
from nominations.public.services import exemplar_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_exemplar_page_shows_award_and_decision(client, make_exemplar):
    nomination = make_exemplar(
        "Ngô Thanh Thủy",
        photo=True,
        nominee_position="Người dân",
        field="charity",
        public_summary="Sáu năm làm từ thiện.",
        story="Mở cửa ngôi nhà nhỏ cho người bệnh.",
    )
    award = nomination.awards.get()
    url = exemplar_url(nomination)
    assert url == f"/guong-sang/{nomination.pk}-ngo-thanh-thuy/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h2 mb-1">Ngô Thanh Thủy</h1>' in html
    assert f"Quyết định số {award.decision.reference} ngày 15/10/2026" in html
    assert "Giấy khen của Chủ tịch UBND quận" in html
    assert "Sáu năm làm từ thiện." in html
    assert "Mở cửa ngôi nhà nhỏ cho người bệnh." in html
    assert "Người dân" in html and "Từ thiện, nhân đạo" in html
    assert "Phương Mai" in html and "Quận Đống Đa" in html
    # Open Graph: a shared link shows the photo and the name.
    assert '<meta property="og:title" content="Ngô Thanh Thủy — Gương người tốt, việc tốt">' in html
    assert (
        f'<meta property="og:image" content="http://testserver{nomination.public_medium.url}">'
        in html
    )
    assert f'<meta property="og:url" content="http://testserver{url}">' in html
    assert '<meta property="og:description" content="Sáu năm làm từ thiện.">' in html


def test_exemplar_html_is_escaped(client, make_exemplar):
    nomination = make_exemplar("Lê <b>Văn</b> Tám", story="<script>alert(1)</script>")
    html = client.get(exemplar_url(nomination)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Lê &lt;b&gt;Văn&lt;/b&gt; Tám" in html


def test_wrong_slug_redirects_to_canonical_and_unknown_is_404(client, make_exemplar):
    nomination = make_exemplar("Ngô Thanh Thủy")
    response = client.get(f"/guong-sang/{nomination.pk}-ten-cu/")
    assert response.status_code == 301
    assert response["Location"] == exemplar_url(nomination)
    assert client.get("/guong-sang/999999-khong-co/").status_code == 404


def test_revoked_award_decision_is_not_shown(client, make_exemplar, authority):
    from nominations.models import Decision

    nomination = make_exemplar("Ngô Thanh Thủy")
    award = nomination.awards.get()
    revoking = Decision.objects.create(
        authority=authority,
        kind="revocation",
        title="Thu hồi",
        state="issued",
        decided_on=dt.date(2026, 11, 1),
        year=2026,
        number=9001,
        symbol="QĐ-UBND",
    )
    # Decisions are immutable once issued: the revoking decision marks the award directly.
    type(award).objects.filter(pk=award.pk).update(revoked_by=revoking)
    html = client.get(exemplar_url(nomination)).content.decode()
    assert award.decision.reference not in html


def test_other_exemplars_of_the_same_ward(client, make_exemplar):
    ward = factories.WardFactory(name="Cát Linh", code="DD01")
    first = make_exemplar("Nguyễn Đình Tính", ward=ward)
    make_exemplar("Trần Thị Lành", ward=ward)
    make_exemplar("Ngô Thanh Thủy")  # Phương Mai
    response = client.get(exemplar_url(first))
    assert [e.nominee.full_name for e in response.context["same_ward"]] == ["Trần Thị Lành"]


def test_exemplar_and_campaign_pages_constant_queries(client, make_exemplar):
    from tests.public.test_gallery import count_queries

    ward = factories.WardFactory(name="Kim Liên", code="DD05")
    campaign = factories.CampaignFactory()
    first = make_exemplar("Lê Văn Người00", ward=ward, campaign=campaign)
    for i in range(1, 5):
        make_exemplar(f"Lê Văn Người{i:02d}", ward=ward, campaign=campaign)
    pages = [exemplar_url(first), reverse("campaign-detail", kwargs={"slug": campaign.slug})]
    at_5 = [count_queries(client, url) for url in pages]
    for i in range(5, 50):
        make_exemplar(f"Lê Văn Người{i:02d}", ward=ward, campaign=campaign)
    assert [count_queries(client, url) for url in pages] == at_5
    assert max(at_5) <= 8


def test_campaign_pages(client, make_exemplar):
    open_campaign = factories.CampaignFactory(name="Người tốt, việc tốt", criteria="Tiêu chí A")
    draft = factories.CampaignFactory(name="Phong trào chưa phát động", status="draft")
    make_exemplar("Ngô Thanh Thủy", campaign=open_campaign)
    listing = client.get(reverse("campaign-list")).content.decode()
    assert "Người tốt, việc tốt" in listing
    assert "Phong trào chưa phát động" not in listing
    detail = client.get(reverse("campaign-detail", kwargs={"slug": open_campaign.slug}))
    html = detail.content.decode()
    assert "Tiêu chí A" in html and "Ủy ban nhân dân quận Đống Đa" in html
    assert "Ngô Thanh Thủy" in html and "Đang nhận hồ sơ" in html
    assert client.get(reverse("campaign-detail", kwargs={"slug": draft.slug})).status_code == 404
    assert client.get("/phong-trao/khong-co/?trang=abc").status_code == 404


def test_home_figures_and_sections(client, make_exemplar):
    make_exemplar("Ngô Thanh Thủy", featured=True)
    make_exemplar(
        "Nguyễn Đình Tính",
        ward=factories.WardFactory(name="Cát Linh", code="DD01"),
        awarded_on=dt.date(2024, 5, 1),
    )
    make_exemplar("Phạm Văn Nháp", state="draft", featured=True)
    response = client.get(reverse("home"))
    assert response.context["count_total"] == 2
    assert response.context["ward_count"] == 2
    assert [e.nominee.full_name for e in response.context["featured"]] == ["Ngô Thanh Thủy"]
    assert "Phạm Văn Nháp" not in response.content.decode()


def test_home_figures_say_what_they_count(client, make_exemplar):
    """A residential group is not a person; the total counts every movement and says so."""
    this_year = dt.date(timezone.localdate().year, 1, 15)
    make_exemplar("Ngô Thanh Thủy", awarded_on=this_year)
    make_exemplar("Tổ dân phố số 7", awarded_on=this_year, nominee_kind="collective")
    make_exemplar("Nguyễn Đình Tính", awarded_on=dt.date(2024, 5, 1))
    response = client.get(reverse("home"))
    figures = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r'<div class="col-4">(.*?)</div>', response.content.decode(), re.S)
    ]
    year = this_year.year
    assert figures == [
        f"1 cá nhân được tôn vinh năm {year} và 1 tập thể, hộ gia đình",
        "3 gương sáng của mọi phong trào",
        "1 phường có gương sáng được tôn vinh",
    ]


def test_cards_without_a_photo_look_like_the_generated_portraits(client, make_exemplar):
    from nominations.management.portraits import tone

    make_exemplar("Ngô Thanh Thủy")
    html = client.get(reverse("gallery")).content.decode()
    assert (
        f'<div class="placeholder-photo card-img-top tone-{tone("Ngô Thanh Thủy")}" '
        'aria-hidden="true" data-testid="placeholder-photo"><span>NT</span></div>'
    ) in html


def test_the_gallery_title_follows_the_movement(client, make_exemplar):
    first = make_exemplar("Ngô Thanh Thủy")
    make_exemplar(
        "Trần Văn Sáng",
        campaign=factories.CampaignFactory(name="Phát huy sáng kiến cải tiến kỹ thuật"),
    )
    everyone = client.get(reverse("gallery"))
    assert (
        '<h1 class="h2 mb-3" data-testid="gallery-title">Gương sáng của các phong trào thi đua</h1>'
        in everyone.content.decode()
    )
    one = client.get(reverse("gallery"), {"phong-trao": first.campaign.slug})
    html = one.content.decode()
    assert f"Gương sáng của phong trào “{first.campaign.name}”" in html
    assert [e.nominee.full_name for e in one.context["exemplars"]] == ["Ngô Thanh Thủy"]


def test_feed_sitemap_and_robots(client, make_exemplar):
    nomination = make_exemplar("Ngô Thanh Thủy", public_summary="Sáu năm làm từ thiện.")
    feed = client.get(reverse("exemplar-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Ngô Thanh Thủy — Giấy khen của Chủ tịch UBND quận</title>" in body
    assert f"http://testserver{exemplar_url(nomination)}" in body
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{exemplar_url(nomination)}</loc>" in sitemap
    assert "<loc>http://testserver/guong-sang/</loc>" in sitemap
    assert f"<loc>http://testserver/phong-trao/{nomination.campaign.slug}/</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /can-bo/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_secretary_features_an_exemplar(client, make_exemplar, secretary, officer):
    nomination = make_exemplar("Ngô Thanh Thủy")
    url = reverse("exemplar-feature", kwargs={"pk": nomination.pk})
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(officer)
    assert client.post(url).status_code == 403
    assert client.get(exemplar_url(nomination)).content.decode().count("toggle-featured") == 0
    client.force_login(secretary)
    assert "toggle-featured" in client.get(exemplar_url(nomination)).content.decode()
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == exemplar_url(nomination)
    assert Nomination.objects.get(pk=nomination.pk).featured is True
    client.post(url)
    assert Nomination.objects.get(pk=nomination.pk).featured is False
    draft = make_exemplar("Phạm Văn Nháp", state="draft")
    assert client.post(reverse("exemplar-feature", kwargs={"pk": draft.pk})).status_code == 404


def test_the_verification_form_is_in_the_menu_and_the_footer(client, authority):
    html = client.get(reverse("home")).content.decode()
    assert (
        '<a class="nav-link" href="/xac-minh/" data-testid="nav-verify">Xác minh giấy khen</a>'
        in html
    )
    assert (
        '<a href="/xac-minh/" data-testid="footer-verify">Xác minh giấy khen bằng mã in trên '
        "giấy</a>" in html
    )
    assert client.get("/xac-minh/").status_code == 200
