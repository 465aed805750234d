"""System checks of our own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """In production, ``SITE_URL`` must be an https:// address with a host and no path."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme != "https" or not parts.netloc or parts.path or parts.query:
        return [
            Error(
                "SITE_URL must be the site's https:// address, e.g. https://thidua.example.vn "
                f"(found {settings.SITE_URL!r}).",
                hint="Set SITE_URL in the environment.",
                id="emulation.E001",
            )
        ]
    return []
