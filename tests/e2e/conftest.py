"""Real-browser helpers: log a user in through the login page."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def login(page, live_server):
    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/(can-bo|hoi-dong|quan-tri)/"))
        return page

    return _login
