"""Every page but the sign-in ones refuses a session that must give a two-factor code and has
not: this walks the whole URL conf (staff rooms, account pages, the admin, public pages) with
a password-only chairman's session; each address must answer the redirect to the code page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from emulation.middleware import TwoFactorMiddleware
from tests.two_factor import device_for, login_unverified

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "0" * 32}
# The admin's addresses are regular expressions: these stand for them.
ADMIN = [
    "quan-tri/",
    "quan-tri/emulation/user/",
    "quan-tri/emulation/user/1/change/",
    "quan-tri/otp_totp/totpdevice/",
    "quan-tri/emulation/auditlog/",
]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def _concrete(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def _addresses() -> list[tuple[str, str | None]]:
    found = [
        ("/" + _concrete(route), name)
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith(("quan-tri/", "^")) and "^" not in route
    ]
    return found + [("/" + path, None) for path in ADMIN]


def test_the_walk_covers_the_staff_rooms_and_the_admin():
    paths = [path for path, _name in _addresses()]
    for prefix in ("/can-bo/", "/hoi-dong/", "/bao-cao/", "/tai-khoan/", "/quan-tri/"):
        assert any(p.startswith(prefix) for p in paths), prefix
    assert len(paths) > 70


@pytest.mark.parametrize("enrolled", [False, True], ids=["no-device", "device"])
def test_every_page_but_sign_in_redirects_an_unverified_chairman(client, chairman, enrolled):
    if enrolled:
        device_for(chairman)
    login_unverified(client, chairman)
    leaks = []
    for path, name in _addresses():
        response = client.get(path)
        expected = f"/tai-khoan/xac-thuc/?next={quote(path, safe='')}"
        if name in TwoFactorMiddleware.OPEN:
            continue
        if response.status_code != 302 or response["Location"] != expected:
            leaks.append(f"{path} ({name}): {response.status_code}")
    assert leaks == []


def test_the_sign_in_pages_themselves_stay_open(client, chairman):
    login_unverified(client, chairman)
    assert client.get("/tai-khoan/xac-thuc/dang-ky/").status_code == 200
    assert client.get("/suc-khoe/").status_code == 200
    assert client.get("/ngon-ngu/?lang=en&next=/")["Location"] == "/"
    assert client.post("/tai-khoan/logout/")["Location"] == "/"
    assert client.get("/hoi-dong/")["Location"] == "/tai-khoan/dang-nhap/?next=/hoi-dong/"


def test_a_post_is_refused_too(client, chairman):
    login_unverified(client, chairman)
    response = client.post("/hoi-dong/quyet-dinh/1/ban-hanh/")
    assert (
        response["Location"]
        == "/tai-khoan/xac-thuc/?next=%2Fhoi-dong%2Fquyet-dinh%2F1%2Fban-hanh%2F"
    )
