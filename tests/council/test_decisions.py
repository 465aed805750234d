"""Decisions: drafting, money, warnings, issuing with numbers, refusals, revocation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from emulation.models import RegisterCounter
from nominations.decisions import services as decisions
from nominations.models import Award, Decision, Nomination, Transition
from nominations.workflow import WorkflowError
from tests import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)


@pytest.fixture
def recommended(make_nomination, authority, base_salaries):
    return [
        make_nomination("recommended", name=name)
        for name in ("Nguyễn Đình Tính", "Đoàn Thị Mai", "Ngô Thanh Thủy")
    ]


@pytest.fixture
def draft(secretary, recommended, campaign):
    return decisions.draft(secretary, recommended, campaign=campaign)


def test_draft_lists_awards_with_money_on_the_decision_date(draft, recommended):
    lines, total = decisions.preview(draft, on=DAY)
    # Giấy khen, individual, after 01/7/2026: 0.3 × 2,530,000 = 759,000 → 760,000
    assert [(line.award.nomination, line.amount, line.base_salary) for line in lines] == [
        (nom, 760_000, 2_530_000) for nom in sorted(recommended, key=lambda n: n.nominee.sort_key)
    ]
    assert total == 2_280_000
    lines_june, total_june = decisions.preview(draft, on=dt.date(2026, 6, 30))
    assert (lines_june[0].amount, total_june) == (710_000, 2_130_000)  # 0.3 × 2,340,000
    lines_2024, total_2024 = decisions.preview(draft, on=dt.date(2024, 1, 10))
    assert lines_2024[0].amount == 540_000  # 0.3 × 1,800,000
    assert draft.state == "draft" and draft.number is None
    assert draft.title.startswith("Về việc tặng Giấy khen cho 03 cá nhân có thành tích")


def test_draft_refuses_what_is_not_recommended(secretary, make_nomination, campaign, authority):
    in_review = make_nomination("in_review")
    with pytest.raises(WorkflowError, match="chưa được đề nghị khen thưởng"):
        decisions.draft(secretary, [in_review], campaign=campaign)
    regular = make_nomination("recommended")
    with pytest.raises(WorkflowError, match="chỉ gồm hồ sơ theo thủ tục đơn giản"):
        decisions.draft(secretary, [regular], campaign=None)
    other = make_nomination("recommended", camp=factories.CampaignFactory())
    with pytest.raises(WorkflowError, match="không thuộc phong trào"):
        decisions.draft(secretary, [other], campaign=campaign)
    assert Decision.objects.count() == 0


def test_only_the_secretary_drafts(recommended, campaign, member, chairman, officer):
    for user in (member, chairman, officer):
        with pytest.raises(WorkflowError, match="Chỉ thư ký Hội đồng được dự thảo quyết định."):
            decisions.draft(user, recommended, campaign=campaign)
    assert Decision.objects.count() == 0


def test_issue_numbers_freezes_and_awards(draft, chairman, recommended, authority):
    RegisterCounter.objects.create(doc_type="QĐ", authority=authority, year=2026, last_number=124)
    issued = decisions.issue(draft, chairman, today=DAY)
    assert (issued.number, issued.year, issued.reference, issued.decided_on) == (
        125,
        2026,
        "125/QĐ-UBND",
        DAY,
    )
    assert (issued.signer_name, issued.signer_title, issued.issued_by) == (
        "Lê Tuấn Định",
        "Chủ tịch",
        chairman,
    )
    assert (
        sorted(
            Award.objects.filter(decision=issued).values_list(
                "amount", "base_salary", "coefficient"
            )
        )
        == [(760_000, 2_530_000, Decimal("0.30"))] * 3
    )
    for nom in recommended:
        nom.refresh_from_db()
        assert (nom.state, nom.awarded_on) == ("awarded", DAY)
        assert (
            Transition.objects.filter(nomination=nom).last().comment == "Quyết định số 125/QĐ-UBND"
        )
    assert RegisterCounter.objects.get(authority=authority, year=2026).last_number == 125


def test_second_issue_is_refused_and_changes_nothing(draft, chairman):
    first = decisions.issue(draft, chairman, today=DAY)
    with pytest.raises(WorkflowError, match="Quyết định này đã được ký, không thể ký lại."):
        decisions.issue(draft, chairman, today=DAY + dt.timedelta(days=3))
    again = Decision.objects.get(pk=draft.pk)
    assert (again.number, again.decided_on) == (first.number, DAY)
    assert RegisterCounter.objects.get().last_number == 1


def test_only_the_chairman_issues(draft, secretary, member):
    for user in (secretary, member):
        with pytest.raises(
            WorkflowError, match="Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định."
        ):
            decisions.issue(draft, user, today=DAY)
    assert Decision.objects.get(pk=draft.pk).state == "draft"
    assert RegisterCounter.objects.count() == 0


def test_issue_refused_when_a_dossier_is_no_longer_recommended(draft, chairman, recommended):
    Nomination.objects.filter(pk=recommended[1].pk).update(state="withdrawn")
    with pytest.raises(WorkflowError, match="chưa được đề nghị khen thưởng"):
        decisions.issue(draft, chairman, today=DAY)
    assert Decision.objects.get(pk=draft.pk).state == "draft"
    assert sorted(Nomination.objects.values_list("state", flat=True)) == [
        "recommended",
        "recommended",
        "withdrawn",
    ]
    assert RegisterCounter.objects.count() == 0  # the number was not consumed


def test_numbers_restart_each_year(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    def one(day):
        nom = make_nomination("recommended")
        return decisions.issue(
            decisions.draft(secretary, [nom], campaign=campaign), chairman, today=day
        )

    assert [
        one(dt.date(2026, 12, 30)).number,
        one(dt.date(2026, 12, 31)).number,
        one(dt.date(2027, 1, 2)).number,
        one(dt.date(2027, 1, 3)).number,
    ] == [1, 2, 1, 2]
    assert sorted(RegisterCounter.objects.values_list("year", "last_number")) == [
        (2026, 2),
        (2027, 2),
    ]


def test_quota_warning(secretary, make_nomination, authority, base_salaries):
    ldtt = factories.AwardKindFactory(
        name="Lao động tiên tiến", form="title", for_collective=False, for_household=False
    )
    cstd = factories.AwardKindFactory(
        name="Chiến sĩ thi đua cơ sở",
        form="title",
        for_collective=False,
        for_household=False,
        coefficient_individual=Decimal("1.0"),
        quota_percent=Decimal("15"),
        quota_base=ldtt,
    )
    campaign = factories.CampaignFactory(award_kinds=[ldtt, cstd])
    noms = [make_nomination("recommended", award_kind=ldtt, camp=campaign) for _ in range(6)]
    noms += [make_nomination("recommended", award_kind=cstd, camp=campaign)]
    # 1 CSTĐ for 6 LĐTT: 15 % of 6 = 0.9 → exceeded
    decision = decisions.draft(secretary, noms, campaign=campaign)
    assert decisions.warnings(decision) == [
        "Vượt tỷ lệ tại Cát Linh năm 2026: 1 “Chiến sĩ thi đua cơ sở” trong khi tối đa 15% của "
        "6 “Lao động tiên tiến” (tối đa 0,9)."
    ]
    more = [make_nomination("recommended", award_kind=ldtt, camp=campaign) for _ in range(1)]
    decisions.delete_draft(decision, secretary)  # one draft at a time holds a dossier
    decision_ok = decisions.draft(secretary, noms + more, campaign=campaign)
    assert decisions.warnings(decision_ok) == []  # 15 % of 7 = 1.05 ≥ 1


def test_quota_is_counted_per_unit_and_year_across_decisions(
    secretary, chairman, make_nomination, authority, base_salaries, other_ward
):
    """The cap counts the unit's Lao động tiên tiến of the year already issued, not only those
    of the draft; another unit's titles do not count."""
    ldtt = factories.AwardKindFactory(
        name="Lao động tiên tiến", form="title", for_collective=False, for_household=False
    )
    cstd = factories.AwardKindFactory(
        name="Chiến sĩ thi đua cơ sở",
        form="title",
        for_collective=False,
        for_household=False,
        coefficient_individual=Decimal("1.0"),
        quota_percent=Decimal("15"),
        quota_base=ldtt,
    )
    campaign = factories.CampaignFactory(award_kinds=[ldtt, cstd])
    titles = [make_nomination("recommended", award_kind=ldtt, camp=campaign) for _ in range(7)]
    decisions.issue(decisions.draft(secretary, titles, campaign=campaign), chairman, today=DAY)
    best = make_nomination("recommended", award_kind=cstd, camp=campaign)
    assert decisions.warnings(decisions.draft(secretary, [best], campaign=campaign)) == []
    elsewhere = make_nomination("recommended", award_kind=cstd, camp=campaign, in_ward=other_ward)
    assert decisions.warnings(decisions.draft(secretary, [elsewhere], campaign=campaign)) == [
        "Vượt tỷ lệ tại Thịnh Quang năm 2026: 1 “Chiến sĩ thi đua cơ sở” trong khi tối đa 15% "
        "của 0 “Lao động tiên tiến” (tối đa 0)."
    ]


