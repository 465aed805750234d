"""The site's own address, and where a request may send the browser next.

Every absolute URL the application writes (sitemap, robots.txt, the Atom feed, canonical and
Open Graph tags, the QR code on a certificate, every e-mail) starts with ``settings.SITE_URL``,
never with the Host header of the request that happened to render it: a request naming another
allowed host (or port) could otherwise poison a cached page for everyone, or make a
password-reset e-mail point to a host of the requester's choice.

Every redirect to an address taken from the request (``next``, the Referer) goes through
:func:`safe_next`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def site_url() -> str:
    """``settings.SITE_URL`` without a trailing slash: "https://thidua.example.vn"."""
    return str(settings.SITE_URL).rstrip("/")


def site_host() -> str:
    """The host (and port, when one is given) of the site: "thidua.example.vn"."""
    return urlsplit(site_url()).netloc


def site_scheme() -> str:
    """ "https" or "http", as ``SITE_URL`` says."""
    return urlsplit(site_url()).scheme or "https"


def absolute_url(path: str) -> str:
    """The absolute address of a path of this site: "/xac-minh/AB12/" →
    "https://thidua.example.vn/xac-minh/AB12/". A path must start with "/"; an address
    that already is absolute on this site is returned as it is.

    Raises ValueError for an absolute address of another site (a programming error)."""
    if path.startswith(("http://", "https://", "//")):
        if urlsplit(path).netloc != site_host():
            raise ValueError(f"not an address of this site: {path!r}")
        return path
    if not path.startswith("/"):
        raise ValueError(f"a path of this site starts with '/': {path!r}")
    return site_url() + path


def is_safe_target(target: str | None) -> bool:
    """Whether the browser may be sent to ``target``: a path of this site (not "//host",
    not "/\\host", not "javascript:"), or an absolute address on ``SITE_URL``'s host."""
    if not target or any(ord(ch) < 32 for ch in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={site_host()}, require_https=site_scheme() == "https"
    )


def safe_next(request: HttpRequest, fallback: str, field: str = "next") -> str:
    """Where to redirect after a form: the ``next`` value of the POST (or of the GET) when it
    stays on this site, else ``fallback`` (a URL name or a path, as ``redirect()`` takes)."""
    target = request.POST.get(field) if request.method == "POST" else None
    if target is None:
        target = request.GET.get(field)
    if target is not None and is_safe_target(target):
        return target
    return resolve_url(fallback)


def safe_referer(request: HttpRequest, fallback: str) -> str:
    """The page the user came from (Referer) when it is on this site, else ``fallback``."""
    target = request.META.get("HTTP_REFERER", "")
    if is_safe_target(target):
        return target
    return resolve_url(fallback)
