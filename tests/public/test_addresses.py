"""Issue #15, "Addresses and redirects": every absolute URL comes from SITE_URL, never from the
request's Host; every redirect target read from a request is checked; the certificate lookup
validates its code and is rate-limited; the 400 page carries the security headers."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from emulation import checks, site
from nominations.council import services as council
from nominations.decisions.views import _certificate
from nominations.models import Award
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "https://thidua.example.vn"
EVIL = "evil.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    # Hosts the server answers to (a second name, another port): any of them may be named by
    # a request, none may reach an absolute URL.
    settings.ALLOWED_HOSTS = ["testserver", "thidua.example.vn", "thidua.example.vn:8443", EVIL]


def _hosts(text: str) -> set[str]:
    return set(re.findall(r"https?://([^/<\"'\s]+)", text))


# --------------------------------------------------------------------------- absolute URLs


def test_another_host_does_not_poison_the_cached_sitemap(client, make_exemplar):
    """The issue's example: a request naming another allowed host, then a normal one."""
    nom = make_exemplar()
    poisoned = client.get(reverse("sitemap"), HTTP_HOST=f"{EVIL}:8080")
    normal = client.get(reverse("sitemap"))
    assert poisoned.status_code == normal.status_code == 200
    assert (poisoned["X-Page-Cache"], normal["X-Page-Cache"]) == ("miss", "hit")
    body = normal.content.decode()
    assert body == poisoned.content.decode()
    assert _hosts(body) == {"thidua.example.vn", "www.sitemaps.org", "www.w3.org"}
    exemplar = f"<loc>{SITE}{reverse('exemplar', args=[nom.pk, 'ngo-thanh-thuy'])}</loc>"
    assert exemplar in body
    assert f"<loc>{SITE}/</loc>" in body


def test_robots_names_the_sitemap_on_the_site_url(client):
    response = client.get(reverse("robots"), HTTP_HOST="thidua.example.vn:8443", secure=False)
    assert f"Sitemap: {SITE}/sitemap.xml" in response.content.decode().splitlines()


def test_feed_links_are_on_the_site_url(client, make_exemplar):
    nom = make_exemplar()
    body = client.get(reverse("exemplar-feed"), HTTP_HOST=EVIL).content.decode()
    assert _hosts(body) == {"thidua.example.vn", "www.w3.org"}
    assert f'href="{SITE}{reverse("exemplar", args=[nom.pk, "ngo-thanh-thuy"])}"' in body
    assert f'href="{SITE}/guong-sang/feed/"' in body


def test_canonical_and_open_graph_tags_are_on_the_site_url(client, make_exemplar):
    nom = make_exemplar(photo=True)
    path = reverse("exemplar", args=[nom.pk, "ngo-thanh-thuy"])
    html = client.get(path, HTTP_HOST=EVIL).content.decode()
    assert f'<link rel="canonical" href="{SITE}{path}">' in html
    assert f'<meta property="og:url" content="{SITE}{path}">' in html
    assert f'<meta property="og:image" content="{SITE}{nom.public_medium.url}">' in html
    gallery = client.get(reverse("gallery") + "?trang=1", HTTP_HOST=EVIL).content.decode()
    assert f'<link rel="canonical" href="{SITE}/guong-sang/">' in gallery
    assert EVIL not in html + gallery


def test_certificate_qr_code_points_to_the_site_url(make_exemplar):
    award = Award.objects.get(nomination=make_exemplar())
    context = _certificate(award)
    assert context["verify_url"] == f"{SITE}/xac-minh/{award.verification_code}/"


def test_password_reset_mail_links_to_the_site_url_whatever_the_host(client):
    """The issue's example: the reset e-mail used to link to the Host the request named."""
    factories.UserFactory(username="catlinh", email="catlinh@example.vn")
    response = client.post(
        reverse("password_reset"), {"email": "catlinh@example.vn"}, HTTP_HOST=EVIL
    )
    assert response.status_code == 302
    [message] = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    assert links[0].startswith(f"{SITE}/tai-khoan/reset/")
    assert EVIL not in message.body


