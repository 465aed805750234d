"""The council's work: review queue, deadlines, meetings, votes and the dashboard.

State changes of a nomination still go through ``nominations.workflow``; this module adds the
council's own records (notes, meetings, ballots) around them. Refusals raise
``WorkflowError`` with a Vietnamese message and change nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import AwardKind, Denominator
from emulation import numbering
from emulation.models import Authority, DocumentType, Holiday, Role, User, Ward
from emulation.text import name_sort_key, normalize
from nominations import notices, permissions, workflow
from nominations.council import ballot_box
from nominations.models import (
    AgendaItem,
    Award,
    Ballot,
    BallotCast,
    Meeting,
    Nomination,
    NominationState,
    PaperCount,
    Procedure,
    ReviewNote,
    VoteChoice,
    WrittenOpinion,
)
from nominations.models.nomination import QUEUE_STATES
from nominations.workflow import WorkflowError

if TYPE_CHECKING:
    from campaigns.models import Campaign

S = NominationState
DEFAULT_DEADLINES: dict[str, int] = {Procedure.REGULAR: 10, Procedure.SIMPLIFIED: 5}


# --------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class HolidayCalendar:
    """The ``Holiday`` rows of the days after ``start`` up to ``end``, read in one query.

    Load it once for the widest range a page needs and pass it to every
    ``working_days_between`` call: the queue then costs one query however many rows it shows.
    """

    start: dt.date
    end: dt.date
    off: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> HolidayCalendar:
        if end <= start:
            return cls(start, end)
        rows = list(
            Holiday.objects.filter(date__gt=start, date__lte=end).values_list("date", "kind")
        )
        return cls(
            start,
            end,
            off=frozenset(day for day, kind in rows if kind == Holiday.Kind.OFF),
            workdays=frozenset(day for day, kind in rows if kind == Holiday.Kind.WORKDAY),
        )

    def covers(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= start and end <= self.end


def _weekdays_between(start: dt.date, end: dt.date) -> int:
    """Monday to Friday after ``start`` up to and including ``end``."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def working_days_between(
    start: dt.date, end: dt.date, holidays: HolidayCalendar | None = None
) -> int:
    """Working days after ``start`` up to and including ``end``: Monday to Friday, less the
    public holidays off, plus the weekend days worked in exchange (``Holiday`` rows).

    Without ``holidays`` (or with one that does not cover the range) it reads them: one query.
    """
    if end <= start:
        return 0
    if holidays is None or not holidays.covers(start, end):
        holidays = HolidayCalendar.load(start, end)
    count = _weekdays_between(start, end)
    count -= sum(1 for day in holidays.off if start < day <= end and day.weekday() < 5)
    count += sum(1 for day in holidays.workdays if start < day <= end and day.weekday() >= 5)
    return count


def deadline_days(authority: Authority | None, procedure: str) -> int:
    if authority is None:
        return DEFAULT_DEADLINES.get(procedure, DEFAULT_DEADLINES[Procedure.REGULAR])
    return authority.deadline_days(procedure)


@dataclass(frozen=True)
class Waiting:
    days: int
    limit: int

    @property
    def overdue(self) -> bool:
        return self.days > self.limit

    @property
    def left(self) -> int:
        return self.limit - self.days


def _is_waiting(nom: Nomination) -> bool:
    return nom.submitted_at is not None and nom.state in (S.SUBMITTED, S.IN_REVIEW)


def waiting(
    nom: Nomination,
    authority: Authority | None,
    today: dt.date | None = None,
    holidays: HolidayCalendar | None = None,
) -> Waiting | None:
    """How long a dossier has waited since it was (last) submitted, against its deadline."""
    if not _is_waiting(nom):
        return None
    today = today or timezone.localdate()
    start = timezone.localdate(nom.submitted_at)
    return Waiting(
        working_days_between(start, today, holidays), deadline_days(authority, nom.procedure)
    )


def waiting_rows(
    noms: Iterable[Nomination], authority: Authority | None, today: dt.date | None = None
) -> list[tuple[Nomination, Waiting | None]]:
    """Each dossier with its waiting time; the holidays of all of them read in one query."""
    noms = list(noms)
    today = today or timezone.localdate()
    starts = [timezone.localdate(nom.submitted_at) for nom in noms if _is_waiting(nom)]
    holidays = HolidayCalendar.load(min(starts), today) if starts else None
    return [(nom, waiting(nom, authority, today, holidays)) for nom in noms]