def test_already_awarded_warning(
    secretary, chairman, make_nomination, campaign, authority, base_salaries, other_ward
):
    first = make_nomination("recommended", name="Nguyễn Thu Hà")
    first_draft = decisions.draft(secretary, [first], campaign=campaign)
    with pytest.raises(decisions.OnAnotherDraft):  # the same dossier on a second draft
        decisions.draft(secretary, [first], campaign=campaign)
    assert decisions.warnings(first_draft) == []
    decisions.issue(first_draft, chairman, today=DAY)
    expected = (
        "Nguyễn Thu Hà đã được khen thưởng trong phong trào “Người tốt, việc tốt” "
        "(Quyết định số 01/QĐ-UBND)."
    )
    # The same person filed again by another ward (another nominee row, same name and year).
    twin = make_nomination("recommended", name="Nguyễn Thu Hà", in_ward=other_ward)
    assert decisions.warnings(decisions.draft(secretary, [twin], campaign=campaign)) == [expected]
    # Another campaign: no warning.
    elsewhere = make_nomination(
        "recommended", name="Nguyễn Thu Hà", camp=factories.CampaignFactory()
    )
    assert (
        decisions.warnings(decisions.draft(secretary, [elsewhere], campaign=elsewhere.campaign))
        == []
    )


def test_issued_decision_is_immutable_in_models(draft, chairman):
    issued = decisions.issue(draft, chairman, today=DAY)
    issued.title = "Sửa trích yếu"
    with pytest.raises(ValidationError):
        issued.save()
    with pytest.raises(ValidationError):
        issued.delete()
    award = issued.awards.first()
    award.amount = 1
    with pytest.raises(ValidationError):
        award.save()
    with pytest.raises(ValidationError):
        award.delete()
    fresh = Decision.objects.get(pk=issued.pk)
    assert fresh.title != "Sửa trích yếu"
    assert set(fresh.awards.values_list("amount", flat=True)) == {760_000}


