"""The daily reminders (``manage.py send_reminders``), each idempotent per day: a reminder
already sent today about the same object, of the same kind (to the same person), is not sent
again, so running the command twice (cron retried, run by hand) tells nobody twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from emulation.models import Authority, Role, User
from nominations.council import services as council
from nominations.models import BallotCast, Meeting, Nomination, NominationState, NoticeKind
from nominations.notices import services as notices

K = NoticeKind


def _date(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")


def drafts(today: dt.date, days: int | None = None) -> int:
    """Dossiers still in draft (or returned, not yet resubmitted) of an open campaign whose
    deadline is today or within ``days`` days (``NOTICE_DRAFT_REMINDER_DAYS``): the ward's
    officers are reminded. Returns how many dossiers were reminded."""
    days = settings.NOTICE_DRAFT_REMINDER_DAYS if days is None else days
    due = Nomination.objects.filter(
        state__in=[NominationState.DRAFT, NominationState.RETURNED],
        campaign__status="open",
        campaign__deadline__gte=today,
        campaign__deadline__lte=today + dt.timedelta(days=days),
    ).select_related("nominee", "campaign")
    sent = 0
    for nom in due:
        if notices.already_sent(K.REMIND_DRAFT, nom, today):
            continue
        context = {
            "name": str(nom.nominee),
            "campaign": str(nom.campaign),
            "deadline": _date(nom.campaign.deadline),
        }
        with transaction.atomic():
            notices.notify(K.REMIND_DRAFT, notices.ward_officers(nom.ward_id), nom, context)
        sent += 1
    return sent


def overdue(today: dt.date) -> int:
    """Dossiers waiting past the processing deadline (working days, ``council.waiting``):
    the secretaries are reminded. Returns how many dossiers were reminded."""
    waiting = Nomination.objects.filter(
        state__in=[NominationState.SUBMITTED, NominationState.IN_REVIEW],
        submitted_at__isnull=False,
    ).select_related("nominee", "ward")
    secretaries = list(User.objects.filter(role=Role.SECRETARY, is_active=True))
    sent = 0
    for nom, wait in council.waiting_rows(waiting, Authority.current(), today):
        if wait is None or not wait.overdue or notices.already_sent(K.REMIND_OVERDUE, nom, today):
            continue
        context = {
            "name": str(nom.nominee),
            "ward": str(nom.ward),
            "days": wait.days,
            "limit": wait.limit,
        }
        with transaction.atomic():
            notices.notify(K.REMIND_OVERDUE, secretaries, nom, context)
        sent += 1
    return sent


def votes(now: dt.datetime, days: int | None = None) -> int:
    """Open meetings held within ``days`` days (``NOTICE_VOTE_REMINDER_DAYS``): each member
    called to one who has not voted on every dossier of its agenda is reminded. Returns how
    many members were reminded."""
    days = settings.NOTICE_VOTE_REMINDER_DAYS if days is None else days
    today = timezone.localdate(now)
    meetings = Meeting.objects.filter(
        state=Meeting.State.OPEN, held_at__gte=now, held_at__lte=now + dt.timedelta(days=days)
    ).prefetch_related("members_present", "items")
    sent = 0
    for meeting in meetings:
        items = [item.pk for item in meeting.items.all()]
        if not items:
            continue
        for member in meeting.members_present.all():
            if not member.is_active or notices.already_sent(K.REMIND_VOTE, meeting, today, member):
                continue
            cast = BallotCast.objects.filter(item_id__in=items, member=member).count()
            if cast >= len(items):
                continue
            context = notices.meeting_context(meeting) | {"count": len(items) - cast}
            with transaction.atomic():
                notices.notify(K.REMIND_VOTE, [member], meeting, context)
            sent += 1
    return sent
