"""Meetings and votes: tallies for each threshold rule, secret ballots, conflicts, refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.council import services as council
from nominations.models import (
    AgendaItem,
    Ballot,
    BallotCast,
    Meeting,
    Nomination,
    Transition,
    WrittenOpinion,
)
from nominations.workflow import WorkflowError
from tests import factories
from tests.council.conftest import close_data

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- pure rule


@pytest.mark.parametrize(
    ("yes", "den", "threshold", "strict", "expected"),
    [
        (2, 4, "0.5", True, False),  # exactly half is not "more than half"
        (3, 4, "0.5", True, True),
        (2, 4, "0.5", False, True),  # "at least half": exactly at the threshold passes
        (1, 4, "0.5", False, False),
        (2, 3, "0.667", False, False),  # 2/3 = 0.6666… is below 0.667
        (2, 3, "0.666", True, True),
        (4, 5, "0.8", False, True),  # exactly 80 %
        (4, 5, "0.8", True, False),
        (0, 0, "0.5", False, False),  # nobody to count: fails
        (5, 5, "1", False, True),  # unanimity
        (4, 5, "1", False, False),
    ],
)
def test_passes_compares_exactly(yes, den, threshold, strict, expected):
    assert council.passes(yes, den, Decimal(threshold), strict) is expected


# --------------------------------------------------------------------------- meetings


@pytest.fixture
def five_members(db):
    return [
        factories.UserFactory(username=f"tv{i}", full_name=f"Thành viên {i}", role="member")
        for i in range(1, 6)
    ]


def _meeting(secretary, present, opinions=None):
    return council.create_meeting(
        secretary,
        held_at=timezone.now(),
        place="Phòng họp tầng 3",
        members_present=present,
        opinions=opinions or {},
    )


def _vote_all(meeting, nomination, members, choices):
    for member, choice in zip(members, choices, strict=True):
        if choice == "conflict":
            council.declare_conflict(meeting, nomination.pk, member, "Là người thân")
        else:
            council.cast_vote(meeting, nomination.pk, member, choice, "")


@pytest.mark.parametrize(
    ("denominator", "threshold", "strict", "present", "choices", "passed", "den"),
    [
        # all members (5): 3 yes of 5 > 0.5
        ("all", "0.5", True, 5, ["yes", "yes", "yes", "no", "abstain"], True, 5),
        # all members (5): 3 yes of 5 present 3 — absent members still count in the denominator
        ("all", "0.5", True, 3, ["yes", "yes", "no"], False, 5),
        # present (4): exactly half with strict rule fails…
        ("present", "0.5", True, 4, ["yes", "yes", "no", "abstain"], False, 4),
        # …and passes with "at least"
        ("present", "0.5", False, 4, ["yes", "yes", "no", "abstain"], True, 4),
        # present minus a conflict: 2 yes of 3 > 0.5
        ("present", "0.5", True, 4, ["yes", "yes", "no", "conflict"], True, 3),
        # all members with a conflict: the conflict is left out of the vote, not of "all"
        ("all", "0.5", True, 5, ["yes", "yes", "no", "no", "conflict"], False, 5),
    ],
)
def test_close_meeting_applies_each_threshold_rule(
    secretary,
    five_members,
    make_nomination,
    title_kind,
    denominator,
    threshold,
    strict,
    present,
    choices,
    passed,
    den,
):
    title_kind.denominator = denominator
    title_kind.vote_threshold = Decimal(threshold)
    title_kind.threshold_strict = strict
    title_kind.save()
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = _meeting(secretary, five_members[:present])
    council.add_to_agenda(meeting, [nom], secretary)
    _vote_all(meeting, nom, five_members[:present], choices)

    council.close_meeting(meeting, secretary)

    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.yes, item.no, item.denominator, item.passed) == (
        choices.count("yes"),
        choices.count("no"),
        den,
        passed,
    )
    assert item.abstain == choices.count("abstain")
    nom.refresh_from_db()
    assert nom.state == ("recommended" if passed else "not_recommended")
    last = Transition.objects.filter(nomination=nom).last()
    assert (last.actor, last.action) == (secretary, "vote_passed" if passed else "vote_failed")
    assert Meeting.objects.get(pk=meeting.pk).state == "closed"


def test_secret_ballot_keeps_no_link_between_member_and_choice(
    client, secretary, five_members, make_nomination, title_kind
):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = _meeting(secretary, five_members[:3])
    council.add_to_agenda(meeting, [nom], secretary)
    _vote_all(meeting, nom, five_members[:3], ["yes", "no", "yes"])

    casts = list(BallotCast.objects.filter(item__meeting=meeting).values_list("member", "choice"))
    assert sorted(casts) == sorted((m.pk, "") for m in five_members[:3])
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert ballot_fields == {"id", "item", "sealed"}  # no member, no time, random key
    assert Ballot.objects.count() == 3

    council.close_meeting(meeting, secretary)
    assert Ballot.objects.count() == 0  # opened, counted, deleted
    client.force_login(secretary)
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "2 đồng ý · 1 không đồng ý · 0 không biểu quyết / 5" in page
    for member in five_members[:3]:
        assert f"{member}: Đồng ý" not in page and f"{member}: Không đồng ý" not in page


def test_open_ballot_shows_names_after_close(
    client, secretary, five_members, make_nomination, open_kind
):
    nom = make_nomination("in_review", award_kind=open_kind)
    meeting = _meeting(secretary, five_members[:2])
    council.add_to_agenda(meeting, [nom], secretary)
    _vote_all(meeting, nom, five_members[:2], ["yes", "no"])
    assert Ballot.objects.count() == 0
    council.close_meeting(meeting, secretary)
    client.force_login(secretary)
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "Thành viên 1: Đồng ý" in page and "Thành viên 2: Không đồng ý" in page


def test_written_opinions_only_for_absent_members(secretary, five_members):
    present, absent = five_members[:3], five_members[3]
    meeting = _meeting(
        secretary, present, {absent: "Tôi đồng ý cả danh sách.", present[0]: "không lưu"}
    )
    assert list(WrittenOpinion.objects.filter(meeting=meeting).values_list("member", "text")) == [
        (absent.pk, "Tôi đồng ý cả danh sách.")
    ]


# --------------------------------------------------------------------------- refusals


@pytest.fixture
def sitting(secretary, five_members, make_nomination, title_kind):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    other = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = _meeting(secretary, five_members[:4])
    council.add_to_agenda(meeting, [nom], secretary)
    return meeting, nom, other


def test_vote_refusals_change_nothing(sitting, secretary, five_members, chairman):
    meeting, nom, other = sitting
    member, absent = five_members[0], five_members[4]
    cases = [
        (
            lambda: council.cast_vote(meeting, other.pk, member, "yes"),
            "Hồ sơ này không có trong chương trình cuộc họp.",
        ),
        (
            lambda: council.cast_vote(meeting, nom.pk, secretary, "yes"),
            "Chỉ thành viên Hội đồng được biểu quyết.",
        ),
        (
            lambda: council.cast_vote(meeting, nom.pk, chairman, "yes"),
            "Chỉ thành viên Hội đồng được biểu quyết.",
        ),
        (
            lambda: council.cast_vote(meeting, nom.pk, absent, "yes"),
            "Chỉ thành viên có mặt tại cuộc họp được biểu quyết.",
        ),
    ]
    for call, message in cases:
        with pytest.raises(WorkflowError) as err:
            call()
        assert err.value.message == message
    assert (BallotCast.objects.count(), Ballot.objects.count()) == (0, 0)

    council.cast_vote(meeting, nom.pk, member, "yes")
    with pytest.raises(
        WorkflowError, match="Bạn đã bỏ phiếu kín cho hồ sơ này; phiếu kín không thể sửa."
    ):
        council.cast_vote(meeting, nom.pk, member, "no")
    assert (BallotCast.objects.count(), Ballot.objects.count()) == (1, 1)

    council.close_meeting(meeting, secretary)
    with pytest.raises(WorkflowError, match="Cuộc họp đã kết thúc, không thể biểu quyết nữa."):
        council.cast_vote(meeting, nom.pk, five_members[1], "yes")
    with pytest.raises(WorkflowError, match="Cuộc họp đã kết thúc."):
        council.close_meeting(meeting, secretary)
    assert (BallotCast.objects.count(), Ballot.objects.count()) == (
        1,
        0,
    )  # the count opened and deleted the ballot


def test_only_secretary_schedules_and_closes(sitting, five_members, chairman):
    meeting, nom, other = sitting
    for user in (five_members[0], chairman):
        with pytest.raises(WorkflowError):
            council.create_meeting(user, held_at=timezone.now(), place="x", members_present=[])
        with pytest.raises(WorkflowError):
            council.add_to_agenda(meeting, [other], user)
        with pytest.raises(WorkflowError):
            council.close_meeting(meeting, user)
    assert Meeting.objects.count() == 1
    assert list(meeting.items.values_list("nomination", flat=True)) == [nom.pk]


def test_agenda_takes_only_regular_dossiers_in_review(
    sitting, secretary, make_nomination, open_kind
):
    meeting, nom, other = sitting
    submitted = make_nomination("submitted", award_kind=open_kind)
    simplified = make_nomination("in_review", procedure="simplified", award_kind=open_kind)
    for candidate in (submitted, simplified, nom):  # nom: already on this open meeting
        with pytest.raises(WorkflowError, match="không thể đưa vào chương trình họp"):
            council.add_to_agenda(meeting, [candidate], secretary)
    assert meeting.items.count() == 1


def test_vote_view_refusal_shows_message(client, sitting, five_members):
    meeting, nom, other = sitting
    client.force_login(five_members[0])
    response = client.post(
        reverse("meeting-vote", args=[meeting.pk, other.pk]), {"choice": "yes"}, follow=True
    )
    assert "Hồ sơ này không có trong chương trình cuộc họp." in response.content.decode()
    assert BallotCast.objects.count() == 0
    response = client.post(
        reverse("meeting-vote", args=[meeting.pk, nom.pk]),
        {"choice": "yes", "opinion": "Xứng đáng"},
        follow=True,
    )
    assert "Đã bỏ phiếu kín; hệ thống không lưu ai chọn gì." in response.content.decode()
    assert list(BallotCast.objects.values_list("member", "opinion")) == [
        (five_members[0].pk, "Xứng đáng")
    ]


def test_conflict_through_the_view(client, sitting, five_members):
    meeting, nom, _other = sitting
    client.force_login(five_members[1])
    client.post(
        reverse("meeting-vote", args=[meeting.pk, nom.pk]),
        {"conflict": "on", "opinion": "Cùng phường"},
    )
    assert list(BallotCast.objects.values_list("member", "conflict")) == [
        (five_members[1].pk, True)
    ]
    assert Ballot.objects.count() == 0


def test_closing_skips_dossiers_withdrawn_meanwhile(sitting, secretary, five_members):
    meeting, nom, _other = sitting
    Nomination.objects.filter(pk=nom.pk).update(state="withdrawn")
    council.close_meeting(meeting, secretary)
    item = meeting.items.get()
    assert item.passed is None
    assert Nomination.objects.get(pk=nom.pk).state == "withdrawn"


def test_meeting_create_view(client, secretary, five_members):
    client.force_login(secretary)
    data = {
        "held_at": "2026-11-20T09:00",
        "place": "Phòng họp số 2",
        "members_present": [m.pk for m in five_members[:4]],
        f"opinion_{five_members[4].pk}": "Đồng ý với tờ trình.",
    }
    response = client.post(reverse("meeting-create"), data)
    meeting = Meeting.objects.get()
    assert response.url == reverse("meeting-detail", args=[meeting.pk])
    assert meeting.place == "Phòng họp số 2"
    assert sorted(meeting.members_present.values_list("pk", flat=True)) == sorted(
        m.pk for m in five_members[:4]
    )
    assert list(meeting.opinions.values_list("text", flat=True)) == ["Đồng ý với tờ trình."]


def test_meeting_flow_through_views(
    client, secretary, five_members, make_nomination, title_kind, authority
):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = _meeting(secretary, five_members[:3])
    client.force_login(secretary)
    client.post(reverse("meeting-agenda", args=[meeting.pk]), {"nominations": [nom.pk]})
    assert list(meeting.items.values_list("nomination", flat=True)) == [nom.pk]
    for member in five_members[:3]:
        client.force_login(member)
        client.post(reverse("meeting-vote", args=[meeting.pk, nom.pk]), {"choice": "yes"})
    client.force_login(five_members[0])
    client.post(reverse("meeting-close", args=[meeting.pk]), close_data(meeting))
    assert Meeting.objects.get(pk=meeting.pk).state == "open"  # a member cannot close
    client.force_login(secretary)
    client.post(reverse("meeting-close", args=[meeting.pk]), close_data(meeting))
    nom.refresh_from_db()
    assert nom.state == "recommended"  # 3 of 5 > half
