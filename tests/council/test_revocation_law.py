"""Revocation as the Law says it (issue #12, item 7): the later decision cancels (hủy bỏ) the
earlier one for chosen awardees on a ground of Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2,
and recovers (thu hồi) the artefact and the money frozen on the revoked awards. Also: a blocker
that no tick overrides, and a lost file of record answering a clear page."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import AuditLog, RegisterCounter
from nominations.decisions import services as decisions
from nominations.models import Award, Decision, Nomination
from nominations.models.decision import REVOCATION_GROUNDS
from nominations.models.storage import private_storage
from nominations.workflow import WorkflowError
from tests.council.test_partial_revocation import draft_before_the_check

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Đình Tính", "Đoàn Thị Mai", "Ngô Thanh Thủy"]
DAY = dt.date(2026, 11, 26)
LATER = DAY + dt.timedelta(days=5)
REASON = "Kết luận thanh tra số 12/KL-TTr ngày 20/11/2026 xác định bà Mai khai sai thành tích."
GROUND_REFUSAL = "Chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật Thi đua, khen thưởng."


def _flat_pdf(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response) if response.streaming else response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def issued(secretary, chairman, make_nomination, campaign, authority, base_salaries):
    RegisterCounter.objects.create(authority=authority, year=2026, doc_type="QĐ", last_number=124)
    noms = [make_nomination("recommended", name=name) for name in NAMES]
    return decisions.issue(decisions.draft(secretary, noms, campaign=campaign), chairman, today=DAY)


def _award(decision: Decision, name: str) -> Award:
    return Award.objects.get(decision=decision, nomination__nominee__full_name=name)


def test_the_grounds_are_the_four_points_of_article_93_2():
    assert [(g.code, g.article) for g in REVOCATION_GROUNDS] == [
        (
            f"93.2.{p}",
            f"điểm {p} khoản 2 Điều 93 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        )
        for p in "abcd"
    ]
    assert REVOCATION_GROUNDS[1].text == (
        "cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ để đề nghị tặng danh hiệu "
        "thi đua, hình thức khen thưởng"
    )


def test_the_ground_is_chosen_printed_and_the_money_recovered(client, issued, secretary, chairman):
    mai = _award(issued, "Đoàn Thị Mai")
    assert mai.amount == 760_000  # frozen at signature: 0.3 × 2,530,000 rounded up
    client.force_login(secretary)
    url = reverse("decision-revoke", args=[issued.pk])
    page = client.get(url).content.decode()
    assert page.count('name="ground"') == 4 and 'value="93.2.a"' in page
    assert "Gian dối trong kê khai công trạng, thành tích (điểm a khoản 2 Điều 93)" in page

    response = client.post(url, {"awards": [mai.pk], "ground": "93.2.a", "reason": REASON})
    revocation = Decision.objects.get(kind="revocation")
    assert response.url == reverse("decision-detail", args=[revocation.pk])
    assert (revocation.revocation_ground, revocation.revocation_reason) == ("93.2.a", REASON)
    assert revocation.title == (
        "Về việc hủy bỏ một phần Quyết định số 125/QĐ-UBND ngày 26/11/2026 và thu hồi hiện "
        "vật, tiền thưởng"
    )

    revocation = decisions.issue(revocation, chairman, today=LATER)  # trình ký → phát hành
    assert revocation.reference == "126/QĐ-UBND"
    client.force_login(chairman)
    pdf = _flat_pdf(client.get(reverse("decision-pdf", args=[revocation.pk])))
    assert (
        "Điều 1. Hủy bỏ Quyết định số 125/QĐ-UBND ngày 26/11/2026 của Chủ tịch" in pdf
        and "đối với 1 trường hợp sau; lý do: có hành vi gian dối trong việc kê khai công "
        "trạng, thành tích để được tặng danh hiệu thi đua, hình thức khen thưởng (quy định tại "
        "điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022), cụ thể: "
        "Kết luận thanh tra số 12/KL-TTr ngày 20/11/2026 xác định bà Mai khai sai thành tích:"
        in pdf
    )
    assert (
        "Điều 2. Thu hồi Giấy khen và số tiền thưởng 760.000 đồng đã trao cho 1 trường hợp có "
        "tên tại Điều 1; số tiền thu hồi nộp lại Quỹ Thi đua, khen thưởng của" in pdf
    )
    assert "Tổng cộng 760.000 ₫" in pdf
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in pdf
    assert "Nguyễn Đình Tính" not in pdf

    page = client.get(reverse("decision-detail", args=[revocation.pk])).content.decode()
    assert (
        "Có hành vi gian dối trong việc kê khai công trạng, thành tích để được tặng danh hiệu "
        "thi đua, hình thức khen thưởng (điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng ngày "
        "15 tháng 6 năm 2022)."
    ) in page


def test_the_whole_decision_recovers_every_amount(client, issued, secretary, chairman):
    revocation = decisions.draft_revocation(secretary, issued, ground="93.2.d", reason=REASON)
    assert revocation.title == (
        "Về việc hủy bỏ Quyết định số 125/QĐ-UBND ngày 26/11/2026 và thu hồi hiện vật, tiền thưởng"
    )
    decisions.issue(revocation, chairman, today=LATER)
    client.force_login(secretary)
    pdf = _flat_pdf(client.get(reverse("decision-pdf", args=[revocation.pk])))
    assert "Thu hồi Giấy khen và số tiền thưởng 2.280.000 đồng đã trao cho 3 trường hợp" in pdf
    assert "(quy định tại điểm d khoản 2 Điều 93" in pdf
    assert "giữ nguyên hiệu lực" not in pdf


@pytest.mark.parametrize("ground", ["", "93.2.z", "93.1.a"])
def test_a_ground_outside_the_law_is_refused(client, issued, secretary, ground):
    mai = _award(issued, "Đoàn Thị Mai")
    client.force_login(secretary)
    response = client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [mai.pk], "ground": ground, "reason": REASON},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert GROUND_REFUSAL in html and REASON in html  # the particulars are kept
    with pytest.raises(WorkflowError, match=re.escape(GROUND_REFUSAL)):
        decisions.draft_revocation(secretary, issued, awards=[mai], ground=ground, reason=REASON)
    assert not Decision.objects.filter(kind="revocation").exists()


def test_every_write_of_a_revocation_is_audited(client, issued, secretary, chairman):
    """Drafted, edited, signed and deleted through the pages: each write has its entry."""
    mai, thuy = _award(issued, "Đoàn Thị Mai"), _award(issued, "Ngô Thanh Thủy")
    client.force_login(secretary)
    client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [mai.pk, thuy.pk], "ground": "93.2.a", "reason": REASON},
    )
    revocation = Decision.objects.get(kind="revocation")
    decision_type = ContentType.objects.get_for_model(Decision)
    mine = AuditLog.objects.filter(content_type=decision_type, object_id=str(revocation.pk))
    created = mine.get(action="create")
    assert (created.actor, created.changes["revocation_ground"]) == (secretary, [None, "93.2.a"])
    assert created.changes["revocation_reason"] == [None, REASON]
    assert mine.get(action="update").changes == {
        "target_awards": ["thêm", sorted([mai.pk, thuy.pk])]
    }

    client.post(
        reverse("decision-edit", args=[revocation.pk]),
        {
            "title": revocation.title,
            "legal_bases": revocation.legal_bases,
            "recipients": revocation.recipients,
            "ground": "93.2.b",
            "reason": REASON,
            "remove": [thuy.pk],
        },
    )
    edits = [e.changes for e in mine.filter(action="update").order_by("pk")][1:]
    assert edits == [
        {"revocation_ground": ["93.2.a", "93.2.b"]},
        {"target_awards": ["bớt", [thuy.pk]]},
    ]

    client.post(reverse("decision-submit", args=[revocation.pk]), {"confirm": "yes"})
    client.force_login(chairman)
    client.post(reverse("decision-issue", args=[revocation.pk]), {"confirm": "yes"})
    signed = mine.filter(action="update").order_by("pk").last()
    assert signed.actor == chairman
    assert signed.changes["state"] == ["submitted", "signed"]
    client.force_login(secretary)
    client.post(reverse("decision-register", args=[revocation.pk]), {"confirm": "yes"})
    registered = mine.filter(action="update").order_by("pk").last()
    assert registered.actor == secretary
    assert registered.changes["state"] == ["signed", "registered"]
    assert registered.changes["number"] == [None, 126]
    client.post(reverse("decision-publish", args=[revocation.pk]), {"confirm": "yes"})
    award_entry = AuditLog.objects.get(
        content_type=ContentType.objects.get_for_model(Award), object_id=str(mai.pk)
    )
    assert (award_entry.actor, award_entry.changes) == (
        secretary,  # the revocation takes effect at publication, by the secretary
        {"revoked_by": [None, revocation.pk]},
    )
    dossier = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination),
        object_id=str(mai.nomination_id),
        actor=secretary,
    ).get()
    assert dossier.changes["state"] == ["awarded", "revoked"]

    # A second draft, deleted: the deletion is in the log too.
    client.force_login(secretary)
    client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [thuy.pk], "ground": "93.2.c", "reason": REASON},
    )
    second = Decision.objects.get(kind="revocation", state="draft")
    client.post(reverse("decision-delete", args=[second.pk]), {"confirm": "yes"})
    deleted = AuditLog.objects.get(
        content_type=decision_type, object_id=str(second.pk), action="delete"
    )
    assert (deleted.actor, deleted.changes["revocation_ground"]) == (secretary, ["93.2.c", None])


def test_an_award_revoked_meanwhile_offers_no_tick(client, issued, secretary, chairman):
    """The signature would be refused anyway: the page says why and what to do, and offers
    neither the acknowledgement nor the button."""
    mai, tinh = _award(issued, "Đoàn Thị Mai"), _award(issued, "Nguyễn Đình Tính")
    first = decisions.draft_revocation(
        secretary, issued, awards=[mai], ground="93.2.a", reason=REASON
    )
    second = draft_before_the_check(secretary, issued, [mai, tinh], ground="93.2.a", reason=REASON)
    decisions.issue(first, chairman, today=LATER)
    assert decisions.warnings(second) == []
    blocker = (
        "Khen thưởng của Đoàn Thị Mai đã bị thu hồi theo Quyết định số 126/QĐ-UBND: Thư ký "
        "Hội đồng bỏ người này khỏi dự thảo (đánh dấu ô “Bỏ” trên trang dự thảo, bấm “Lưu dự "
        "thảo”), rồi trình ký lại."
    )
    assert decisions.blockers(second) == [blocker]

    decisions.submit(second, secretary)  # submitting does not judge it: signing does
    client.force_login(chairman)
    html = client.get(reverse("decision-issue", args=[second.pk])).content.decode()
    assert 'data-testid="blockers"' in html and blocker in html
    assert 'name="acknowledge"' not in html and 'data-testid="confirm"' not in html
    assert 'data-testid="cancel"' in html
    # A forged post with a tick is refused all the same; no number spent.
    response = client.post(
        reverse("decision-issue", args=[second.pk]),
        {"confirm": "yes", "acknowledge": "yes", "warning": blocker},
        follow=True,
    )
    assert "đã bị thu hồi theo Quyết định số 126/QĐ-UBND. Bỏ người này" in (
        response.content.decode()
    )
    assert Decision.objects.get(pk=second.pk).state == "submitted"
    assert RegisterCounter.objects.get(doc_type="QĐ").last_number == 126

    client.force_login(secretary)
    html = client.get(reverse("decision-detail", args=[second.pk])).content.decode()
    assert blocker in html


def test_a_draft_without_a_ground_cannot_be_signed_until_one_is_chosen(
    client, issued, secretary, chairman
):
    """Drafts saved before grounds were recorded: the secretary chooses one on the draft."""
    mai = _award(issued, "Đoàn Thị Mai")
    draft = decisions.draft_revocation(
        secretary, issued, awards=[mai], ground="93.2.a", reason=REASON
    )
    Decision.objects.filter(pk=draft.pk).update(revocation_ground="", revocation_reason="")
    draft.refresh_from_db()
    assert decisions.blockers(draft) == [
        "Dự thảo chưa chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật Thi đua, khen thưởng: Thư "
        "ký Hội đồng chọn căn cứ và ghi lý do trên trang dự thảo, bấm “Lưu dự thảo”, rồi "
        "trình ký lại."
    ]
    with pytest.raises(WorkflowError, match="dự thảo chưa chọn căn cứ hủy bỏ"):
        decisions.issue(draft, chairman, today=LATER)
    assert RegisterCounter.objects.get(doc_type="QĐ").last_number == 125

    client.force_login(secretary)
    edit = reverse("decision-edit", args=[draft.pk])
    texts = {"title": draft.title, "legal_bases": draft.legal_bases, "recipients": "Lưu: VT."}
    response = client.post(edit, {**texts, "ground": "93.2.x", "reason": REASON}, follow=True)
    assert GROUND_REFUSAL in response.content.decode()
    draft.refresh_from_db()
    assert (draft.revocation_ground, draft.recipients) == ("", decisions.DEFAULT_RECIPIENTS)
    client.post(edit, {**texts, "ground": "93.2.b", "reason": " " + REASON + " "})
    draft.refresh_from_db()
    assert (draft.revocation_ground, draft.revocation_reason) == ("93.2.b", REASON)
    assert decisions.blockers(draft) == []
    decisions.issue(draft, chairman, today=LATER)
    assert Award.objects.get(pk=mai.pk).revoked_by_id == draft.pk


def test_a_lost_file_of_record_answers_a_clear_page(client, issued, secretary, caplog):
    """Never a 500, never a file rendered again in place of the signed one."""
    stored = Decision.objects.get(pk=issued.pk)
    private_storage.delete(stored.pdf.name)
    client.force_login(secretary)
    with caplog.at_level(logging.ERROR, logger="nominations.decisions.views"):
        response = client.get(reverse("decision-pdf", args=[issued.pk]))
    assert response.status_code == 503
    html = response.content.decode()
    assert (
        "Tệp của Quyết định số 125/QĐ-UBND (bản đã ban hành, có thể đã ký số) không còn trong "
        "kho lưu trữ." in html
    )
    assert "Báo quản trị viên khôi phục tệp từ bản sao lưu" in html
    assert [r.getMessage() for r in caplog.records if r.name.startswith("nominations")] == [
        "Decision 125/QĐ-UBND: stored PDF missing"
    ]
    assert not private_storage.exists(stored.pdf.name)  # nothing rendered in its place
    with pytest.raises(decisions.StoredFileMissing):
        decisions.issued_pdf(stored)
