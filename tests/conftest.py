"""Shared fixtures: factories, users of every role, and the real-browser setup."""

from __future__ import annotations

import os

import pytest
from django.test import override_settings

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Tests create many users: the production hasher's million rounds are not under test."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Every test writes uploads into its own folders, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test():
    """A request in English (cookie or Accept-Language) leaves English active in the thread:
    each test starts in the site's language, Vietnamese, whatever ran before it."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _empty_cache():
    """The page cache and rate limits live in the per-process cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _two_factor_verified_logins(monkeypatch):
    """``client.force_login(chairman)`` gives a session already verified by a TOTP device, as
    after a real sign-in with the code (tests/two_factor.py); ``login_unverified`` does not."""
    from django.test import Client

    from tests.two_factor import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def authority(db):
    return factories.AuthorityFactory()


@pytest.fixture
def ward(db):
    return factories.WardFactory(name="Cát Linh", code="DD01")


@pytest.fixture
def other_ward(db):
    return factories.WardFactory(name="Thịnh Quang", code="DD15")


@pytest.fixture
def officer(ward):
    return factories.UserFactory(username="catlinh", role="ward_officer", ward=ward)


@pytest.fixture
def other_officer(other_ward):
    return factories.UserFactory(username="thinhquang", role="ward_officer", ward=other_ward)


@pytest.fixture
def secretary(db):
    return factories.UserFactory(username="thuky", role="secretary")


@pytest.fixture
def members(db):
    return [factories.UserFactory(username=f"hoidong{i}", role="member") for i in (1, 2, 3)]


@pytest.fixture
def member(members):
    return members[0]


@pytest.fixture
def chairman(db):
    return factories.UserFactory(username="chutich", role="chairman")


@pytest.fixture
def base_salaries(db):
    return factories.base_salaries()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese resident's browser: pages come up in Vietnamese (Accept-Language)."""
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def live_server(live_server, settings):
    """Browser tests get the real CSS and JS: live_server serves /static/ from the finders,
    which do not know the manifest's hashed names, so pages use plain names while it runs."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return live_server
