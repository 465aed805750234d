"""Every staff page declares, where it is declared, what its user must be allowed to do.

``emulation.decorators.requires`` keeps the predicate on the view; this walks the URL conf, so
a staff page added without it fails here. Residents' pages declare nothing: they are public.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from emulation.decorators import requires
from nominations import permissions
from tests import factories

STAFF_PREFIXES = ("can-bo/", "hoi-dong/", "bao-cao/")
# Staff actions that sit on a residents' page's address.
STAFF_ROUTES_ELSEWHERE = {"guong-sang/<int:pk>/noi-bat/"}
# The officer's start page routes every role to its own home: it asks nothing of anyone.
ROUTERS = {"can-bo/"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _staff_routes():
    return [
        (route, view)
        for route, view in _walk(get_resolver().url_patterns)
        if (route.startswith(STAFF_PREFIXES) or route in STAFF_ROUTES_ELSEWHERE)
        and route not in ROUTERS
    ]


def test_there_are_staff_pages():
    assert len(_staff_routes()) == 68  # the merges of #12–#18 added staff pages


@pytest.mark.parametrize("route", [route for route, _view in _staff_routes()])
def test_every_staff_page_declares_its_permission(route):
    view = dict(_staff_routes())[route]
    predicate = getattr(view, "permission", None)
    assert predicate is not None, f"{route}: add @requires(permissions.can_…)"
    assert getattr(permissions, predicate.__name__) is predicate, (
        f"{route}: the predicate must come from nominations.permissions"
    )


def test_requires_sends_anonymous_to_login_and_refuses_with_403(db):
    calls = []

    @requires(permissions.can_view_council, "Chỉ Hội đồng")
    def view(request):
        calls.append(request.user)
        return "rendered"

    rf = RequestFactory()
    request = rf.get("/x/")
    request.user = AnonymousUser()
    response = view(request)
    assert (response.status_code, response["Location"]) == (302, "/tai-khoan/dang-nhap/?next=/x/")

    from django.core.exceptions import PermissionDenied

    officer = factories.UserFactory(role="ward_officer", ward=factories.WardFactory())
    request.user = officer
    with pytest.raises(PermissionDenied) as refused:
        view(request)
    assert str(refused.value) == "Chỉ Hội đồng"

    secretary = factories.UserFactory(role="secretary")
    request.user = secretary
    assert view(request) == "rendered"
    assert calls == [secretary]
    assert view.permission is permissions.can_view_council