# --------------------------------------------------------------------------- review queue

AGE_OVERDUE = "overdue"
AGE_ON_TIME = "on_time"


def review_queue(
    user: User,
    *,
    campaign: Campaign | None = None,
    ward: Ward | None = None,
    award_kind: AwardKind | None = None,
    procedure: str = "",
    state: str = "",
    age: str = "",
    authority: Authority | None = None,
    today: dt.date | None = None,
) -> QuerySet[Nomination]:
    """The secretary's queue across all wards, oldest submission first.

    ``age`` filters on the working-day deadline; it is applied in Python over the ids, since
    working days are not a database function, and returns a queryset again.
    """
    qs = (
        permissions.nominations_for(user)
        .select_related("nominee", "ward", "campaign", "award_kind")
        .order_by("submitted_at", "pk")
    )
    qs = qs.filter(state=state) if state else qs.filter(state__in=QUEUE_STATES)
    if campaign:
        qs = qs.filter(campaign=campaign)
    if ward:
        qs = qs.filter(ward=ward)
    if award_kind:
        qs = qs.filter(award_kind=award_kind)
    if procedure:
        qs = qs.filter(procedure=procedure)
    if age in (AGE_OVERDUE, AGE_ON_TIME):
        today = today or timezone.localdate()
        submitted = qs.filter(state__in=[S.SUBMITTED, S.IN_REVIEW]).values_list(
            "pk", "procedure", "submitted_at"
        )
        rows = [
            (pk, proc, timezone.localdate(submitted_at))
            for pk, proc, submitted_at in submitted
            if submitted_at is not None
        ]
        holidays = HolidayCalendar.load(min((r[2] for r in rows), default=today), today)
        keep = []
        for pk, proc, start in rows:
            days = working_days_between(start, today, holidays)
            late = days > deadline_days(authority, proc)
            if late == (age == AGE_OVERDUE):
                keep.append(pk)
        qs = qs.filter(pk__in=keep)
    return qs


def return_dossier(nomination: Nomination, actor: User, reason: str) -> Nomination:
    """Return to the ward with a reason; its officers are told by ``workflow`` (in-app, and by
    e-mail once committed, through ``nominations.notices``)."""
    return workflow.return_to_ward(nomination, actor, reason)


def bulk_accept(nominations: Iterable[Nomination], actor: User) -> tuple[list, list]:
    """Accept each dossier on its own: one refusal does not undo the others."""
    accepted, refused = [], []
    for nom in nominations:
        try:
            accepted.append(workflow.accept(nom, actor))
        except WorkflowError as err:
            refused.append((nom, err.message))
    return accepted, refused


@transaction.atomic
def add_note(nomination: Nomination, actor: User, text: str) -> ReviewNote:
    if not permissions.can_write_review_note(actor, nomination):
        raise WorkflowError(_("Chỉ thành viên Hội đồng được ghi chú hồ sơ."))
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("Ghi chú không được để trống."), ["text"])
    return ReviewNote.objects.create(nomination=nomination, author=actor, text=text)


# --------------------------------------------------------------------------- meetings


def active_members() -> QuerySet[User]:
    return User.objects.filter(role=Role.MEMBER, is_active=True).order_by("full_name", "pk")


def member_order(member: User) -> str:
    """A council member's place in a list of people: Vietnamese order, given name first."""
    return name_sort_key(member.full_name or member.username)


def by_given_name(members: Iterable[User]) -> list[User]:
    """Members as every list of people is read (present, absent, voters): :func:`member_order`."""
    return sorted(members, key=member_order)


def agenda_candidates() -> QuerySet[Nomination]:
    """Dossiers a meeting may take: in review, regular procedure, not on an open meeting."""
    busy = AgendaItem.objects.filter(meeting__state=Meeting.State.OPEN).values("nomination_id")
    return (
        Nomination.objects.filter(state=S.IN_REVIEW, procedure=Procedure.REGULAR)
        .exclude(pk__in=busy)
        .select_related("nominee", "ward", "campaign", "award_kind")
        .order_by("campaign__name", "ward__sort_key", "nominee__sort_key")
    )


