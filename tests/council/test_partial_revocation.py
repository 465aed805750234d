"""Revoking some awardees of a decision, not all (Luật Thi đua, khen thưởng 2022, Điều 93.2)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import RegisterCounter
from nominations.decisions import services as decisions
from nominations.models import Award, Decision, Nomination, Transition
from nominations.public.services import exemplar_url
from nominations.workflow import WorkflowError
from tests.two_factor import browser_sign_in

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Đình Tính", "Đoàn Thị Mai", "Ngô Thanh Thủy"]
DAY = dt.date(2026, 11, 26)
LATER = DAY + dt.timedelta(days=5)
REASON = "Kết luận thanh tra số 12/KL-TTr ngày 20/11/2026 xác định khai sai thành tích."


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response) if response.streaming else response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _issue_award_decision(secretary, chairman, make_nomination, campaign, names, day=DAY):
    noms = [make_nomination("recommended", name=name) for name in names]
    return decisions.issue(decisions.draft(secretary, noms, campaign=campaign), chairman, today=day)


@pytest.fixture
def issued(secretary, chairman, make_nomination, campaign, authority, base_salaries):
    RegisterCounter.objects.create(doc_type="QĐ", authority=authority, year=2026, last_number=124)
    return _issue_award_decision(secretary, chairman, make_nomination, campaign, NAMES)


def draft_before_the_check(secretary, target, awards, **kwargs) -> Decision:
    """A revocation draft naming awards another draft already names, as drafts made before
    drafting refused it (``decisions.revocations_holding``) may still do."""
    from unittest import mock

    with mock.patch.object(decisions, "revocations_holding", return_value={}):
        return decisions.draft_revocation(secretary, target, awards=awards, **kwargs)


def _award(decision, name) -> Award:
    return Award.objects.select_related("nomination").get(
        decision=decision, nomination__nominee__full_name=name
    )


def _states(decision) -> dict[str, tuple[str, int | None]]:
    return {
        a.nomination.nominee.full_name: (a.nomination.state, a.revoked_by_id)
        for a in Award.objects.filter(decision=decision).select_related("nomination__nominee")
    }


def test_revoke_one_of_three_end_to_end(client, issued, secretary, chairman):
    mai, tinh, thuy = (
        _award(issued, name) for name in ("Đoàn Thị Mai", "Nguyễn Đình Tính", "Ngô Thanh Thủy")
    )
    # Residents see all three before (and the pages are cached for them).
    for award in (mai, tinh, thuy):
        assert client.get(exemplar_url(award.nomination)).status_code == 200
    assert "Đoàn Thị Mai" in client.get(reverse("gallery")).content.decode()

    client.force_login(secretary)
    page = client.get(reverse("decision-revoke", args=[issued.pk])).content.decode()
    assert page.count('data-testid="revoke-row"') == 3
    assert page.count('name="awards"') == 3 and " checked" not in page  # none chosen up front
    assert 'id="select-all"' in page and "/static/js/council." in page  # no inline script
    response = client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [mai.pk], "ground": "93.2.a", "reason": REASON},
    )
    revocation = Decision.objects.get(kind="revocation")
    assert response.url == reverse("decision-detail", args=[revocation.pk])
    assert list(revocation.target_awards.all()) == [mai]
    assert revocation.title == (
        "Về việc hủy bỏ một phần Quyết định số 125/QĐ-UBND ngày 26/11/2026 và thu hồi hiện "
        "vật, tiền thưởng"
    )
    assert (revocation.revocation_ground, revocation.revocation_reason) == ("93.2.a", REASON)
    assert revocation.legal_bases == decisions.default_legal_bases(issued.authority)

    detail = client.get(response.url).content.decode()
    assert detail.count('data-testid="revoked-row"') == 1
    assert "Đoàn Thị Mai" in detail and "Nguyễn Đình Tính" not in detail
    draft_pdf = _pdf_text(client.get(reverse("decision-pdf", args=[revocation.pk])))
    assert "DỰ THẢO" in draft_pdf and "đối với 1 trường hợp sau" in draft_pdf
    assert "Đoàn Thị Mai" in draft_pdf and "Ngô Thanh Thủy" not in draft_pdf

    decisions.submit(revocation, secretary)
    client.force_login(chairman)
    client.post(reverse("decision-issue", args=[revocation.pk]), {"confirm": "yes"})
    assert Decision.objects.get(pk=revocation.pk).state == "signed"
    assert set(Nomination.objects.values_list("state", flat=True)) == {"awarded"}  # not yet
    client.force_login(secretary)
    client.post(reverse("decision-register", args=[revocation.pk]), {"confirm": "yes"})
    response = client.post(
        reverse("decision-publish", args=[revocation.pk]), {"confirm": "yes"}, follow=True
    )
    assert "Đã phát hành Quyết định số 126/QĐ-UBND." in response.content.decode()
    revocation.refresh_from_db()
    assert _states(issued) == {
        "Đoàn Thị Mai": ("revoked", revocation.pk),
        "Nguyễn Đình Tính": ("awarded", None),
        "Ngô Thanh Thủy": ("awarded", None),
    }
    assert (
        Transition.objects.filter(nomination=mai.nomination).last().comment
        == "Thu hồi theo Quyết định số 126/QĐ-UBND"
    )
    assert Decision.objects.get(pk=issued.pk).state == "issued"  # kept on record

    pdf = _pdf_text(client.get(reverse("decision-pdf", args=[revocation.pk])))
    assert "Số: 126/QĐ-UBND" in pdf and "Hủy bỏ Quyết định số 125/QĐ-UBND" in pdf
    assert "đối với 1 trường hợp sau" in pdf and "Đoàn Thị Mai" in pdf
    assert "Nguyễn Đình Tính" not in pdf and "Ngô Thanh Thủy" not in pdf
    assert (
        "Các nội dung khác của Quyết định số 125/QĐ-UBND ngày 26/11/2026 giữ nguyên "
        "hiệu lực." in pdf
    )
    award_pdf = _pdf_text(client.get(reverse("decision-pdf", args=[issued.pk])))
    assert all(name in award_pdf for name in NAMES)  # the original decision is unchanged

    # The award decision: one row struck out, the others still with their certificate.
    page = client.get(reverse("decision-detail", args=[issued.pk])).content.decode()
    assert page.count("text-decoration-line-through") == 1
    assert tinh.verification_code in page and mai.verification_code not in page

    # Residents: the revoked one is gone, the other two stay; verification agrees.
    client.logout()
    assert client.get(exemplar_url(mai.nomination)).status_code == 404
    for award in (tinh, thuy):
        assert client.get(exemplar_url(award.nomination)).status_code == 200
    gallery = client.get(reverse("gallery")).content.decode()
    assert "Đoàn Thị Mai" not in gallery and "Nguyễn Đình Tính" in gallery
    html = client.get(reverse("verify", args=[mai.verification_code])).content.decode()
    assert (
        "Khen thưởng này đã bị thu hồi theo Quyết định số 126/QĐ-UBND ngày "
        f"{revocation.decided_on:%d/%m/%Y}."
    ) in html
    for award in (tinh, thuy):
        html = client.get(reverse("verify", args=[award.verification_code])).content.decode()
        assert "Giấy khen hợp lệ." in html and "đã bị thu hồi" not in html

    # The two left can be revoked later by another decision; the form offers only them.
    client.force_login(secretary)
    page = client.get(reverse("decision-revoke", args=[issued.pk])).content.decode()
    assert page.count('data-testid="revoke-row"') == 2 and "Đoàn Thị Mai" not in page


def test_whole_decision_keeps_its_title_and_pdf(client, issued, secretary, chairman):
    revocation = decisions.draft_revocation(
        secretary,
        issued,
        awards=list(Award.objects.filter(decision=issued)),
        ground="93.2.a",
        reason=REASON,
    )
    assert revocation.title == (
        "Về việc hủy bỏ Quyết định số 125/QĐ-UBND ngày 26/11/2026 và thu hồi hiện vật, tiền thưởng"
    )
    decisions.issue(revocation, chairman, today=LATER)
    client.force_login(secretary)
    pdf = _pdf_text(client.get(reverse("decision-pdf", args=[revocation.pk])))
    assert "đối với 3 trường hợp sau" in pdf and all(name in pdf for name in NAMES)
    assert "giữ nguyên hiệu lực" not in pdf


def test_nothing_chosen_is_refused(client, issued, secretary):
    client.force_login(secretary)
    response = client.post(reverse("decision-revoke", args=[issued.pk]), {"reason": REASON})
    assert response.status_code == 200
    assert "Chọn ít nhất một người cần thu hồi khen thưởng." in response.content.decode()
    response = client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [_award(issued, "Đoàn Thị Mai").pk], "reason": " "},
    )
    assert 'data-testid="revoke-row"' in response.content.decode()  # shown again, chosen kept
    assert response.content.decode().count(" checked") == 1
    with pytest.raises(WorkflowError, match="Chọn ít nhất một người cần thu hồi khen thưởng."):
        decisions.draft_revocation(secretary, issued, awards=[], ground="93.2.a", reason=REASON)
    assert Decision.objects.filter(kind="revocation").count() == 0


def test_award_of_another_decision_is_refused(
    client, issued, secretary, chairman, make_nomination, campaign
):
    other = _issue_award_decision(
        secretary, chairman, make_nomination, campaign, ["Nguyễn Thị Thu Hương"]
    )
    foreign = other.awards.get()
    client.force_login(secretary)
    for value in ([foreign.pk], [_award(issued, "Đoàn Thị Mai").pk, foreign.pk], ["abc"]):
        response = client.post(
            reverse("decision-revoke", args=[issued.pk]),
            {"awards": value, "ground": "93.2.a", "reason": REASON},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert (
            "Khen thưởng đã chọn không thuộc quyết định này hoặc đã bị thu hồi." in html
            or "Chọn khen thưởng trong danh sách." in html
        )
    with pytest.raises(
        WorkflowError, match="Chỉ thu hồi được khen thưởng của Quyết định số 125/QĐ-UBND."
    ):
        decisions.draft_revocation(
            secretary, issued, awards=[foreign], ground="93.2.a", reason=REASON
        )
    assert Decision.objects.filter(kind="revocation").count() == 0
    assert foreign.nomination.__class__.objects.get(pk=foreign.nomination_id).state == "awarded"


def test_award_revoked_meanwhile_refuses_the_issue(client, issued, secretary, chairman):
    mai, tinh = _award(issued, "Đoàn Thị Mai"), _award(issued, "Nguyễn Đình Tính")
    first = decisions.draft_revocation(
        secretary, issued, awards=[mai], ground="93.2.a", reason=REASON
    )
    second = draft_before_the_check(secretary, issued, [mai, tinh], ground="93.2.a", reason=REASON)
    decisions.issue(first, chairman, today=LATER)  # 126
    with pytest.raises(
        WorkflowError,
        match="khen thưởng của Đoàn Thị Mai đã bị thu hồi theo Quyết định số 126/QĐ-UBND",
    ):
        decisions.issue(second, chairman, today=LATER)
    second.refresh_from_db()
    assert (second.state, second.number) == ("draft", None)
    assert _states(issued)["Nguyễn Đình Tính"] == ("awarded", None)
    assert RegisterCounter.objects.get().last_number == 126  # no number spent on the refusal
    # Drafting again for the revoked one is refused as well.
    with pytest.raises(WorkflowError, match="Khen thưởng của Đoàn Thị Mai đã bị thu hồi."):
        decisions.draft_revocation(secretary, issued, awards=[mai], ground="93.2.a", reason=REASON)

    # The draft says so; the secretary drops her, and the chairman can sign.
    client.force_login(secretary)
    page = client.get(reverse("decision-detail", args=[second.pk])).content.decode()
    assert "Khen thưởng của Đoàn Thị Mai đã bị thu hồi theo Quyết định số 126/QĐ-UBND" in page
    client.post(
        reverse("decision-edit", args=[second.pk]),
        {
            "title": second.title,
            "legal_bases": second.legal_bases,
            "recipients": second.recipients,
            "ground": "93.2.a",
            "reason": REASON,
            "remove": [mai.pk],
        },
    )
    assert list(second.target_awards.all()) == [tinh]
    response = client.post(
        reverse("decision-edit", args=[second.pk]),
        {
            "title": second.title,
            "legal_bases": second.legal_bases,
            "recipients": second.recipients,
            "ground": "93.2.a",
            "reason": REASON,
            "remove": [tinh.pk],
        },
        follow=True,
    )
    assert "Quyết định thu hồi phải còn ít nhất một khen thưởng." in response.content.decode()
    assert list(second.target_awards.all()) == [tinh]
    decisions.issue(second, chairman, today=LATER)
    assert _states(issued) == {
        "Đoàn Thị Mai": ("revoked", first.pk),
        "Nguyễn Đình Tính": ("revoked", second.pk),
        "Ngô Thanh Thủy": ("awarded", None),
    }


def test_draft_without_named_awards_revokes_all_that_remain(issued, secretary, chairman):
    """Drafts made before awards were named keep their meaning: every award still valid."""
    mai = _award(issued, "Đoàn Thị Mai")
    first = decisions.draft_revocation(
        secretary, issued, awards=[mai], ground="93.2.a", reason=REASON
    )
    old = draft_before_the_check(secretary, issued, None, ground="93.2.a", reason=REASON)
    assert old.target_awards.count() == 3  # recorded by name from now on
    old.target_awards.clear()  # as a draft saved before the field existed
    assert len(decisions.revocation_lines(old)) == 3
    decisions.issue(first, chairman, today=LATER)
    assert [
        line.award.nomination.nominee.full_name for line in decisions.revocation_lines(old)
    ] == [
        "Ngô Thanh Thủy",  # Vietnamese
        "Nguyễn Đình Tính",
    ]  # order
    decisions.issue(old, chairman, today=LATER)
    assert set(Nomination.objects.values_list("state", flat=True)) == {"revoked"}
    assert Award.objects.filter(revoked_by=old).count() == 2


@pytest.mark.parametrize("who", ["member", "chairman", "officer"])
def test_only_the_secretary_drafts_a_revocation(client, issued, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("decision-revoke", args=[issued.pk])
    assert client.get(url).status_code == 403
    mai = _award(issued, "Đoàn Thị Mai")
    assert (
        client.post(url, {"awards": [mai.pk], "ground": "93.2.a", "reason": REASON}).status_code
        == 403
    )
    with pytest.raises(WorkflowError, match="Chỉ thư ký Hội đồng được dự thảo quyết định."):
        decisions.draft_revocation(user, issued, awards=[mai], ground="93.2.a", reason=REASON)
    assert Decision.objects.filter(kind="revocation").count() == 0


def test_only_the_chairman_issues_a_revocation(
    client, issued, secretary, member, officer, chairman
):
    revocation = decisions.draft_revocation(
        secretary, issued, awards=[_award(issued, "Đoàn Thị Mai")], ground="93.2.a", reason=REASON
    )
    for user in (secretary, member, officer):
        with pytest.raises(
            WorkflowError, match="Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định."
        ):
            decisions.issue(revocation, user, today=LATER)
    decisions.submit(revocation, secretary)
    client.force_login(secretary)
    client.post(reverse("decision-issue", args=[revocation.pk]), {"confirm": "yes"})
    assert Decision.objects.get(pk=revocation.pk).state == "submitted"
    assert set(Nomination.objects.values_list("state", flat=True)) == {"awarded"}
    decisions.issue(revocation, chairman, today=LATER)
    with pytest.raises(WorkflowError, match="đã được ký, không thể ký lại"):
        decisions.issue(revocation, chairman, today=LATER)


def test_a_draft_or_a_revocation_cannot_be_revoked(
    client, issued, secretary, make_nomination, campaign
):
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    revocation = decisions.draft_revocation(
        secretary, issued, awards=[_award(issued, "Đoàn Thị Mai")], ground="93.2.a", reason=REASON
    )
    client.force_login(secretary)
    for decision in (draft, revocation):
        page = client.get(reverse("decision-revoke", args=[decision.pk])).content.decode()
        assert "Chỉ thu hồi được quyết định khen thưởng đã ban hành." in page
        assert 'name="awards"' not in page


def test_revocation_form_queries_do_not_grow_with_the_awards(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    small = _issue_award_decision(
        secretary, chairman, make_nomination, campaign, [f"Người thứ {i}" for i in range(3)]
    )
    large = _issue_award_decision(
        secretary, chairman, make_nomination, campaign, [f"Người số {i}" for i in range(30)]
    )
    client.force_login(secretary)
    counts = []
    for decision, rows in ((small, 3), (large, 30)):
        url = reverse("decision-revoke", args=[decision.pk])
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count('data-testid="revoke-row"') == rows
        counts.append(len(queries))
    assert counts[0] == counts[1]
    chosen = list(large.awards.values_list("pk", flat=True)[:20])
    url = reverse("decision-revoke", args=[large.pk])
    with CaptureQueriesContext(connection) as few:
        client.post(url, {"awards": chosen[:2], "reason": ""})
    with CaptureQueriesContext(connection) as many:
        client.post(url, {"awards": chosen, "reason": ""})
    assert len(few) == len(many)  # a refused form shown again: still constant


AXE = Path(__file__).resolve().parent.parent / "public" / "vendor" / "axe.min.js"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_select_all_and_choose_in_a_real_browser(page, live_server, issued, secretary):
    """council.js (no inline script under the CSP): select all, then keep only one."""
    page.add_init_script(path=str(AXE))
    browser_sign_in(page, live_server.url, secretary.username)  # password, then the code
    page.goto(live_server.url + reverse("decision-revoke", args=[issued.pk]))
    boxes, everyone = page.locator("input[name=awards]"), page.locator("#select-all")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [False] * 3
    everyone.check()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True] * 3
    everyone.uncheck()
    page.get_by_label("Nguyễn Đình Tính").check()
    assert everyone.evaluate("box => [box.checked, box.indeterminate]") == [False, True]
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id); }""")
    assert violations == []
    page.locator("input[name=ground][value='93.2.a']").check()
    page.get_by_label("Lý do thu hồi").fill(REASON)
    page.get_by_test_id("draft-revocation").click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("revoked-row")
    assert rows.count() == 1 and "Nguyễn Đình Tính" in rows.inner_text()


