"""Real-browser helpers: log a user in through the login page."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD
from tests.two_factor import browser_sign_in


@pytest.fixture
def login(page, live_server):
    """Password, then the TOTP code for the roles that must give one (tests/two_factor.py)."""

    def _login(username: str, password: str = PASSWORD):
        browser_sign_in(page, live_server.url, username, password)
        page.wait_for_url(re.compile(r"/(can-bo|hoi-dong|quan-tri)/"))
        return page

    return _login
