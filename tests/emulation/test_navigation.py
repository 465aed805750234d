import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_staff_pages_require_login(client):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('staff-home')}"


@pytest.mark.django_db
def test_anonymous_sees_login_link_and_no_staff_menu(client, authority):
    html = client.get(reverse("home")).content.decode()
    assert "Cán bộ đăng nhập" in html
    assert 'data-testid="nav-dashboard"' not in html
    assert "Quận Đống Đa" in html


@pytest.mark.django_db
def test_login_shows_role_navigation(client, officer, secretary, authority):
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-dashboard"' in html
    assert 'data-testid="nav-nominations"' in html
    assert 'data-testid="nav-review"' not in html
    client.logout()
    client.force_login(secretary)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-review"' in html
    assert 'data-testid="nav-nominations"' not in html


@pytest.mark.django_db
def test_error_pages_are_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english(client, authority):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_login_form_logs_in_and_goes_to_dashboard(client, officer):
    response = client.post(reverse("login"), {"username": "catlinh", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("staff-home")
    assert "Hoàng" not in client.get(reverse("staff-home")).content.decode()
    assert client.get(reverse("staff-home")).status_code == 200


@pytest.mark.django_db
def test_there_is_one_login_page(client):
    assert client.get("/tai-khoan/login/").status_code == 404
    assert client.get(reverse("login")).status_code == 200
    assert reverse("login") == "/tai-khoan/dang-nhap/"


@pytest.mark.django_db
def test_admin_pages_carry_the_offices_name(client):
    from tests.factories import UserFactory

    admin_user = UserFactory(username="quantri2", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Thi đua - Khen thưởng: quản trị hệ thống" in html
    assert "cho Django" not in html
