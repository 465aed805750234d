"""Issue #12 tried as a hostile or careless user would (helper "break12"): what was found
broken in the decision's life, each with the test that failed before the fix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nominations.decisions import services as decisions
from nominations.models import Award, Decision, DecisionState
from nominations.workflow import WorkflowError

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Đình Tính", "Đoàn Thị Mai", "Ngô Thanh Thủy"]
DAY = dt.date(2026, 11, 26)
REASON = "Kết luận thanh tra số 12/KL-TTr ngày 20/11/2026 xác định bà Mai khai sai thành tích."


@pytest.fixture
def issued(secretary, chairman, make_nomination, campaign, authority, base_salaries):
    noms = [make_nomination("recommended", name=name) for name in NAMES]
    return decisions.issue(decisions.draft(secretary, noms, campaign=campaign), chairman, today=DAY)


def _award(decision: Decision, name: str) -> Award:
    return Award.objects.get(decision=decision, nomination__nominee__full_name=name)


# --------------------------------------------------------------------- two revocations, one award


def test_a_second_revocation_of_the_same_award_is_refused_when_drafting(issued, secretary, client):
    """Two revocations naming Mai could both be signed and registered (revoked_by is set only
    at publication): the second then could never be published, a numbered decision stuck for
    good. As for award drafts, the second is refused when drafting, naming the first."""
    mai = _award(issued, "Đoàn Thị Mai")
    first = decisions.draft_revocation(
        secretary, issued, awards=[mai.pk], ground="93.2.a", reason=REASON
    )
    with pytest.raises(decisions.OnAnotherDraft) as caught:
        decisions.draft_revocation(
            secretary, issued, awards=[mai.pk], ground="93.2.b", reason=REASON
        )
    assert caught.value.decision == first
    assert caught.value.message == (
        "Khen thưởng của Đoàn Thị Mai đã có trong một dự thảo quyết định thu hồi khác. Bỏ người "
        "này khỏi dự thảo đó hoặc xóa dự thảo đó trước khi lập dự thảo mới."
    )
    # "All that remain" (no choice) names Mai too: refused the same way.
    with pytest.raises(decisions.OnAnotherDraft):
        decisions.draft_revocation(secretary, issued, ground="93.2.b", reason=REASON)
    # The page says so, with a link to the first draft; nothing is created.
    client.force_login(secretary)
    response = client.post(
        reverse("decision-revoke", args=[issued.pk]),
        {"awards": [mai.pk], "ground": "93.2.a", "reason": REASON},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã có trong một dự thảo quyết định thu hồi khác" in page
    assert page.count('data-testid="held"') == 1  # Mai marked on the list, before any post
    assert 'Đoàn Thị Mai</label> <span class="small text-muted" data-testid="held">(đã có' in page
    assert reverse("decision-detail", args=[first.pk]) in page
    assert Decision.objects.filter(kind="revocation").count() == 1
    # Tính, on no other revocation, may still be revoked by a second one.
    tinh = _award(issued, "Nguyễn Đình Tính")
    second = decisions.draft_revocation(
        secretary, issued, awards=[tinh.pk], ground="93.2.a", reason=REASON
    )
    assert list(second.target_awards.all()) == [tinh]


def test_a_revocation_signed_while_another_holds_the_award_is_blocked(issued, secretary, chairman):
    """A draft made before the check (or naming "all that remain") is blocked at signing when
    another revocation already signed holds one of its awards: before, both were signed and
    the second stayed registered for ever."""
    mai = _award(issued, "Đoàn Thị Mai")
    first = decisions.draft_revocation(
        secretary, issued, awards=[mai.pk], ground="93.2.a", reason=REASON
    )
    # An older draft naming no award ("all that remain"), made before the drafting check.
    legacy = Decision.objects.create(
        authority=issued.authority,
        kind="revocation",
        campaign=issued.campaign,
        revokes=issued,
        title="Về việc hủy bỏ",
        legal_bases="Căn cứ",
        revocation_ground="93.2.b",
        revocation_reason=REASON,
        symbol=issued.symbol,
        created_by=secretary,
    )
    decisions.submit(first, secretary)
    decisions.sign(first, chairman, today=DAY)
    decisions.submit(legacy, secretary)
    assert decisions.blockers(legacy) == [
        "Khen thưởng của Đoàn Thị Mai đã có trong Quyết định thu hồi đã ký, chưa phát hành "
        "(“Về việc hủy bỏ một phần Quyết định số 01/QĐ-UBND ngày 26/11/2026 và thu hồi hiện vật, "
        "tiền thưởng”): Thư ký Hội đồng bỏ người này khỏi dự thảo (đánh dấu ô “Bỏ” trên trang "
        "dự thảo, bấm “Lưu dự thảo”), rồi trình ký lại."
    ]
    with pytest.raises(WorkflowError) as caught:
        decisions.sign(legacy, chairman, today=DAY)
    assert "đã có trong Quyết định thu hồi đã ký, chưa phát hành" in caught.value.message
    legacy.refresh_from_db()
    assert legacy.state == DecisionState.SUBMITTED


# --------------------------------------------------------------------- a number typed by hand


def test_a_number_typed_by_hand_is_named_and_asked_again_before_registering(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    """The văn thư typed 500 for 05: it was registered at once, for ever, the register's
    numbers 05 to 499 left empty and the next decision numbered 501, while the page had named
    "05". Now a typed number that is not the register's next is named and asked again."""
    from django.utils import timezone

    from emulation.models import RegisterCounter, RegisterEntry

    year = timezone.localdate().year
    RegisterCounter.objects.create(authority=authority, year=year, doc_type="QĐ", last_number=4)
    nom = make_nomination("recommended", name="Đoàn Thị Mai")
    decision = decisions.submit(decisions.draft(secretary, [nom], campaign=campaign), secretary)
    decisions.sign(decision, chairman)
    client.force_login(secretary)
    url = reverse("decision-register", args=[decision.pk])

    response = client.post(url, {"confirm": "yes", "number": "500"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vào sổ sẽ lấy số 500/QĐ-UBND ngày" in page
    assert (
        "Số tiếp theo trong sổ là 05: các số từ 05 đến 499 sẽ để trống, và số do ứng dụng cấp "
        "sau đó bắt đầu từ 501."
    ) in page
    assert "Kiểm tra số 500/QĐ-UBND đã nhập, rồi bấm “Vào sổ” lần nữa để xác nhận." in page
    assert 'name="number_seen" value="500"' in page and 'value="500"' in page
    assert (Decision.objects.get(pk=decision.pk).state, RegisterEntry.objects.count()) == (
        "signed",
        0,
    )
    # Corrected before confirming: the new number is named again, nothing registered.
    response = client.post(url, {"confirm": "yes", "number": "50", "number_seen": "500"})
    assert "Vào sổ sẽ lấy số 50/QĐ-UBND ngày" in response.content.decode()
    assert RegisterEntry.objects.count() == 0
    # Confirmed: registered under the number named.
    client.post(url, {"confirm": "yes", "number": "50", "number_seen": "50"})
    assert Decision.objects.get(pk=decision.pk).reference == "50/QĐ-UBND"


def test_the_registers_next_number_typed_by_hand_needs_no_second_confirmation(
    client, secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    nom = make_nomination("recommended", name="Đoàn Thị Mai")
    decision = decisions.submit(decisions.draft(secretary, [nom], campaign=campaign), secretary)
    decisions.sign(decision, chairman)
    client.force_login(secretary)
    client.post(reverse("decision-register", args=[decision.pk]), {"confirm": "yes", "number": "1"})
    assert Decision.objects.get(pk=decision.pk).reference == "01/QĐ-UBND"


# --------------------------------------------------------------------- signed, not yet published


def test_the_quota_counts_decisions_signed_but_not_yet_published(
    secretary, chairman, make_nomination, authority, base_salaries
):
    """Signing no longer publishes: the quota and the same-person warnings counted published
    decisions only, so a second decision signed while the first waited for its number went
    over the 15 % quota without a word to the signer."""
    from decimal import Decimal

    from tests import factories

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
    first = decisions.submit(
        decisions.draft(
            secretary,
            [make_nomination("recommended", award_kind=cstd, camp=campaign, name="Lê Văn An")],
            campaign=campaign,
        ),
        secretary,
    )
    decisions.sign(first, chairman, acknowledged=decisions.warnings(first))
    noms = [make_nomination("recommended", award_kind=ldtt, camp=campaign) for _ in range(7)]
    noms.append(make_nomination("recommended", award_kind=cstd, camp=campaign))
    second = decisions.submit(decisions.draft(secretary, noms, campaign=campaign), secretary)
    year = campaign.year
    assert decisions.warnings(second) == [
        f"Vượt tỷ lệ tại Cát Linh năm {year}: 2 “Chiến sĩ thi đua cơ sở” trong khi tối đa 15% "
        "của 7 “Lao động tiên tiến” (tối đa 1,05)."
    ]
    with pytest.raises(decisions.UnacknowledgedWarnings):
        decisions.sign(second, chairman)


def test_the_same_person_on_a_signed_decision_is_warned_before_its_number(
    secretary, chairman, make_nomination, campaign, other_ward, authority, base_salaries
):
    mai = make_nomination("recommended", name="Đoàn Thị Mai", nominee__birth_year=1980)
    first = decisions.submit(decisions.draft(secretary, [mai], campaign=campaign), secretary)
    decisions.sign(first, chairman)
    again = make_nomination(
        "recommended", name="Đoàn Thị Mai", nominee__birth_year=1980, in_ward=other_ward
    )
    second = decisions.draft(secretary, [again], campaign=campaign)
    assert decisions.warnings(second) == [
        f"Đoàn Thị Mai đã được khen thưởng trong phong trào “{campaign.name}” (quyết định "
        f"“{first.title}” đã ký, chưa vào sổ)."
    ]


def test_an_old_revocation_naming_no_award_names_them_when_signed(issued, secretary, chairman):
    """ "All that remain" is fixed at the signature: what the signer signed is what publication
    revokes, whatever is revoked in between."""
    legacy = Decision.objects.create(
        authority=issued.authority,
        kind="revocation",
        campaign=issued.campaign,
        revokes=issued,
        title="Về việc hủy bỏ",
        legal_bases="Căn cứ",
        revocation_ground="93.2.b",
        revocation_reason=REASON,
        symbol=issued.symbol,
        created_by=secretary,
    )
    decisions.submit(legacy, secretary)
    decisions.sign(legacy, chairman, today=DAY)
    assert set(legacy.target_awards.all()) == set(issued.awards.all())
