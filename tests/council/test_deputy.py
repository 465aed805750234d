"""The deputy chairman (Phó Chủ tịch UBND) may do what the chairman may; a decision he issues
prints "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" above his own name (issue #12, item 4)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from nominations import permissions
from nominations.decisions import services as decisions
from nominations.workflow import WorkflowError
from tests import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)


@pytest.fixture
def deputy(db):
    return factories.UserFactory(
        username="phochutich", role="deputy", full_name="Nguyễn Thanh Bình"
    )


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_deputy_may_what_the_chairman_may(deputy, chairman, member, secretary):
    draft = factories.DecisionFactory(state="submitted")  # trình ký: what the signer signs
    for user in (chairman, deputy):
        assert permissions.can_issue_decision(user, draft) is True
        assert permissions.can_confer_award(user) is True
        assert permissions.can_view_council(user) is True
    for user in (member, secretary):
        assert permissions.can_issue_decision(user, draft) is False
    deputy.is_active = False
    assert permissions.can_issue_decision(deputy, draft) is False


def test_deputy_issues_and_the_pdf_says_kt_chu_tich(
    client, deputy, secretary, make_nomination, campaign, authority, base_salaries
):
    nom = make_nomination("recommended", name="Nguyễn Đình Tính")
    issued = decisions.issue(decisions.draft(secretary, [nom], campaign=campaign), deputy, DAY)
    assert (issued.signer_name, issued.signer_title) == ("Nguyễn Thanh Bình", "Phó Chủ tịch")
    assert (issued.signs_on_behalf, issued.head_title) == (True, "Chủ tịch")

    client.force_login(secretary)
    flat = _pdf_text(client.get(reverse("decision-pdf", args=[issued.pk])))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thanh Bình" in flat
    # The decision is still the chairman's: "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA".
    assert "Chủ tịch Ủy ban nhân dân quận Đống Đa" in flat
    assert "Lê Tuấn Định" not in flat
    certificates = _pdf_text(client.get(reverse("decision-certificates", args=[issued.pk])))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thanh Bình" in certificates


def test_chairman_signs_without_kt(
    client, chairman, secretary, make_nomination, campaign, authority, base_salaries
):
    nom = make_nomination("recommended", name="Đoàn Thị Mai")
    issued = decisions.issue(decisions.draft(secretary, [nom], campaign=campaign), chairman, DAY)
    assert (issued.signer_name, issued.signer_title) == ("Lê Tuấn Định", "Chủ tịch")
    assert (issued.signs_on_behalf, issued.head_title) == (False, "Chủ tịch")
    client.force_login(secretary)
    flat = _pdf_text(client.get(reverse("decision-pdf", args=[issued.pk])))
    assert "KT." not in flat
    assert "CHỦ TỊCH Lê Tuấn Định" in flat


def test_a_member_cannot_issue(
    member, secretary, make_nomination, campaign, authority, base_salaries
):
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    with pytest.raises(WorkflowError) as refused:
        decisions.issue(draft, member, DAY)
    assert str(refused.value) == "Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định."


@pytest.mark.parametrize("role", ["deputy", "chairman"])
def test_a_signer_without_a_name_is_refused_never_printed_by_login(
    role, secretary, make_nomination, campaign, authority, base_salaries
):
    """An account made with a login name only ("phochutich") used to sign with that login
    printed under "PHÓ CHỦ TỊCH" on the decision and every certificate."""
    authority.chairman_name = ""
    authority.save()
    signer = factories.UserFactory(username="phochutich", role=role, full_name="")
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    with pytest.raises(WorkflowError) as refused:
        decisions.issue(draft, signer, DAY)
    assert "chưa có họ và tên" in str(refused.value)
    draft.refresh_from_db()
    assert (draft.state, draft.number, draft.signer_name) == ("draft", None, "")
    signer.full_name = "Nguyễn Thanh Bình"
    signer.save()
    assert decisions.issue(draft, signer, DAY).signer_name == "Nguyễn Thanh Bình"
