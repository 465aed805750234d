from __future__ import annotations

from django.http import HttpRequest

from emulation.models import Authority


def current_authority(request: HttpRequest) -> Authority | None:
    """``Authority.current()`` read once per request and kept on it (header, council pages)."""
    kept = vars(request)
    if "_authority" not in kept:
        kept["_authority"] = Authority.current()
    return kept["_authority"]


def site(request: HttpRequest) -> dict[str, Authority | None]:
    """The authority (district name in the header) for every page; one cached query."""
    return {"authority": current_authority(request)}