@pytest.mark.django_db(transaction=True)
def test_two_revocations_of_the_same_awardee_signed_at_once(issued, secretary, chairman):
    """Row locks: one revocation wins, the other is refused; she is revoked exactly once."""
    from tests.council.test_concurrency import _run_together

    mai, thuy = _award(issued, "Đoàn Thị Mai"), _award(issued, "Ngô Thanh Thủy")
    drafts = [
        decisions.draft_revocation(
            secretary, issued, awards=[mai, thuy], ground="93.2.a", reason=REASON
        ),
        draft_before_the_check(secretary, issued, [mai], ground="93.2.a", reason=REASON),
    ]
    results, errors = _run_together(
        lambda d: decisions.issue(d, chairman, today=LATER).pk, [(d,) for d in drafts]
    )
    assert len(results) == 1 and [type(e) for e in errors] == [WorkflowError]
    assert "đã bị thu hồi theo Quyết định số 126/QĐ-UBND" in errors[0].message
    winner = Decision.objects.get(pk=results[0])
    assert (winner.state, winner.number) == ("issued", 126)
    assert Award.objects.get(pk=mai.pk).revoked_by_id == winner.pk
    assert Transition.objects.filter(nomination=mai.nomination, to_state="revoked").count() == 1
    assert RegisterCounter.objects.get().last_number == 126


