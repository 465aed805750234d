"""A view's permission, declared where the view is declared.

``@requires(permissions.can_view_council, message)`` logs the visitor in first (login page for
an anonymous one), then asks the permission module; a user it refuses gets 403 with *message*.
The predicate is kept on the view (``view.permission``) so tests can list what every URL asks.
Object-level questions ("may he edit this dossier?") stay in the view, asked of the same module
once the object is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

if TYPE_CHECKING:
    from emulation.models import User

View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """For annotations: the request a view behind ``@requires`` (or ``login_required``) gets,
    whose ``user`` is a signed-in User, never AnonymousUser."""

    user: User


def requires(predicate: Callable[[Any], bool], message: Any = "") -> Callable[[View], View]:
    """Wrap *view* so that only users for whom ``predicate(user)`` is true reach it.

    Raises ``PermissionDenied(message)`` (403) for a logged-in user the predicate refuses;
    an anonymous visitor is sent to the login page.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not predicate(request.user):
                raise PermissionDenied(message) if message else PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(checked)
        guarded.permission = predicate  # type: ignore[attr-defined]
        return guarded

    return decorator