def test_issued_decision_is_immutable_in_views(client, draft, chairman, secretary):
    decisions.issue(draft, chairman, today=DAY)
    client.force_login(secretary)
    award = draft.awards.first()
    response = client.post(
        reverse("decision-edit", args=[draft.pk]),
        {"title": "Khác", "legal_bases": "", "recipients": "", "remove": [award.pk]},
        follow=True,
    )
    assert "Quyết định đã ban hành hoặc bạn không có quyền sửa." in response.content.decode()
    response = client.post(reverse("decision-delete", args=[draft.pk]), follow=True)
    assert "Quyết định đã ban hành, không thể xóa." in response.content.decode()
    client.force_login(chairman)
    response = client.post(reverse("decision-issue", args=[draft.pk]), follow=True)
    assert "Quyết định này đã được ký, không thể ký lại." in response.content.decode()
    fresh = Decision.objects.get(pk=draft.pk)
    assert (fresh.title, fresh.awards.count(), fresh.number) == (draft.title, 3, 1)


def test_issued_decision_is_immutable_in_admin(client, draft, chairman, db):
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    decisions.issue(draft, chairman, today=DAY)
    client.force_login(admin)
    change = reverse("admin:nominations_decision_change", args=[draft.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only
    client.post(change, {"title": "Sửa qua trang quản trị", "state": "draft"})
    assert (
        client.get(reverse("admin:nominations_decision_delete", args=[draft.pk])).status_code == 403
    )
    fresh = Decision.objects.get(pk=draft.pk)
    assert (fresh.title, fresh.state) == (draft.title, "issued")


def test_draft_editable_in_views_by_secretary_only(client, draft, secretary, member):
    award = draft.awards.order_by("pk").first()
    client.force_login(member)
    client.post(
        reverse("decision-edit", args=[draft.pk]),
        {"title": "Khác", "legal_bases": "", "recipients": ""},
    )
    assert Decision.objects.get(pk=draft.pk).title == draft.title
    client.force_login(secretary)
    client.post(
        reverse("decision-edit", args=[draft.pk]),
        {
            "title": "Trích yếu mới",
            "legal_bases": "Căn cứ A",
            "recipients": "Lưu: VT",
            "remove": [award.pk],
        },
    )
    fresh = Decision.objects.get(pk=draft.pk)
    assert (fresh.title, fresh.legal_bases, fresh.awards.count()) == (
        "Trích yếu mới",
        "Căn cứ A",
        2,
    )


def test_draft_and_issue_through_views(client, secretary, chairman, recommended, campaign):
    client.force_login(secretary)
    response = client.post(
        reverse("decision-create"),
        {
            "campaign": campaign.pk,
            "nominations": [n.pk for n in recommended],
            "title": "",
            "legal_bases": "",
            "recipients": "",
        },
    )
    decision = Decision.objects.get()
    assert response.url == reverse("decision-detail", args=[decision.pk])
    page = client.get(response.url).content.decode()
    assert "2.280.000 ₫" in page  # the total (3 × 760.000 ₫ since 01/7/2026)
    client.post(reverse("decision-submit", args=[decision.pk]), {"confirm": "yes"})
    client.post(
        reverse("decision-issue", args=[decision.pk]), {"confirm": "yes"}
    )  # secretary: refused
    assert Decision.objects.get().state == "submitted"
    client.force_login(chairman)
    response = client.post(
        reverse("decision-issue", args=[decision.pk]), {"confirm": "yes"}, follow=True
    )
    assert "Đã ký quyết định; văn thư vào sổ để lấy số và ngày." in response.content.decode()
    client.force_login(secretary)
    response = client.post(
        reverse("decision-register", args=[decision.pk]), {"confirm": "yes"}, follow=True
    )
    assert f"Đã vào sổ Quyết định số 01/QĐ-UBND ngày {timezone.localdate():%d/%m/%Y}." in (
        response.content.decode()
    )
    response = client.post(
        reverse("decision-publish", args=[decision.pk]), {"confirm": "yes"}, follow=True
    )
    assert "Đã phát hành Quyết định số 01/QĐ-UBND." in response.content.decode()
    assert set(Nomination.objects.values_list("state", flat=True)) == {"awarded"}


def test_revocation_keeps_both_on_record(secretary, chairman, draft, recommended):
    issued = decisions.issue(draft, chairman, today=DAY)
    with pytest.raises(WorkflowError, match="Cần ghi rõ lý do thu hồi."):
        decisions.draft_revocation(secretary, issued, ground="93.2.a", reason=" ")
    revocation = decisions.draft_revocation(
        secretary, issued, ground="93.2.a", reason="Xét đề nghị của phường: hồ sơ khai sai."
    )
    assert revocation.title == (
        "Về việc hủy bỏ Quyết định số 01/QĐ-UBND ngày 26/11/2026 và thu hồi hiện vật, tiền thưởng"
    )
    assert Award.objects.filter(revoked_by__isnull=False).count() == 0  # not before issuing
    decisions.issue(revocation, chairman, today=DAY + dt.timedelta(days=7))
    revocation.refresh_from_db()
    assert (revocation.number, revocation.kind) == (2, "revocation")
    assert set(Award.objects.values_list("decision", "revoked_by")) == {(issued.pk, revocation.pk)}
    assert set(Nomination.objects.values_list("state", flat=True)) == {"revoked"}
    assert Decision.objects.get(pk=issued.pk).state == "issued"  # kept on record
    with pytest.raises(WorkflowError, match="đã bị thu hồi"):
        decisions.draft_revocation(secretary, issued, ground="93.2.a", reason="lần hai")


def test_a_dossier_on_another_draft_is_refused_when_drafting(
    client, secretary, draft, recommended, campaign
):
    """One draft at a time: refused at drafting with a link, not at signing (issue #12)."""
    with pytest.raises(decisions.OnAnotherDraft) as refused:
        decisions.draft(secretary, recommended[:1], campaign=campaign)
    assert refused.value.decision == draft
    assert refused.value.message == (
        f"Hồ sơ của {recommended[0].nominee} đã có trong một dự thảo quyết định khác. "
        "Bỏ hồ sơ khỏi dự thảo đó hoặc xóa dự thảo đó trước khi lập dự thảo mới."
    )
    client.force_login(secretary)
    url = reverse("decision-create") + f"?campaign={campaign.pk}"
    page = client.get(url).content.decode()
    assert page.count("(đã có trong dự thảo khác)") == 3
    assert "checked" not in page.split('name="nominations"')[1].split(">")[0]
    response = client.post(
        reverse("decision-create"),
        {"campaign": campaign.pk, "nominations": [recommended[1].pk], "title": ""},
    )
    assert response.status_code == 200
    link = reverse("decision-detail", args=[draft.pk])
    assert f'<a href="{link}">Mở dự thảo đó</a>' in response.content.decode()
    assert Decision.objects.count() == 1
    decisions.delete_draft(draft, secretary)
    again = decisions.draft(secretary, recommended, campaign=campaign)
    assert again.awards.count() == 3


def test_file_names_carry_the_number_as_printed(client, draft, chairman, secretary):
    """ "quyet-dinh-01-2026.pdf", like "Số: 01/QĐ-UBND" (tester: the zero was dropped)."""
    issued = decisions.issue(draft, chairman, today=DAY)
    client.force_login(secretary)
    names = [
        client.get(reverse(name, args=[issued.pk]))["Content-Disposition"]
        for name in ("decision-pdf", "decision-certificates")
    ]
    assert names == [
        "inline; filename*=UTF-8''quyet-dinh-01-2026.pdf",
        "attachment; filename*=UTF-8''giay-khen-01-2026.pdf",
    ]
