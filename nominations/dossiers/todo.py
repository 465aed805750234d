"""The ward officer's "Cần xử lý": what waits on the ward, most urgent first.

Three kinds of task, in one list ordered by the day by which the officer must act:

- a dossier returned for completion: it may come back until the campaign closes
  (``closes_on``, see ``workflow.check_eligibility``);
- a draft not yet submitted: it must be submitted by the campaign's ``deadline``; a draft whose
  campaign no longer accepts dossiers is listed last, to be deleted or kept as a record;
- an open campaign whose deadline falls within ``SOON_DAYS`` days (today included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from campaigns.models import Campaign
from nominations import permissions
from nominations.models import Nomination, NominationState

if TYPE_CHECKING:
    from emulation.models import User

SOON_DAYS = 7
LIMIT = 30  # tasks shown; the rest are counted


@dataclass(frozen=True)
class Task:
    """One line of the list. ``kind`` is "returned", "draft" or "deadline"; ``due`` the last day
    to act (None for an expired draft); ``days_left`` from today (0 = today)."""

    kind: str
    due: dt.date | None
    days_left: int | None
    campaign: Campaign
    nomination: Nomination | None = None
    ward_count: int = 0  # for "deadline": the ward's dossiers in the campaign


def ward_tasks(user: User, today: dt.date) -> tuple[list[Task], int]:
    """(The first ``LIMIT`` tasks of the officer's ward, most urgent first; how many in all.)

    Three queries whatever the number of dossiers.
    """
    mine = permissions.nominations_for(user).select_related("nominee", "campaign")
    tasks: list[Task] = []
    for nom in mine.filter(state__in=[NominationState.RETURNED, NominationState.DRAFT]):
        campaign = nom.campaign
        if nom.state == NominationState.RETURNED:
            due: dt.date | None = campaign.closes_on
            kind = "returned"
        else:
            due = campaign.deadline if campaign.accepts_nominations(today) else None
            kind = "draft"
        if due is not None and due < today:
            due = None
        tasks.append(Task(kind, due, (due - today).days if due else None, campaign, nomination=nom))
    soon = today + dt.timedelta(days=SOON_DAYS - 1)
    closing = Campaign.objects.accepting_nominations(today).filter(deadline__lte=soon)
    for campaign in closing.annotate(
        n=Count("nominations", filter=Q(nominations__ward_id=user.ward_id))
    ):
        tasks.append(
            Task(
                "deadline",
                campaign.deadline,
                (campaign.deadline - today).days,
                campaign,
                ward_count=campaign.n,
            )
        )
    order = {"returned": 0, "deadline": 1, "draft": 2}
    tasks.sort(
        key=lambda t: (
            t.due is None,
            t.due or today,
            order[t.kind],
            t.nomination.nominee.sort_key if t.nomination else t.campaign.name,
        )
    )
    return tasks[:LIMIT], len(tasks)
