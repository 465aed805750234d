"""Login throttling (django-axes): ten wrong passwords lock the *account* for an hour, with a
Vietnamese message; other accounts behind the same address keep working."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Tài khoản tạm thời bị khóa"


def _post(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def test_ten_wrong_passwords_lock_the_account(client, officer):
    for attempt in range(1, 10):
        response = _post(client, "catlinh", f"sai-mat-khau-{attempt}")
        assert response.status_code == 200, attempt
        assert LOCKED_TEXT not in response.content.decode()
    tenth = _post(client, "catlinh", "sai-mat-khau-10")
    assert tenth.status_code == 429
    page = tenth.content.decode()
    assert LOCKED_TEXT in page
    assert "thử lại sau một giờ" in page
    # Even the right password is refused while the lock lasts.
    right = _post(client, "catlinh", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_is_per_account_not_per_address(client, officer, other_officer):
    for attempt in range(10):
        _post(client, "catlinh", f"sai-{attempt}")
    other = _post(client, "thinhquang", PASSWORD)
    assert other.status_code == 302
    assert other["Location"] == reverse("staff-home")


def test_lock_expires_after_an_hour(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(10):
            _post(client, "catlinh", f"sai-{attempt}")
        assert _post(client, "catlinh", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        response = _post(client, "catlinh", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_a_successful_login_resets_the_count(client, officer):
    for attempt in range(9):
        _post(client, "catlinh", f"sai-{attempt}")
    assert _post(client, "catlinh", PASSWORD).status_code == 302
    client.logout()
    for attempt in range(9):
        response = _post(client, "catlinh", f"lai-sai-{attempt}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("ngan2026", {"password_too_short"}),
        ("1234567890123", {"password_entirely_numeric"}),
        ("password123", {"password_too_common"}),
        ("qwertyuiop", {"password_too_common"}),
    ],
)
def test_password_validators_refuse_weak_passwords(officer, password, codes):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, officer)
    assert codes <= {e.code for e in refused.value.error_list}


def test_password_similar_to_the_username_is_refused(officer):
    officer.username = "catlinhphuong"
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("catlinhphuong1", officer)
    assert {e.code for e in refused.value.error_list} == {"password_too_similar"}


def test_a_long_uncommon_password_is_accepted(officer):
    assert password_validation.validate_password("Hoa-sen-no-giua-dam-2026", officer) is None
