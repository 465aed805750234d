import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_and_login_in_real_browser(page, live_server, login, officer, authority):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "Gương người tốt, việc tốt"
    login("catlinh")
    assert (
        page.get_by_test_id("nav-nominations").is_visible()
        or page.locator(".navbar-toggler").is_visible()
    )
    assert "Xin chào" in page.locator("h1").inner_text()


def test_resident_switches_language_with_the_link_and_back(page, live_server, authority):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/guong-sang/?q=ngo")
    page.get_by_test_id("language-switch").click()
    page.wait_for_url(live_server.url + "/guong-sang/?q=ngo")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_test_id("language-switch").inner_text() == "Tiếng Việt"
    page.get_by_test_id("language-switch").click()
    page.wait_for_url(live_server.url + "/guong-sang/?q=ngo")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_test_id("language-switch").inner_text() == "English"
