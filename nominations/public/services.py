"""What residents may see: the one definition of a public exemplar, and the gallery's search.

Every public page (home, gallery, exemplar, campaign, feed, sitemap) starts from
:func:`public_exemplars`. Filter and search parameters come from the URL and are never
trusted: anything that does not parse or does not exist is ignored, so a nonsense URL gives an
ordinary page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from campaigns.models import AwardKind, Campaign, CampaignStatus, Field, NomineeKind
from emulation import page_cache
from emulation.models import Authority, Ward
from emulation.text import fold, vn_slugify
from nominations.models import Award, Nomination

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
PAGE_SIZE = 24


def public_exemplars() -> QuerySet[Nomination]:
    """``Nomination.objects.public()`` with what every public page shows, newest first."""
    return (
        Nomination.objects.public()
        .select_related("nominee", "ward", "campaign", "award_kind")
        .order_by("-awarded_on", "nominee__sort_key", "pk")
    )


def exemplar_url(nomination: Nomination) -> str:
    """The canonical, shareable address of an exemplar: /guong-sang/<pk>-<name-slug>/."""
    return reverse(
        "exemplar",
        kwargs={"pk": nomination.pk, "slug": vn_slugify(nomination.nominee.full_name) or "x"},
    )


def public_campaigns() -> QuerySet[Campaign]:
    """Campaigns residents may read about: launched (open or closed), never a draft."""
    return Campaign.objects.exclude(status=CampaignStatus.DRAFT).order_by("-opens_on", "name")


def issued_awards() -> QuerySet[Award]:
    """Awards of issued award decisions that no later decision revoked."""
    return Award.objects.valid().select_related("decision").order_by("-decision__decided_on", "-pk")


def with_awards(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Prefetch the issued award (decision number and date) in one extra query."""
    return qs.prefetch_related(
        Prefetch("awards", queryset=issued_awards(), to_attr="public_awards")
    )


def public_award(nomination: Nomination) -> Award | None:
    awards = getattr(nomination, "public_awards", None)
    if awards is None:
        return issued_awards().filter(nomination=nomination).first()
    return awards[0] if awards else None


# --- search -------------------------------------------------------------------------------


def _authority_words() -> set[str]:
    """Words of the authority's names: every exemplar is of this district ("dong da").
    Kept until the next write, like the pages (the page header reads the authority too)."""

    def read() -> set[str]:
        authority = Authority.current()
        if authority is None:
            return set()
        return set(fold(f"{authority.name} {authority.short_name}").split())

    return page_cache.remember("authority-words", read)


def search_terms(query: str) -> list[str]:
    """The folded words of a query, cut to a sane size (a 10 kB query costs nothing)."""
    words = fold((query or "")[:MAX_QUERY_CHARS]).split()
    seen: list[str] = []
    for word in words:
        word = "".join(ch for ch in word if ch.isalnum())
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def search(qs: QuerySet[Nomination], query: str) -> QuerySet[Nomination]:
    """Every word must appear in the folded name, position, ward, summary or story.

    A word that belongs to the district's own name ("dong da", "quan") is met by every
    exemplar, since they are all of this district; unless the query has no other word, in
    which case it matches all exemplars (see docs/decisions.md, "Public site").
    """
    terms = search_terms(query)
    if not terms:
        return qs
    authority_words = _authority_words()
    condition = Q()
    for term in terms:
        if term in authority_words:
            continue
        condition &= Q(search_text__icontains=term)
    return qs.filter(condition)


# --- gallery filters -----------------------------------------------------------------------


@dataclasses.dataclass
class GalleryFilters:
    """Parsed, validated filters. Unknown values are dropped, never an error."""

    q: str = ""
    ward: Ward | None = None
    campaign: Campaign | None = None
    year: int | None = None
    field: str = ""
    award: AwardKind | None = None
    choices: dict = dataclasses.field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.q or self.ward or self.campaign or self.year or self.field or self.award)

    def as_query(self) -> dict[str, str]:
        """The cleaned parameters, to rebuild pagination links."""
        params = {}
        if self.q:
            params["q"] = self.q
        if self.ward:
            params["phuong"] = self.ward.slug
        if self.campaign:
            params["phong-trao"] = self.campaign.slug
        if self.year:
            params["nam"] = str(self.year)
        if self.field:
            params["linh-vuc"] = self.field
        if self.award:
            params["danh-hieu"] = self.award.slug
        return params