@transaction.atomic
def create_meeting(
    actor: User,
    *,
    held_at: dt.datetime,
    place: str,
    members_present: Iterable[User],
    opinions: dict[User, str] | None = None,
    campaign: Campaign | None = None,
) -> Meeting:
    if not permissions.can_manage_meetings(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được tổ chức cuộc họp."))
    present = list(members_present)
    meeting = Meeting.objects.create(
        held_at=held_at, place=place.strip(), campaign=campaign, created_by=actor
    )
    meeting.members_present.set(present)
    notices.meeting_scheduled(meeting)
    present_ids = {m.pk for m in present}
    for member, text in (opinions or {}).items():
        text = (text or "").strip()
        if text and member.pk not in present_ids:
            WrittenOpinion.objects.create(meeting=meeting, member=member, text=text)
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def add_to_agenda(
    meeting: Meeting, nominations: Iterable[Nomination], actor: User
) -> list[AgendaItem]:
    if not permissions.can_manage_meetings(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được lập chương trình họp."))
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.OPEN:
        raise WorkflowError(_("Cuộc họp đã kết thúc, không thể thêm hồ sơ."))
    allowed = set(agenda_candidates().values_list("pk", flat=True))
    noms = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("nominee", "award_kind")
    )
    if not noms:
        raise WorkflowError(_("Chưa chọn hồ sơ nào."))
    for nom in noms:
        if nom.pk not in allowed:
            raise WorkflowError(
                _(
                    "Hồ sơ của %(name)s không thể đưa vào chương trình họp (chỉ hồ sơ đang xét "
                    "duyệt theo thủ tục thông thường, chưa có trong cuộc họp khác)."
                )
                % {"name": nom.nominee}
            )
    start = meeting.items.count()
    items = []
    for offset, nom in enumerate(noms, start=1):
        secret = nom.award_kind.secret_ballot if nom.award_kind else True
        items.append(
            AgendaItem.objects.create(
                meeting=meeting, nomination=nom, order=start + offset, secret=secret
            )
        )
    notices.put_on_agenda(items)
    return items


def secret_min_voters() -> int:
    """How many members must take part in a secret ballot (``SECRET_BALLOT_MIN_VOTERS``, 3):
    with fewer, the result shows how each voted (two voters, one "yes" and one "no": each
    knows the other's vote; one voter: everyone does). Never below 3, whatever the setting
    says (``emulation.E003`` reports such a setting)."""
    return max(int(settings.SECRET_BALLOT_MIN_VOTERS), 3)


def present_voters(meeting: Meeting) -> int:
    """Members ticked present who may vote (active, role member)."""
    return meeting.members_present.filter(role=Role.MEMBER, is_active=True).count()


def eligible_voters(item: AgendaItem) -> int:
    """Members who may still take part in the item's vote: present, less declared conflicts."""
    conflicts = item.casts.filter(conflict=True).count()
    return max(present_voters(item.meeting) - conflicts, 0)


def secret_ballot_warning(item: AgendaItem, present: int | None = None) -> str:
    """The warning the secretary reads before members vote on a secret item: empty when
    enough members are present, else why the item cannot be voted by secret ballot."""
    if not item.secret:
        return ""
    present = present_voters(item.meeting) if present is None else present
    minimum = secret_min_voters()
    if present >= minimum:
        return ""
    return _(
        "Bỏ phiếu kín cần ít nhất %(min)d thành viên tham gia, cuộc họp chỉ có %(n)d thành viên "
        "có mặt: hệ thống sẽ không nhận phiếu cho hồ sơ này. Hãy đưa hồ sơ sang cuộc họp có đủ "
        "thành viên."
    ) % {"min": minimum, "n": present}


def _item_for_vote(meeting: Meeting, nomination_id: int, member: User) -> AgendaItem:
    """The item a member votes on, with the meeting locked (votes on one meeting queue)."""
    meeting = _lock_meeting(meeting)
    if not permissions.can_vote(member):
        raise WorkflowError(_("Chỉ thành viên Hội đồng được biểu quyết."))
    if meeting.state != Meeting.State.OPEN:
        raise WorkflowError(_("Cuộc họp đã kết thúc, không thể biểu quyết nữa."))
    item = (
        AgendaItem.objects.select_related("nomination", "meeting", "paper_count")
        .filter(meeting=meeting, nomination_id=nomination_id)
        .first()
    )
    if item is None:
        raise WorkflowError(_("Hồ sơ này không có trong chương trình cuộc họp."))
    if not meeting.members_present.filter(pk=member.pk).exists():
        raise WorkflowError(_("Chỉ thành viên có mặt tại cuộc họp được biểu quyết."))
    if hasattr(item, "paper_count"):
        raise WorkflowError(_("Hồ sơ này đã bỏ phiếu kín trên giấy và có biên bản kiểm phiếu."))
    return item


def _refuse_second_cast(item: AgendaItem, member: User) -> BallotCast | None:
    """The member's earlier cast on an open ballot (he may change it until the count);
    refuses a second secret vote or anything after a declared conflict."""
    cast = BallotCast.objects.filter(item=item, member=member).first()
    if cast is None:
        return None
    if cast.conflict:
        raise WorkflowError(_("Bạn đã khai báo xung đột lợi ích nên không biểu quyết hồ sơ này."))
    if item.secret:
        raise WorkflowError(_("Bạn đã bỏ phiếu kín cho hồ sơ này; phiếu kín không thể sửa."))
    return cast


@transaction.atomic
def cast_vote(
    meeting: Meeting, nomination_id: int, member: User, choice: str, opinion: str = ""
) -> BallotCast:
    """One vote. An open vote is stored on the member's ``BallotCast`` and may be changed
    until the count; a secret vote is sealed into a ``Ballot`` (``ballot_box``), final, and
    refused while fewer than ``secret_min_voters()`` members can take part."""
    if choice not in VoteChoice.values:
        raise WorkflowError(_("Chọn đồng ý, không đồng ý hoặc không biểu quyết."), ["choice"])
    item = _item_for_vote(meeting, nomination_id, member)
    earlier = _refuse_second_cast(item, member)
    opinion = opinion.strip()
    if not item.secret:
        if earlier is not None:
            earlier.choice, earlier.opinion = choice, opinion
            earlier.save(update_fields=["choice", "opinion"])
            return earlier
        return BallotCast.objects.create(item=item, member=member, opinion=opinion, choice=choice)
    eligible = eligible_voters(item)
    if eligible < secret_min_voters():
        raise WorkflowError(
            _(
                "Bỏ phiếu kín cần ít nhất %(min)d thành viên tham gia; hồ sơ này chỉ có %(n)d "
                "thành viên được biểu quyết, nên hệ thống không nhận phiếu."
            )
            % {"min": secret_min_voters(), "n": eligible}
        )
    if not item.ballot_key:
        item.ballot_key = ballot_box.new_key()
        item.save(update_fields=["ballot_key"])
    cast = BallotCast.objects.create(item=item, member=member, opinion=opinion)
    ballot_id = uuid.uuid4()
    key = ballot_box.load_key(item.ballot_key)
    Ballot.objects.create(
        id=ballot_id, item=item, sealed=ballot_box.seal(key, item.pk, ballot_id, choice)
    )
    return cast


@transaction.atomic
def declare_conflict(
    meeting: Meeting, nomination_id: int, member: User, reason: str = ""
) -> BallotCast:
    """The member is related to the nominee or from the ward: left out of this vote. Refused
    once he has voted on it (a secret vote cannot be taken back)."""
    item = _item_for_vote(meeting, nomination_id, member)
    earlier = BallotCast.objects.filter(item=item, member=member).first()
    if earlier is not None:
        if earlier.conflict:
            raise WorkflowError(_("Bạn đã khai báo xung đột lợi ích cho hồ sơ này."))
        raise WorkflowError(
            _("Bạn đã biểu quyết hồ sơ này nên không thể khai báo xung đột lợi ích nữa.")
        )
    return BallotCast.objects.create(
        item=item, member=member, conflict=True, opinion=reason.strip()
    )


@transaction.atomic
def record_paper_count(
    item: AgendaItem,
    actor: User,
    *,
    committee: str,
    issued: int,
    returned: int,
    invalid: int,
    yes: int,
    no: int,
    abstain: int,
    note: str = "",
) -> PaperCount:
    """The counting committee's report of a secret vote held on paper (biên bản kiểm phiếu).

    Counts are numbers of paper ballots. Refused unless: the secretary, an open meeting, a
    secret item nobody has voted on electronically, no report yet; ``issued`` between
    ``secret_min_voters()`` and the members who may vote (present less conflicts);
    ``returned <= issued``; ``yes + no + abstain + invalid == returned``.
    """
    if not permissions.can_manage_meetings(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được ghi biên bản kiểm phiếu."))
    meeting = _lock_meeting(item.meeting)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk, meeting=meeting)
    if meeting.state != Meeting.State.OPEN:
        raise WorkflowError(_("Cuộc họp đã kết thúc, không thể ghi biên bản kiểm phiếu."))
    if not item.secret:
        raise WorkflowError(_("Hồ sơ này biểu quyết công khai, không có kiểm phiếu kín."))
    if PaperCount.objects.filter(item=item).exists():
        raise WorkflowError(_("Hồ sơ này đã có biên bản kiểm phiếu."))
    if item.casts.filter(conflict=False).exists():
        raise WorkflowError(
            _(
                "Đã có thành viên bỏ phiếu kín trên hệ thống cho hồ sơ này; không thể ghi thêm "
                "kết quả phiếu giấy."
            )
        )
    committee = "\n".join(line.strip() for line in committee.splitlines() if line.strip())
    if not committee:
        raise WorkflowError(_("Ghi tên các thành viên Ban kiểm phiếu."), ["committee"])
    eligible, minimum = eligible_voters(item), secret_min_voters()
    if issued < minimum:
        raise WorkflowError(
            _("Bỏ phiếu kín cần ít nhất %(min)d thành viên tham gia.") % {"min": minimum},
            ["issued"],
        )
    if issued > eligible:
        raise WorkflowError(
            _(
                "Số phiếu phát ra (%(issued)d) nhiều hơn số thành viên được biểu quyết "
                "(%(n)d: có mặt, trừ người khai báo xung đột lợi ích)."
            )
            % {"issued": issued, "n": eligible},
            ["issued"],
        )
    if returned > issued:
        raise WorkflowError(
            _("Số phiếu thu vào không thể nhiều hơn số phiếu phát ra."), ["returned"]
        )
    if yes + no + abstain + invalid != returned:
        raise WorkflowError(
            _(
                "Số phiếu đồng ý, không đồng ý, không biểu quyết và không hợp lệ cộng lại "
                "(%(sum)d) phải bằng số phiếu thu vào (%(returned)d)."
            )
            % {"sum": yes + no + abstain + invalid, "returned": returned},
            ["returned"],
        )
    return PaperCount.objects.create(
        item=item,
        committee=committee,
        issued=issued,
        returned=returned,
        invalid=invalid,
        yes=yes,
        no=no,
        abstain=abstain,
        note=note.strip(),
        recorded_by=actor,
    )


def _open_ballot_box(item: AgendaItem) -> dict[str, int]:
    """Open the item's sealed ballots and count them: {choice: n}. Checks that there is one
    ballot per member who voted (none added, none removed in the database)."""
    ballots = list(item.ballots.values_list("id", "sealed"))
    voters = item.casts.filter(conflict=False).count()
    if not ballots:
        if voters:
            raise WorkflowError(
                _(
                    "Hòm phiếu kín của hồ sơ %(name)s không khớp với số người đã "
                    "bỏ phiếu; không thể kiểm phiếu."
                )
                % {"name": item.nomination.nominee}
            )
        return {}
    try:
        key = ballot_box.load_key(item.ballot_key)
        choices = [ballot_box.unseal(key, item.pk, pk, bytes(sealed)) for pk, sealed in ballots]
    except ballot_box.BallotBoxError as err:
        raise WorkflowError(
            _(
                "Không mở được hòm phiếu kín của hồ sơ %(name)s (khóa bị mất hoặc phiếu bị sửa "
                "trong cơ sở dữ liệu); báo quản trị hệ thống."
            )
            % {"name": item.nomination.nominee}
        ) from err
    if len(choices) != voters:
        raise WorkflowError(
            _(
                "Hòm phiếu kín của hồ sơ %(name)s không khớp với số người đã bỏ phiếu; không thể "
                "kiểm phiếu."
            )
            % {"name": item.nomination.nominee}
        )
    counts: dict[str, int] = {}
    for choice in choices:
        counts[choice] = counts.get(choice, 0) + 1
    return counts


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    conflicts: int
    denominator: int
    threshold: Decimal
    strict: bool

    @property
    def passed(self) -> bool:
        return passes(self.yes, self.denominator, self.threshold, self.strict)


def passes(yes: int, denominator: int, threshold: Decimal, strict: bool) -> bool:
    """Exact arithmetic: yes / denominator compared with the threshold, no floats."""
    if denominator <= 0:
        return False
    needed = Decimal(threshold) * denominator
    return Decimal(yes) > needed if strict else Decimal(yes) >= needed


def tally(
    item: AgendaItem, members_total: int | None = None, counts: dict[str, int] | None = None
) -> Tally:
    """Count an item's votes: ``counts`` (secret ballots opened by ``close_meeting``), the
    paper count, or the open casts."""
    kind = item.nomination.award_kind
    assert kind is not None  # a dossier in review has one (missing_fields)
    paper = PaperCount.objects.filter(item=item).first()
    if paper is not None:
        counts = {
            VoteChoice.YES: paper.yes,
            VoteChoice.NO: paper.no,
            VoteChoice.ABSTAIN: paper.abstain,
        }
    elif counts is None:
        counts = dict(
            item.casts.filter(conflict=False).values_list("choice").annotate(n=Count("pk"))
        )
    conflicts = item.casts.filter(conflict=True).count()
    if kind.denominator == Denominator.PRESENT:
        denominator = max(present_voters(item.meeting) - conflicts, 0)
    else:
        denominator = members_total if members_total is not None else active_members().count()
    return Tally(
        yes=counts.get(VoteChoice.YES, 0),
        no=counts.get(VoteChoice.NO, 0),
        abstain=counts.get(VoteChoice.ABSTAIN, 0),
        conflicts=conflicts,
        denominator=denominator,
        threshold=kind.vote_threshold,
        strict=kind.threshold_strict,
    )


def result_comment(t: Tally) -> str:
    with translation.override("vi"):  # kept in the dossier's history
        return _result_comment(t)


def _result_comment(t: Tally) -> str:
    return _(
        "Biểu quyết: %(yes)d đồng ý, %(no)d không đồng ý, %(abstain)d không biểu quyết "
        "trên %(den)d; %(conflicts)d thành viên không tham gia do xung đột lợi ích."
    ) % {
        "yes": t.yes,
        "no": t.no,
        "abstain": t.abstain,
        "den": t.denominator,
        "conflicts": t.conflicts,
    }


def too_few_secret_voters(item: AgendaItem) -> bool:
    """A secret item whose electronic ballots are fewer than ``secret_min_voters()`` (but
    some): counting them would show how the few voted, so they are destroyed uncounted."""
    if not item.secret or PaperCount.objects.filter(item=item).exists():
        return False
    voters = item.casts.filter(conflict=False).count()
    return 0 < voters < secret_min_voters()


@transaction.atomic
def close_meeting(meeting: Meeting, actor: User) -> Meeting:
    """Compute every item's result and apply it through the workflow.

    Secret ballots are opened, counted into the item and deleted; each item's key file is
    destroyed once this commits (``ballot_box``). A secret item with too few voters
    (``too_few_secret_voters``) is not counted: its ballots are destroyed unread, its counts
    and denominator stay empty and the dossier stays in review for another meeting.
    """
    if not permissions.can_manage_meetings(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được kết thúc cuộc họp."))
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.OPEN:
        raise WorkflowError(_("Cuộc họp đã kết thúc."))
    members_total = active_members().count()
    keys: list[str] = []
    for item in meeting.items.select_related("nomination__award_kind", "nomination__nominee"):
        if item.ballot_key:
            keys.append(item.ballot_key)
        if too_few_secret_voters(item):
            item.ballots.all().delete()
            item.passed = None
            item.save(update_fields=["passed"])
            continue
        counts = _open_ballot_box(item) if item.secret else None
        item.ballots.all().delete()
        t = tally(item, members_total, counts)
        item.yes, item.no, item.abstain = t.yes, t.no, t.abstain
        item.denominator = t.denominator
        if item.nomination.state == S.IN_REVIEW:
            item.passed = t.passed
            workflow.record_vote_result(item.nomination, actor, t.passed, result_comment(t))
        else:  # withdrawn or returned meanwhile: counted, not applied
            item.passed = None
        item.save(update_fields=["yes", "no", "abstain", "denominator", "passed"])
    meeting.state = Meeting.State.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["state", "closed_at"])
    for key_id in keys:
        transaction.on_commit(partial(ballot_box.destroy_key, key_id))
    return meeting


# --------------------------------------------------------------------------- dashboard


def dashboard(user: User, campaign: Campaign | None = None) -> dict[str, Any]:
    """Counts by state, ward and award kind, and the money committed in đồng (issued, not
    revoked)."""
    qs = permissions.nominations_for(user)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    by_state_raw = dict(qs.values_list("state").annotate(n=Count("pk")))
    by_state = [
        (value, label, by_state_raw.get(value, 0))
        for value, label in NominationState.choices
        if value != S.DRAFT
    ]
    by_ward = list(
        qs.values("ward__name", "ward__sort_key")
        .annotate(
            total=Count("pk"),
            waiting=Count("pk", filter=Q(state__in=[S.SUBMITTED, S.IN_REVIEW])),
            awarded=Count("pk", filter=Q(state=S.AWARDED)),
        )
        .order_by("ward__sort_key")
    )
    by_kind = list(
        qs.exclude(award_kind=None)
        .values("award_kind__name")
        .annotate(
            total=Count("pk"),
            recommended=Count("pk", filter=Q(state=S.RECOMMENDED)),
            awarded=Count("pk", filter=Q(state=S.AWARDED)),
        )
        .order_by("award_kind__order", "award_kind__name")
    )
    awards = Award.objects.valid()
    if campaign is not None:
        awards = awards.filter(nomination__campaign=campaign)
    money = awards.aggregate(total=Sum("amount"), count=Count("pk"))
    return {
        "by_state": by_state,
        "by_ward": by_ward,
        "by_kind": by_kind,
        "money_total": money["total"] or 0,
        "award_count": money["count"],
        "total": sum(by_state_raw.get(v, 0) for v, _label, _n in by_state),
    }


# --------------------------------------------------------------------------- certificate line

CERTIFICATE_LINE_MAX = 300


@transaction.atomic
def set_certificate_line(nomination: Nomination, actor: User, text: str) -> Nomination:
    """The secretary's reviewed achievement line for the certificate (one line, at most
    300 characters); "" goes back to the default line (``documents.certificate_line``).

    Refused for anyone but the secretary, and once the dossier has left the council's queue
    (``permissions.can_set_certificate_line``).
    """
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not permissions.can_set_certificate_line(actor, locked):
        raise WorkflowError(
            _(
                "Chỉ thư ký Hội đồng sửa được thành tích ghi trên giấy khen, khi hồ sơ còn "
                "đang được xét."
            )
        )
    line = normalize(text)
    if len(line) > CERTIFICATE_LINE_MAX:
        raise WorkflowError(
            _("Thành tích ghi trên giấy khen dài quá %(n)d ký tự.") % {"n": CERTIFICATE_LINE_MAX},
            ["certificate_line"],
        )
    locked.certificate_line = line
    locked.save(update_fields=["certificate_line"])
    return locked


# --------------------------------------------------------------------------- minutes

MINUTES_SYMBOL = "BB-HĐTĐKT"


def refuse_if_upcoming(meeting: Meeting, today: dt.date | None = None) -> None:
    """A meeting scheduled for a later day is neither in session nor closable (Sắp họp)."""
    if meeting.is_upcoming(today):
        raise WorkflowError(
            _("Cuộc họp được triệu tập ngày %(d)s; chưa đến ngày họp nên chưa thể kết thúc.")
            % {"d": f"{timezone.localdate(meeting.held_at):%d/%m/%Y}"}
        )


def check_minutes_times(
    meeting: Meeting, started_at: dt.datetime, ended_at: dt.datetime, now: dt.datetime
) -> None:
    """The times the secretary enters for the minutes (Mẫu 1.9): the start not before the day
    the meeting was called for, the end after the start and not later than now."""
    if timezone.localdate(started_at) < timezone.localdate(meeting.held_at):
        raise WorkflowError(
            _("Giờ bắt đầu không được trước ngày triệu tập cuộc họp (%(d)s).")
            % {"d": f"{timezone.localdate(meeting.held_at):%d/%m/%Y}"},
            ["started_at"],
        )
    if ended_at <= started_at:
        raise WorkflowError(_("Giờ kết thúc phải sau giờ bắt đầu."), ["ended_at"])
    if ended_at > now:
        raise WorkflowError(_("Giờ kết thúc không được sau thời điểm hiện tại."), ["ended_at"])


def quorum(authority: Authority | None, present: int, total: int) -> bool:
    """Enough members present to hold the meeting (the authority's setting; two thirds when
    no authority is configured)."""
    if authority is not None:
        return authority.has_quorum(present, total)
    return total > 0 and 3 * present >= 2 * total


@transaction.atomic
def close_with_minutes(
    meeting: Meeting,
    actor: User,
    *,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Meeting:
    """Close the meeting (:func:`close_meeting`) and freeze its minutes: the times entered,
    the number from the authority's register ("01/BB-HĐTĐKT", Nghị định 30/2020/NĐ-CP
    Điều 15), the chair and the secretary named. Refuses an upcoming meeting."""
    if not permissions.can_manage_meetings(actor):
        raise WorkflowError(_("Chỉ thư ký Hội đồng được kết thúc cuộc họp."))
    now = now or timezone.now()
    locked = _lock_meeting(meeting)
    if locked.state != Meeting.State.OPEN:
        raise WorkflowError(_("Cuộc họp đã kết thúc."))
    refuse_if_upcoming(locked, timezone.localdate(now))
    check_minutes_times(locked, started_at, ended_at, now)
    authority = Authority.current()
    if authority is None:
        raise WorkflowError(_("Chưa cấu hình cơ quan ban hành; liên hệ quản trị."))
    closed = close_meeting(locked, actor)
    chair = authority.council_chair_display
    entry = numbering.register(
        authority=authority,
        doc_type=DocumentType.MINUTES,
        symbol=MINUTES_SYMBOL,
        on=timezone.localdate(ended_at),
        subject=_("Biên bản họp Hội đồng Thi đua - Khen thưởng ngày %(d)s")
        % {"d": f"{timezone.localdate(started_at):%d/%m/%Y}"},
        signer_name=chair,
        by=actor,
    )
    closed.started_at, closed.ended_at = started_at, ended_at
    closed.minutes_reference = entry.reference
    closed.chair_name = chair
    closed.secretary_name = actor.full_name or actor.username
    closed.save(
        update_fields=[
            "started_at",
            "ended_at",
            "minutes_reference",
            "chair_name",
            "secretary_name",
        ]
    )
    return closed


@dataclass(frozen=True)
class ItemResult:
    """One dossier's result as the minutes print it: "x/y phiếu (z%), ngưỡng t%"."""

    item: AgendaItem
    percent: Decimal | None
    threshold_percent: Decimal
    strict: bool

    @staticmethod
    def _text(value: Decimal) -> str:
        """66.7 → "66,7"; 100.0 → "100" (Vietnamese decimal comma)."""
        return (f"{value:f}".rstrip("0").rstrip(".")).replace(".", ",")

    @property
    def percent_text(self) -> str:
        return self._text(self.percent) if self.percent is not None else "—"

    @property
    def threshold_text(self) -> str:
        return self._text(self.threshold_percent)


def item_results(items: Iterable[AgendaItem]) -> list[ItemResult]:
    """Percentages of the closed items (one decimal, exact division then rounded half up)."""
    results = []
    for item in items:
        kind = item.nomination.award_kind
        threshold = Decimal(kind.vote_threshold) if kind else Decimal("0.5")
        percent = None
        if item.denominator:
            percent = (Decimal(item.yes) * 100 / item.denominator).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        results.append(
            ItemResult(
                item=item,
                percent=percent,
                threshold_percent=(threshold * 100).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                ),
                strict=bool(kind.threshold_strict) if kind else True,
            )
        )
    return results
