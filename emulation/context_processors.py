from __future__ import annotations

from django.http import HttpRequest

from emulation.models import Authority


def site(request: HttpRequest) -> dict:
    """The authority (district name in the header) for every page; one cached query."""
    if not hasattr(request, "_authority"):
        request._authority = Authority.current()
    return {"authority": request._authority}
