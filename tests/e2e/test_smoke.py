import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_and_login_in_real_browser(page, live_server, login, officer, authority):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "Gương người tốt, việc tốt"
    login("catlinh")
    assert page.get_by_test_id("nav-nominations").is_visible() or page.locator(
        ".navbar-toggler").is_visible()
    assert "Xin chào" in page.locator("h1").inner_text()