def test_return_mail_links_to_the_dossier_on_the_site_url(
    secretary, officer, django_capture_on_commit_callbacks
):
    nom = factories.NominationFactory(ward=officer.ward, state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        council.return_dossier(nom, secretary, "Bổ sung xác nhận của Tổ dân phố.")
    # Sent through nominations.notices: the dossier's link, then the unsubscribe link, both on
    # the site's own address.
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert links[0] == f"{SITE}/can-bo/ho-so/{nom.pk}/"
    assert f"\n\n{SITE}/can-bo/ho-so/{nom.pk}/\n" in mail.outbox[0].body
    assert [link.startswith(f"{SITE}/thong-bao/huy-nhan/") for link in links[1:]] == [True]


def test_absolute_url_refuses_other_sites():
    assert site.absolute_url("/xac-minh/") == f"{SITE}/xac-minh/"
    assert site.absolute_url(f"{SITE}/a/") == f"{SITE}/a/"
    for bad in ("https://evil.example/a/", "//evil.example/", "xac-minh/"):
        with pytest.raises(ValueError):
            site.absolute_url(bad)


@pytest.mark.parametrize(
    ("site_url", "debug", "ids"),
    [
        ("https://thidua.example.vn", False, []),
        ("http://thidua.example.vn", False, ["emulation.E001"]),
        ("", False, ["emulation.E001"]),
        ("https://thidua.example.vn/thi-dua", False, ["emulation.E001"]),
        ("http://127.0.0.1:8000", True, []),
    ],
)
def test_deploy_check_wants_an_https_site_url(settings, site_url, debug, ids):
    settings.SITE_URL, settings.DEBUG = site_url, debug
    assert [m.id for m in checks.site_url_is_https()] == ids


# --------------------------------------------------------------------------- redirects

HOSTILE_NEXT = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://thidua.example.vn/",  # this site, but not https
    "\x00/",
    "/\t/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_bulk_accept_never_redirects_off_site(client, secretary, target):
    """The issue's example: the bulk-accept form redirected to any ``next``."""
    nom = factories.NominationFactory(state="submitted")
    client.force_login(secretary)
    response = client.post(reverse("bulk-accept"), {"ids": [nom.pk], "next": target})
    assert (response.status_code, response.url) == (302, reverse("review-queue"))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get(reverse("switch-language"), {"lang": "en", "next": target})
    assert (response.status_code, response.url) == (302, "/")


@pytest.mark.parametrize(
    "target", ["/hoi-dong/?trang=2", f"{SITE}/hoi-dong/", "/guong-sang/?q=Mai"]
)
def test_on_site_next_is_followed(client, target):
    response = client.get(reverse("switch-language"), {"lang": "vi", "next": target})
    assert response.url == target


def test_cover_letter_refusal_ignores_a_foreign_referer(client, officer):
    # Since the batches merge the tờ trình is made by submitting ticked dossiers together; its
    # refusal (nothing ticked) goes back to the referring page only when it is on the site.
    client.force_login(officer)
    response = client.post(reverse("batch-submit"), HTTP_REFERER="https://evil.example/x")
    assert response.url == reverse("nomination-list")
    response = client.post(reverse("batch-submit"), HTTP_REFERER=f"{SITE}/can-bo/ho-so/?q=a")
    assert response.url == f"{SITE}/can-bo/ho-so/?q=a"


# --------------------------------------------------------------------------- verification


def test_a_code_with_a_slash_is_invalid_not_an_error(client):
    """The issue's example: /xac-minh/?code=A/B answered 500 to anyone."""
    response = client.get(reverse("verify-form"), {"code": "A/B"})
    assert response.status_code == 200
    assert (
        "Mã không hợp lệ: mã xác minh gồm 4–12 chữ cái và chữ số in trên giấy khen."
        in response.content.decode()
    )


def test_a_typed_code_is_cleaned_then_looked_up(client, make_exemplar):
    award = Award.objects.get(nomination=make_exemplar())
    spaced = f" {award.verification_code[:4].lower()} {award.verification_code[4:]} "
    response = client.get(reverse("verify-form"), {"code": spaced})
    assert response.url == reverse("verify", args=[award.verification_code])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Giấy khen hợp lệ." in page.content.decode()


@pytest.mark.parametrize("code", ["A%00B", "..", "ÀÁẢ", "x" * 300, "-1", "AB'CD"])
def test_a_malformed_code_in_the_address_is_a_404_page(client, code):
    response = client.get(f"/xac-minh/{code}/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"


def test_verification_is_limited_to_30_lookups_a_minute_per_address(client, settings):
    assert settings.VERIFICATIONS_PER_IP_PER_MINUTE == 30
    url = reverse("verify", args=["ABCD2345"])
    statuses = [client.get(url).status_code for _ in range(30)]
    assert statuses == [404] * 30
    limited = client.get(url)
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert (
        "Bạn đã tra cứu quá nhiều lần trong một phút. Xin vui lòng thử lại sau một phút."
        in limited.content.decode()
    )
    other = client.get(url, REMOTE_ADDR="203.0.113.9")  # another address is not limited
    assert other.status_code == 404


# --------------------------------------------------------------------------- 400 page


def test_the_400_page_for_a_bad_host_carries_the_security_headers(client, settings):
    """The issue's example: the 400 page for a bad Host lacked the security headers."""
    settings.ALLOWED_HOSTS = ["thidua.example.vn"]
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "attacker.example" not in response.content.decode()
