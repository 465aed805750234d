"""Two-factor sign-in (issue #12, item 5): required for the chairman, deputies and the
secretary, optional for other staff, with recovery codes; every refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.accounts import services
from emulation.models import AuditLog, User
from tests import factories
from tests.two_factor import (
    code_for,
    current_code,
    device_for,
    login_unverified,
    verify_session,
)

pytestmark = pytest.mark.django_db

VERIFY = "/tai-khoan/xac-thuc/"
ENROL = "/tai-khoan/xac-thuc/dang-ky/"
CODES = "/tai-khoan/xac-thuc/ma-du-phong/"
WRONG = "Mã xác thực không đúng hoặc đã hết hạn."


def _errors(response) -> list[str]:
    forms = [response.context[name] for name in ("form", "rescue") if name in response.context]
    return [e for form in forms for e in form.errors.get("code", [])]


def _audit(user: User) -> list[tuple[str, str]]:
    rows = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).order_by("pk")
    return [(row.actor_name, row.action) for row in rows if row.action.startswith("otp_")]


@pytest.fixture
def deputy(db):
    return factories.UserFactory(username="phochutich", role="deputy")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)


def test_the_roles_that_sign_and_register_must_give_a_code(
    chairman, deputy, secretary, member, officer, admin_user
):
    required = {u.username: services.requires_two_factor(u) for u in (chairman, deputy, secretary)}
    optional = {u.username: services.requires_two_factor(u) for u in (member, officer, admin_user)}
    assert required == {"chutich": True, "phochutich": True, "thuky": True}
    assert optional == {"hoidong1": False, "catlinh": False, "quantri": False}
    chairman.is_active = False
    assert services.requires_two_factor(chairman) is False


# --- the password alone opens nothing ---------------------------------------------------


def test_chairman_without_a_device_is_sent_to_enrolment_and_reaches_no_staff_page(client, chairman):
    login_unverified(client, chairman)
    response = client.get("/hoi-dong/")
    assert (response.status_code, response["Location"]) == (302, VERIFY + "?next=%2Fhoi-dong%2F")
    response = client.get(VERIFY + "?next=/hoi-dong/")
    assert (response.status_code, response["Location"]) == (302, ENROL + "?next=%2Fhoi-dong%2F")
    for path in ("/hoi-dong/quyet-dinh/", "/bao-cao/", "/tai-khoan/", "/quan-tri/", CODES):
        assert client.get(path).status_code == 302, path
    assert client.get(ENROL).status_code == 200


def test_chairman_with_a_device_is_asked_for_the_code_and_then_reaches_the_council(
    client, chairman
):
    device = device_for(chairman)
    login_unverified(client, chairman)
    page = client.get(VERIFY + "?next=/hoi-dong/")
    assert page.status_code == 200
    assert "nav-review" not in page.content.decode()  # no staff menu before the code
    response = client.post(VERIFY, {"code": current_code(device), "next": "/hoi-dong/"})
    assert (response.status_code, response["Location"]) == (302, "/hoi-dong/")
    assert client.get("/hoi-dong/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # already verified: nothing more to ask


def test_wrong_code_is_refused_with_a_message_and_the_council_stays_closed(client, secretary):
    device = device_for(secretary)
    login_unverified(client, secretary)
    good = current_code(device)
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": bad, "next": "/hoi-dong/"})
    assert response.status_code == 200
    assert _errors(response) == [WRONG]
    assert client.get("/hoi-dong/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_throttle_refuses_even_the_right_code_until_the_wait_is_over(client, secretary):
    device = device_for(secretary)
    login_unverified(client, secretary)
    client.post(VERIFY, {"code": "000000"})
    client.post(VERIFY, {"code": "000001"})  # refused by the throttle (1 s), not counted
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(VERIFY, {"code": current_code(device)})
    assert _errors(response) == ["Nhập sai mã quá nhiều lần. Vui lòng thử lại sau 4 giây."]
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=5)
    )
    response = client.post(VERIFY, {"code": current_code(device), "next": "/hoi-dong/"})
    assert (response.status_code, response["Location"]) == (302, "/hoi-dong/")
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_already_used_is_refused(client, chairman):
    device = device_for(chairman)
    code = current_code(device)
    assert services.verify(chairman, code) == device
    with pytest.raises(services.TwoFactorError) as refused:
        services.verify(chairman, code)
    assert str(refused.value) == WRONG


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-2, False), (3, False)])
def test_a_clock_one_step_off_is_accepted_two_steps_is_not(chairman, offset, accepted):
    code = code_for(chairman, offset_steps=offset)
    if accepted:
        assert services.verify(chairman, code) == device_for(chairman)
    else:
        with pytest.raises(services.TwoFactorError):
            services.verify(chairman, code)


def test_a_password_only_session_cannot_replace_an_enrolled_device(client, chairman):
    device_for(chairman)
    login_unverified(client, chairman)
    response = client.get(ENROL)
    assert (response.status_code, response["Location"]) == (302, reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(user=chairman).count() == 1


def test_next_must_stay_on_this_site(client, chairman):
    device = device_for(chairman)
    login_unverified(client, chairman)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/can-bo/"


# --- enrolment and recovery codes -------------------------------------------------------------


def test_enrolment_qr_secret_confirm_then_ten_codes_shown_once(client, deputy):
    login_unverified(client, deputy)
    page = client.get(ENROL + "?next=/hoi-dong/quyet-dinh/")
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=deputy, confirmed=False)
    assert "<svg" in html and "<title>Mã QR</title>" in html
    assert page.context["secret"] == services.secret_of(device)
    assert len(page.context["secret"].replace(" ", "")) == 32

    response = client.post(ENROL, {"code": "123", "next": "/hoi-dong/quyet-dinh/"})
    assert _errors(response) == [WRONG]
    assert response.context["secret"] == services.secret_of(device)  # the same key again
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # throttled like any code: wait out the 1 s
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=2)
    )

    response = client.post(ENROL, {"code": current_code(device), "next": "/hoi-dong/quyet-dinh/"})
    assert (response.status_code, response["Location"]) == (
        302,
        CODES + "?next=%2Fhoi-dong%2Fquyet-dinh%2F",
    )
    device.refresh_from_db()
    assert device.confirmed is True
    codes = client.get(response["Location"]).context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=deputy).values_list("token", flat=True)
    )
    assert client.get(CODES).context["codes"] == []  # shown once
    assert client.get("/hoi-dong/quyet-dinh/").status_code == 200
    assert _audit(deputy) == [("phochutich", "otp_enrol")]


def test_each_new_enrolment_page_makes_a_new_key(client, chairman):
    login_unverified(client, chairman)
    first = client.get(ENROL).context["secret"]
    second = client.get(ENROL).context["secret"]
    assert first != second
    assert TOTPDevice.objects.filter(user=chairman).count() == 1


def test_a_recovery_code_works_once(client, secretary):
    device_for(secretary)
    codes = services.regenerate_recovery_codes(secretary)
    login_unverified(client, secretary)
    response = client.post(
        VERIFY, {"kind": "recovery", "code": codes[0].upper(), "next": "/hoi-dong/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/hoi-dong/")
    followed = client.get("/hoi-dong/")
    assert [str(m) for m in followed.context["messages"]] == [
        "Bạn vừa đăng nhập bằng mã dự phòng; còn lại 9 mã. Khi còn ít, hãy tạo bộ mã mới ở "
        "trang Tài khoản."
    ]
    client.post(reverse("logout"))
    login_unverified(client, secretary)
    again = client.post(VERIFY, {"kind": "recovery", "code": codes[0]})
    assert (again.status_code, _errors(again)) == (200, [WRONG])
    assert again.context["rescue_open"] is True
    assert services.remaining_recovery_codes(secretary) == 9
    assert _audit(secretary) == [("thuky", "otp_codes"), ("thuky", "otp_rescue")]


def test_regenerating_codes_voids_the_old_ones(client, secretary):
    client.force_login(secretary)  # verified
    old = services.regenerate_recovery_codes(secretary)
    response = client.post(CODES)
    assert response["Location"] == CODES
    new = client.get(CODES).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.filter(user=secretary).count() == 1
    with pytest.raises(services.TwoFactorError):
        services.verify(secretary, old[0])


def test_regenerating_codes_needs_a_verified_session(client, officer):
    client.force_login(officer)
    assert client.post(CODES).status_code == 403


# --- optional for other staff -----------------------------------------------------------------


def test_an_officer_may_work_without_and_once_enrolled_is_asked_too(client, officer):
    client.force_login(officer)
    assert client.get("/can-bo/").status_code == 200
    account = client.get("/tai-khoan/")
    assert account.context["enrolled"] is False and account.context["required"] is False
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=officer)
    client.post(ENROL, {"code": current_code(device)})
    assert client.get("/can-bo/").status_code == 200  # this session is verified
    client.post(reverse("logout"))

    client.force_login(officer)  # the next login notes the device: the code is asked
    response = client.get("/can-bo/")
    assert (response.status_code, response["Location"]) == (302, VERIFY + "?next=%2Fcan-bo%2F")
    client.post(VERIFY, {"code": code_for(officer)})
    assert client.get("/can-bo/").status_code == 200


# --- the administrator's reset ------------------------------------------------------------------


def test_admin_resets_a_lost_phone_and_the_chairman_must_enrol_again(client, chairman, admin_user):
    chairman_client = type(client)()
    chairman_client.force_login(chairman)  # a verified session on the chairman's side
    services.regenerate_recovery_codes(chairman)
    assert chairman_client.get("/hoi-dong/").status_code == 200

    client.force_login(admin_user)
    verify_session(client, admin_user)  # the administrator's own code (test_two_factor_reset)
    response = client.post(
        reverse("admin:emulation_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [chairman.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=chairman).exists()
    assert not StaticDevice.objects.filter(user=chairman).exists()
    assert _audit(chairman) == [("chutich", "otp_codes"), ("quantri", "otp_reset")]

    response = chairman_client.get("/hoi-dong/")
    assert response["Location"] == VERIFY + "?next=%2Fhoi-dong%2F"
    assert chairman_client.get(VERIFY)["Location"] == ENROL + "?next=%2Fcan-bo%2F"


def test_admin_user_list_shows_who_enrolled(client, chairman, admin_user):
    device_for(chairman)
    client.force_login(admin_user)
    response = client.get(reverse("admin:emulation_user_changelist"))
    rows = {u.username: u.has_two_factor for u in response.context["cl"].result_list}
    assert rows == {"chutich": True, "quantri": False}


def test_the_demo_key_is_shown_on_the_code_page_only_when_debug(client, chairman, settings):
    services.demo_device(chairman, services.DEMO_KEY_HEX)
    login_unverified(client, chairman)
    settings.DEBUG = True
    assert client.get(VERIFY).context["demo_secret"] == "THID UAKH ENTH UONG"
    settings.DEBUG = False
    assert client.get(VERIFY).context["demo_secret"] == ""


def test_the_admin_never_lists_devices_and_their_secrets():
    """Seeds and recovery codes are not shown to an administrator (reset from the user list)."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert [admin.site.is_registered(m) for m in (TOTPDevice, StaticDevice)] == [False, False]