def _by_slug(options: Iterable[Any], slug: str) -> Any:
    """The option whose slug is ``slug``; None for an empty one (a parameter not given never
    matches an option whose name has no letter a slug keeps, such as "★★★")."""
    slug = (slug or "")[:200]
    if not slug:
        return None
    for option in options:
        if option.slug == slug:
            return option
    return None


def gallery_choices() -> dict[str, list[Any]]:
    """The gallery's option lists: four queries, the years a DISTINCT over every public row
    (20 ms at 200,000 nominations), so they are kept until the next write."""
    years = sorted(
        {
            d.year
            for d in Nomination.objects.public()
            .filter(awarded_on__isnull=False)
            .dates("awarded_on", "year")
        },
        reverse=True,
    )
    return {
        "wards": list(Ward.objects.filter(active=True).order_by("sort_key")),
        "campaigns": list(public_campaigns().only("pk", "name", "slug", "opens_on")),
        "awards": list(AwardKind.objects.filter(active=True).only("pk", "name", "slug")),
        "years": years,
    }


def gallery_filters(params: Mapping[str, str]) -> GalleryFilters:
    """Read the gallery's GET parameters against its option lists."""
    choices = page_cache.remember("gallery-choices", gallery_choices)
    wards, campaigns, awards, years = (
        choices["wards"],
        choices["campaigns"],
        choices["awards"],
        choices["years"],
    )
    filters = GalleryFilters(choices={**choices, "fields": Field.choices})
    filters.q = " ".join((params.get("q") or "")[:MAX_QUERY_CHARS].split())
    filters.ward = _by_slug(wards, params.get("phuong", ""))
    filters.campaign = _by_slug(campaigns, params.get("phong-trao", ""))
    filters.award = _by_slug(awards, params.get("danh-hieu", ""))
    year = (params.get("nam") or "")[:4]
    if year.isascii() and year.isdigit() and int(year) in years:
        filters.year = int(year)
    field_value = params.get("linh-vuc", "")
    if field_value in Field.values:
        filters.field = field_value
    return filters


def filter_exemplars(filters: GalleryFilters) -> QuerySet[Nomination]:
    qs = public_exemplars()
    if filters.ward:
        qs = qs.filter(ward=filters.ward)
    if filters.campaign:
        qs = qs.filter(campaign=filters.campaign)
    if filters.year:
        qs = qs.filter(awarded_on__year=filters.year)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.award:
        qs = qs.filter(award_kind=filters.award)
    return search(qs, filters.q)


def home_figures(today: dt.date | None = None) -> dict[str, int]:
    """The home page's figures, each saying what it counts (one query):

    ``people_year``: individuals (not collectives nor households) honoured in ``today``'s year;
    ``groups_year``: collectives and households honoured that year; ``count_total``: every
    public exemplar of every movement; ``ward_count``: wards with at least one; ``year``.
    """
    today = today or timezone.localdate()
    this_year = Q(awarded_on__year=today.year)
    person = Q(nominee__kind=NomineeKind.INDIVIDUAL)
    figures = (
        public_exemplars()
        .order_by()
        .aggregate(
            count_total=Count("*"),
            people_year=Count("pk", filter=this_year & person),
            groups_year=Count("pk", filter=this_year & ~person),
            ward_count=Count("ward", distinct=True),
        )
    )
    return {**figures, "year": today.year}


def verified_award(code: str) -> Award | None:
    """The issued award whose certificate carries ``code`` (already cleaned: upper case,
    letters and digits), revoked or not; None when no issued award has it."""
    return (
        Award.objects.issued()
        .select_related(
            "decision",
            "nomination__nominee",
            "nomination__award_kind",
            "nomination__ward",
            "revoked_by",
        )
        .filter(verification_code=code)
        .first()
    )