def test_every_revoked_award_is_in_the_audit_log(issued, secretary, chairman):
    """Revocation writes each award through save(), never a bulk update the audit log misses."""
    from django.contrib.contenttypes.models import ContentType

    from emulation.audit import acting_as
    from emulation.models import AuditLog

    mai, thuy = _award(issued, "Đoàn Thị Mai"), _award(issued, "Ngô Thanh Thủy")
    revocation = decisions.draft_revocation(
        secretary, issued, awards=[mai, thuy], ground="93.2.a", reason=REASON
    )
    with acting_as(chairman):
        decisions.issue(revocation, chairman, today=LATER)
    entries = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Award), action="update"
    ).order_by("object_id")
    assert [(e.actor, e.object_id, e.changes) for e in entries] == [
        (chairman, str(a.pk), {"revoked_by": [None, revocation.pk]})
        for a in sorted([mai, thuy], key=lambda a: str(a.pk))
    ]


def test_the_verification_names_what_was_handed_over(client, issued):
    """A title's Bằng chứng nhận is not called a Giấy khen on the verification page."""
    tinh = _award(issued, "Nguyễn Đình Tính")
    Award.objects.filter(pk=tinh.pk).update(artefact="Bằng chứng nhận")  # frozen: the row's copy

    html = client.get(reverse("verify", args=[tinh.verification_code])).content.decode()

    assert "Bằng chứng nhận hợp lệ." in html and "Giấy khen hợp lệ." not in html
    mai = _award(issued, "Đoàn Thị Mai")
    html = client.get(reverse("verify", args=[mai.verification_code])).content.decode()
    assert "Giấy khen hợp lệ." in html
