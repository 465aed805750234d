"""System checks of our own settings (``manage.py check``, some only with ``--deploy``)."""

from __future__ import annotations

from pathlib import Path
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


@register(Tags.security)
def secret_ballots_stay_secret(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The secret ballot's keys must not sit where the web server publishes files
    (``MEDIA_ROOT``) or where ``scripts/backup`` archives them (``MEDIA_ROOT``,
    ``PRIVATE_MEDIA_ROOT``): a backup or a download would open every ballot of the vote under
    way. ``SECRET_BALLOT_MIN_VOTERS`` below 3 would show how the one or two voters voted."""
    errors: list[CheckMessage] = []
    keys = Path(settings.BALLOT_KEY_DIR).resolve()
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        root = Path(getattr(settings, name)).resolve()
        if keys == root or root in keys.parents:
            errors.append(
                Error(
                    f"BALLOT_KEY_DIR ({keys}) must not be inside {name} ({root}).",
                    hint="Set BALLOT_KEY_DIR to a folder of its own, not backed up, not served.",
                    id="emulation.E002",
                )
            )
    if int(settings.SECRET_BALLOT_MIN_VOTERS) < 3:
        errors.append(
            Error(
                "SECRET_BALLOT_MIN_VOTERS must be at least 3 "
                f"(found {settings.SECRET_BALLOT_MIN_VOTERS}): with fewer voters the result "
                "shows each vote.",
                id="emulation.E003",
            )
        )
    return errors
