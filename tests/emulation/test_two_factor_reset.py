"""The administrator's reset of another user's two factors (issue #12 fault): only from a
session verified by the administrator's own code, audited, and told to the user by e-mail."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.models import AuditLog, User
from tests import factories
from tests.two_factor import device_for, verify_session

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:emulation_user_changelist"
REFUSAL = (
    "Đặt lại xác thực hai lớp cần phiên đăng nhập của chính bạn đã được xác thực hai lớp: đăng "
    "ký ứng dụng xác thực ở trang Tài khoản, đăng xuất, đăng nhập lại với mã xác thực rồi thực "
    "hiện lại."
)


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(
        username="quantri",
        full_name="Trần Văn Quản",
        role="admin",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def deputy(db):
    return factories.UserFactory(username="phochutich", role="deputy", email="pct@example.vn")


def _resets(user: User) -> list[tuple[str, str]]:
    rows = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        action="otp_reset",
    )
    return [(row.actor_name, row.action) for row in rows]


def _reset(client, *users):
    return client.post(
        reverse(CHANGELIST),
        {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_unverified_administrator_cannot_reset(
    client, admin_user, deputy, django_capture_on_commit_callbacks
):
    device_for(deputy)
    client.force_login(admin_user)  # password only: no obligation, so no code was asked
    with django_capture_on_commit_callbacks(execute=True):
        response = _reset(client, deputy)
    assert _messages(response) == [REFUSAL]
    assert TOTPDevice.objects.filter(user=deputy).count() == 1
    assert _resets(deputy) == [] and mail.outbox == []


def test_a_verified_administrator_resets_audited_and_the_user_is_told(
    client, admin_user, deputy, chairman, django_capture_on_commit_callbacks
):
    device_for(deputy), device_for(chairman)
    chairman.email = ""
    chairman.save()
    client.force_login(admin_user)
    verify_session(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _reset(client, deputy, chairman)
    assert _messages(response) == [
        "Các tài khoản sau chưa có địa chỉ e-mail nên chưa được báo tin; hãy báo trực tiếp "
        "cho họ: chutich.",
        "Đã đặt lại xác thực hai lớp cho 2 tài khoản.",
    ]
    assert not TOTPDevice.objects.filter(user__in=[deputy, chairman]).exists()
    assert _resets(deputy) == [("quantri", "otp_reset")]
    assert _resets(chairman) == [("quantri", "otp_reset")]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["pct@example.vn"], "Xác thực hai lớp của tài khoản phochutich đã được đặt lại")
    ]
    body = mail.outbox[0].body
    assert body.startswith(
        "Quản trị viên Trần Văn Quản đã đặt lại xác thực hai lớp của tài khoản phochutich lúc "
    )
    assert "Lần đăng nhập tới, hệ thống sẽ yêu cầu bạn đăng ký lại ứng dụng xác thực." in body
    assert "Nếu bạn không đề nghị việc này, hãy báo ngay cho Văn phòng và đổi mật khẩu." in body


def test_a_reset_rolled_back_sends_no_mail(deputy, admin_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    from emulation.accounts import services

    device_for(deputy)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.reset_two_factor(deputy, admin_user)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert TOTPDevice.objects.filter(user=deputy).count() == 1
