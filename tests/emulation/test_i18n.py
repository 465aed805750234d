"""Key pages in English and in Vietnamese: the texts that used to stay Vietnamese in English
(lazy texts under an alias xgettext does not know, model fields without a verbose name) and
the admin's texts that stayed English in Vietnamese (Django's and django-axes' gaps, money
without thousands separators)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from nominations.models import Award, Decision, DecisionState, Transition
from tests import factories

pytestmark = pytest.mark.django_db

EN, VI = "en", "vi"


def page(client, language: str, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    if "jsi18n" not in url:
        assert f'<html lang="{language}"' in html
    return html


def shows(html: str, present: list[str], absent: list[str]) -> None:
    missing = [text for text in present if text not in html]
    leaked = [text for text in absent if text in html]
    assert not missing and not leaked, {"missing": missing, "leaked": leaked}


# --- residents --------------------------------------------------------------------------


@pytest.mark.parametrize("language", [EN, VI])
def test_public_home(client, authority, language):
    html = page(client, language, reverse("home"))
    english = ["Good people, good deeds exemplars", "Suggest a good person", "Ongoing campaigns"]
    vietnamese = ["Gương người tốt, việc tốt", "Giới thiệu người tốt", "Phong trào đang phát động"]
    if language == EN:
        shows(html, english, vietnamese)
    else:
        shows(html, vietnamese, english)


SUGGESTION_EN = [
    "Full name of the person you suggest",
    "Ward where the person lives or works",
    "Residential group, workplace or school",
    "Their good deeds",
    "Tell us briefly what they did, where and when (30 to 5,000 characters).",
    "Photo (optional)",
    "JPEG, PNG or WebP, at most 10 MB. Only ward officers can see it.",
    "Your phone number or email address",
    "Used only by ward officers to contact you and check; never published.",
    "Website (leave this box empty)",
]
SUGGESTION_VI = [
    "Họ tên người được giới thiệu",
    "Phường nơi người đó sinh sống hoặc làm việc",
    "Tổ dân phố, cơ quan hoặc trường học",
    "Việc tốt của họ",
    "Kể ngắn gọn họ đã làm gì, ở đâu, khi nào (từ 30 đến 5.000 ký tự).",
    "Ảnh (không bắt buộc)",
    "JPEG, PNG hoặc WebP, tối đa 10 MB. Chỉ cán bộ phường xem được.",
    "Số điện thoại hoặc thư điện tử của bạn",
    "Chỉ dùng để cán bộ phường liên hệ xác minh, không công khai.",
    "Trang web (để trống ô này)",
]


@pytest.mark.parametrize("language", [EN, VI])
def test_suggestion_form(client, authority, language):
    html = page(client, language, reverse("suggest"))
    if language == EN:
        shows(html, SUGGESTION_EN, SUGGESTION_VI)
    else:
        shows(html, SUGGESTION_VI, SUGGESTION_EN)


# --- ward officers ----------------------------------------------------------------------


@pytest.fixture
def dossier(officer, ward):
    """A submitted dossier of the officer's ward whose history has one step of each origin:
    the ward's form, the workflow and the Excel import."""
    nomination = factories.NominationFactory(ward=ward, state="submitted", created_by=officer)
    for action, before, after in [
        ("create", "", "draft"),
        ("import", "draft", "draft"),
        ("submit", "draft", "submitted"),
    ]:
        Transition.objects.create(
            nomination=nomination, actor=officer, action=action, from_state=before, to_state=after
        )
    return nomination


@pytest.mark.parametrize("language", [EN, VI])
def test_ward_list(client, officer, dossier, language):
    client.force_login(officer)
    html = page(client, language, reverse("nomination-list"))
    english = ["Search by name", "Sort by", "Recently updated", "Name (Vietnamese order)"]
    vietnamese = ["Tìm tên", "Sắp xếp", "Mới cập nhật", "Tên (theo thứ tự tiếng Việt)"]
    if language == EN:
        shows(html, english, vietnamese)
    else:
        shows(html, vietnamese, english)


@pytest.mark.parametrize("language", [EN, VI])
def test_start_page(client, officer, language):
    factories.CampaignFactory(name="Người tốt, việc tốt")
    client.force_login(officer)
    html = page(client, language, reverse("nomination-create"))
    if language == EN:
        shows(html, ["Nominee type"], ["Đối tượng đề nghị"])
    else:
        shows(html, ["Đối tượng đề nghị"], ["Nominee type"])


