"""The client address used by rate limits: X-Forwarded-For only from a trusted proxy."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from emulation.middleware import TrustedProxyMiddleware


def _seen_address(remote: str, forwarded: str | None) -> str:
    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    TrustedProxyMiddleware(view)(RequestFactory().get("/", **extra))
    return seen["addr"]


def test_without_trusted_proxies_the_header_is_ignored():
    assert _seen_address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_trusted_proxy_gives_the_right_most_untrusted_hop():
    # The client forged "1.2.3.4"; nginx appended the real address.
    assert _seen_address("127.0.0.1", "1.2.3.4, 198.51.100.7") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_untrusted_sender_cannot_forge_its_address():
    assert _seen_address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.2"])
def test_chain_of_trusted_proxies():
    assert _seen_address("127.0.0.1", "198.51.100.7, 10.0.0.2") == "198.51.100.7"
