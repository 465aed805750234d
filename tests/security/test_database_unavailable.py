"""A friendly 503 with Retry-After while PostgreSQL is unreachable, and recovery without a
restart. The real restart under load is bench/faults.py (not in CI)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db

FRIENDLY = "Hệ thống tạm thời gián đoạn"


@pytest.fixture
def raising_client(client):
    client.raise_request_exception = False
    return client


def _assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert FRIENDLY in response.content.decode()


@pytest.mark.urls("tests.security.urls_faults")
@pytest.mark.parametrize("url", ["/__faults__/lost/", "/__faults__/closed/"])
def test_a_view_losing_the_database_gets_503(raising_client, url):
    _assert_friendly_503(raising_client.get(url))


@pytest.mark.urls("tests.security.urls_faults")
def test_other_errors_stay_500(raising_client):
    response = raising_client.get("/__faults__/boom/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_every_query_failing_gives_503_then_recovers(raising_client, officer):
    """The cursor fails as during a PostgreSQL restart; the next request works again."""
    raising_client.force_login(officer)
    failure = OperationalError("could not connect to server: Connection refused")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure):
        _assert_friendly_503(raising_client.get(reverse("home")))
        _assert_friendly_503(raising_client.get(reverse("staff-home")))
    assert raising_client.get(reverse("home")).status_code == 200
    assert raising_client.get(reverse("staff-home")).status_code == 200


class _FailingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("the session store is unreachable")


def test_a_middleware_losing_the_database_gets_503(raising_client, settings):
    """Failures outside views (session, auth middlewares) are turned into 503 too."""
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.security.test_database_unavailable._FailingMiddleware",
    ]
    _assert_friendly_503(raising_client.get(reverse("login")))


def test_health_check_reports_503(client):
    failure = OperationalError("Connection refused")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}
