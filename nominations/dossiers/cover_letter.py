"""The ward's cover letter (tờ trình) for a campaign: who it submitted, and the letter's number.

Numbering ("Số: 03/TTr-UBND"): a ward sends one cover letter per campaign. Its number is the
campaign's place among the campaigns this ward first submitted a dossier to in that calendar
year, in the order of those first submissions; so it restarts every year, never changes once
given (a submission is never deleted, only withdrawn) and needs no stored counter. The letter
is dated on the day of the ward's latest submission to the campaign, so a reprint after more
dossiers were sent carries the same number and a newer date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from emulation import numbering
from emulation.models import Authority, Ward
from nominations.models import Nomination, NominationState, Transition

S = NominationState
# What the ward has put before the council (and not taken back).
LISTED_STATES = [S.SUBMITTED, S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED, S.AWARDED, S.REVOKED]
SUBMIT_ACTIONS = ["submit", "resubmit"]


@dataclass
class CoverLetter:
    ward: Ward
    campaign: Campaign
    authority: Authority | None
    number: int | None
    symbol: str
    dated: dt.date | None
    nominations: list[Nomination]

    @property
    def reference(self) -> str:
        return numbering.reference(self.number, self.symbol) if self.number else f"…/{self.symbol}"


def listed_nominations(ward: Ward, campaign: Campaign) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(ward=ward, campaign=campaign, state__in=LISTED_STATES)
        .select_related("nominee", "award_kind")
        .order_by("nominee__sort_key", "nominee__full_name", "pk")
    )


def _first_submissions(ward: Ward) -> dict[int, dt.datetime]:
    """campaign id → time of the ward's first submission to it."""
    rows = (
        Transition.objects.filter(nomination__ward=ward, action__in=SUBMIT_ACTIONS)
        .values("nomination__campaign_id")
        .annotate(first=Min("at"))
    )
    return {row["nomination__campaign_id"]: row["first"] for row in rows}


def number_for(ward: Ward, campaign: Campaign) -> tuple[int | None, int | None]:
    """(number, year) of the ward's cover letter for the campaign, or (None, None)."""
    firsts = _first_submissions(ward)
    mine = firsts.get(campaign.pk)
    if mine is None:
        return None, None
    year = timezone.localtime(mine).year
    same_year = sorted(
        (at, cid) for cid, at in firsts.items() if timezone.localtime(at).year == year
    )
    return same_year.index((mine, campaign.pk)) + 1, year


def build(ward: Ward, campaign: Campaign) -> CoverLetter:
    authority = Authority.current()
    symbol = authority.cover_letter_symbol if authority else "TTr-UBND"
    nominations = list(listed_nominations(ward, campaign))
    number, _year = number_for(ward, campaign)
    latest = (
        Transition.objects.filter(
            nomination__ward=ward, nomination__campaign=campaign, action__in=SUBMIT_ACTIONS
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    dated = timezone.localtime(latest).date() if latest else None
    return CoverLetter(
        ward=ward,
        campaign=campaign,
        authority=authority,
        number=number,
        symbol=symbol,
        dated=dated,
        nominations=nominations,
    )