@pytest.mark.parametrize("language", [EN, VI])
def test_dossier_history_and_evidence_help(client, officer, dossier, language):
    dossier.state = "draft"  # evidence is added to drafts
    dossier.save()
    client.force_login(officer)
    detail = page(client, language, reverse("nomination-detail", args=[dossier.pk]))
    evidence = page(client, language, reverse("evidence-upload", args=[dossier.pk]))
    english = ["Dossier created", "Imported from an Excel file", "Dossier submitted"]
    vietnamese = ["Lập hồ sơ", "Nhập từ tệp Excel", "Nộp hồ sơ"]
    help_en = "PDF (at most 20 MB) or JPEG, PNG, WebP images (at most 10 MB)"
    help_vi = "PDF (tối đa 20 MB) hoặc ảnh JPEG, PNG, WebP (tối đa 10 MB)"
    if language == EN:
        shows(detail, english, vietnamese)
        shows(evidence, [help_en], [help_vi])
    else:
        shows(detail, vietnamese, english)
        shows(evidence, [help_vi], [help_en])


# --- administrator ----------------------------------------------------------------------


@pytest.fixture
def administrator(db):
    return factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True, ward=None
    )


@pytest.fixture
def issued(authority, dossier, administrator):
    decision = Decision.objects.create(
        authority=authority,
        title="Về việc khen thưởng",
        state=DecisionState.ISSUED,
        decided_on=dt.date(2026, 10, 15),
        year=2026,
        number=125,
        symbol="QĐ-UBND",
        created_by=administrator,
    )
    Award.objects.create(
        decision=decision,
        nomination=dossier,
        coefficient=Decimal("0.30"),
        base_salary=2_340_000,
        amount=710_000,
    )
    return decision


@pytest.mark.parametrize("language", [EN, VI])
def test_admin_index(client, administrator, language):
    client.force_login(administrator)
    html = page(client, language, reverse("admin:index"))
    english = ["Access attempts", "Failed logins and account lockouts", "Skip to main content"]
    vietnamese = [
        "Lượt đăng nhập sai",
        "Đăng nhập sai và khóa tài khoản",
        "Chuyển đến nội dung chính",
    ]
    if language == EN:
        shows(html, english, vietnamese)
    else:
        shows(html, vietnamese, english + [">Axes<"])


@pytest.mark.parametrize("language", [EN, VI])
def test_admin_money_change_list(client, administrator, base_salaries, language):
    client.force_login(administrator)
    html = page(client, language, reverse("admin:campaigns_basesalary_changelist"))
    header = "Base salary (đồng)" if language == EN else "Mức lương cơ sở (đồng)"
    shows(html, ["2.340.000 ₫", "1.800.000 ₫", header], ["2340000", "2,340,000"])


@pytest.mark.parametrize("language", [EN, VI])
def test_admin_decision_and_dossier(client, administrator, issued, dossier, language):
    client.force_login(administrator)
    decision = page(
        client, language, reverse("admin:nominations_decision_change", args=[issued.pk])
    )
    nomination = page(
        client, language, reverse("admin:nominations_nomination_change", args=[dossier.pk])
    )
    shows(decision, ["710.000 ₫", "2.340.000 ₫"], ["710000", "2340000"])
    # The lifecycle names each step: the signature is "Người ký" at "Thời điểm ký".
    english = ["Drafted by", "Signed at", "Signer", "Verification code"]
    vietnamese = ["Người soạn thảo", "Thời điểm ký", "Người ký", "Mã xác minh"]
    history_en, history_vi = ["Created by", "Dossier submitted"], ["Người lập", "Nộp hồ sơ"]
    if language == EN:
        shows(decision, english, vietnamese)
        shows(nomination, history_en, history_vi)
    else:
        shows(decision, vietnamese, english + ["Created by"])
        shows(nomination, history_vi, history_en)


def test_admin_javascript_catalogue_is_vietnamese(client, administrator):
    """The admin's "Choose all …" selector: Django's Vietnamese lacks it, locale/vi has it."""
    client.force_login(administrator)
    script = page(client, VI, reverse("admin:jsi18n"))
    for english, vietnamese in [
        ("Choose all %s", "Chọn tất cả %s"),
        ("Remove all %s", "Bỏ tất cả %s"),
        ("Sunday", "Chủ nhật"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(vietnamese)}" in script


def test_this_module_keeps_its_app_config():
    """emulation/apps.py also holds django-axes' config: ours stays the module's default
    (its ready() connects the audit log and the page cache)."""
    from emulation.apps import AxesConfig, EmulationConfig

    assert type(apps.get_app_config("emulation")) is EmulationConfig
    assert type(apps.get_app_config("axes")) is AxesConfig
