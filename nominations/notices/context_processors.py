"""The bell's count: one query for a signed-in staff member, none for anyone else."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from nominations.notices import services


def unread_notices(request: HttpRequest) -> dict[str, object]:
    """``unread_notices``: the signed-in user's unread count, read only if a template uses
    it (lazy), and never for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: services.unread_count(user))}
