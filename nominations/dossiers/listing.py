"""The filters of the ward's dossier list, shared by the page and its exports so that an
export holds exactly the rows the user was looking at."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from emulation.text import fold

if TYPE_CHECKING:
    from campaigns.models import AwardKind, Campaign
    from nominations.models import Nomination

MAX_SEARCH_WORDS = 8


def _pk(value: Model | int) -> Any:
    return value.pk if isinstance(value, Model) else value


def filter_nominations(
    qs: QuerySet[Nomination],
    *,
    campaign: Campaign | int | None = None,
    state: str = "",
    award_kind: AwardKind | int | None = None,
    year: int | None = None,
    q: str = "",
) -> QuerySet[Nomination]:
    """Campaign, state, award kind, the campaign's year, and every typed word of the nominee's
    name (accents and case ignored)."""
    if campaign:
        qs = qs.filter(campaign_id=_pk(campaign))
    if state:
        qs = qs.filter(state=state)
    if award_kind:
        qs = qs.filter(award_kind_id=_pk(award_kind))
    if year:
        qs = qs.filter(
            campaign__opens_on__gte=dt.date(year, 1, 1),
            campaign__opens_on__lt=dt.date(year + 1, 1, 1),
        )
    for word in fold(q or "").split()[:MAX_SEARCH_WORDS]:
        qs = qs.filter(nominee__name_folded__contains=word)
    return qs
