"""Open data: what is already public, as records for the JSON API and the CSV downloads.

Three lists, each from the one source the public pages use:

- campaigns: :func:`services.public_campaigns` (launched, never a draft);
- exemplars: :func:`services.public_exemplars` (awarded, consenting, not revoked), with the
  gallery's filters (:func:`services.gallery_filters`: junk is ignored) and the issued award
  of the exemplar page (:func:`services.with_awards`);
- decisions: issued *award* decisions (:func:`published_decisions`), as their reference, date,
  title, issuing authority and number of awardees; never the signer, the legal bases, the
  recipients nor the list of names (a name is published only while its exemplar is public).

A record holds only fields the public exemplar page shows, and not all of them: no portrait
and no story (see docs/decisions.md, "Open data"), and never the phone, address, birth year,
report, notes, suggestion or consent details, which no public page shows either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from emulation.site import absolute_url
from nominations.models import Decision, DecisionState, Nomination
from nominations.models.decision import DecisionKind
from nominations.public import services
from nominations.reports.exports import Column, Sheet

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


# --- pagination ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A slice of a list: ``limit`` rows (1 … MAX_LIMIT) from ``offset`` (≥ 0)."""

    limit: int
    offset: int


def window(limit: int | None, offset: int | None) -> Window:
    """Clamp what the client asked: no limit or one below 1 → DEFAULT_LIMIT; above MAX_LIMIT →
    MAX_LIMIT; a negative offset → 0. Never an error."""
    if limit is None or limit < 1:
        limit = DEFAULT_LIMIT
    return Window(limit=min(limit, MAX_LIMIT), offset=max(offset or 0, 0))


def page(qs: QuerySet[Any], win: Window) -> tuple[int, list[Any]]:
    """(count of the whole list, the rows of the window). An offset past the end gives no
    rows without asking the database for them (an offset of 10**30 is no SQL error)."""
    count = qs.count()
    if win.offset >= count:
        return count, []
    return count, list(qs[win.offset : win.offset + win.limit])


# --- campaigns -----------------------------------------------------------------------------


def campaigns() -> QuerySet[Campaign]:
    return services.public_campaigns().prefetch_related("award_kinds")


def exemplar_counts(campaign_ids: Iterable[int]) -> dict[int, int]:
    """Public exemplars per campaign (one query)."""
    rows = (
        services.public_exemplars()
        .filter(campaign_id__in=list(campaign_ids))
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
    )
    return {row["campaign_id"]: row["n"] for row in rows}


def campaign_record(campaign: Campaign, exemplar_count: int) -> dict[str, Any]:
    """What the public campaign page shows."""
    return {
        "slug": campaign.slug,
        "name": campaign.name,
        "launched_by": campaign.launched_by,
        "summary": campaign.summary,
        "description": campaign.description,
        "criteria": campaign.criteria,
        "kind": campaign.kind,
        "kind_label": str(campaign.get_kind_display()),
        "status": campaign.status,
        "status_label": str(campaign.get_status_display()),
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "closes_on": campaign.closes_on,
        "accepts_nominations": campaign.accepts_nominations(),
        "award_kinds": [kind.name for kind in campaign.award_kinds.all()],
        "exemplar_count": exemplar_count,
        "url": absolute_url(reverse("campaign-detail", kwargs={"slug": campaign.slug})),
    }


def campaign_records(rows: list[Campaign]) -> list[dict[str, Any]]:
    counts = exemplar_counts(c.pk for c in rows)
    return [campaign_record(c, counts.get(c.pk, 0)) for c in rows]


# --- exemplars -----------------------------------------------------------------------------

# The API's English parameter names → the gallery's Vietnamese keys.
GALLERY_KEYS = {
    "q": "q",
    "ward": "phuong",
    "campaign": "phong-trao",
    "year": "nam",
    "field": "linh-vuc",
    "award": "danh-hieu",
}


def exemplar_filters(params: Mapping[str, str | None]) -> services.GalleryFilters:
    """The gallery's filters read from the API's parameters (see GALLERY_KEYS)."""
    return services.gallery_filters(
        {GALLERY_KEYS[name]: value or "" for name, value in params.items() if name in GALLERY_KEYS}
    )


def applied_filters(filters: services.GalleryFilters) -> dict[str, Any]:
    """The filters actually applied, by the API's names: an ignored one is null; ``q`` as the
    words searched (folded, cut to 8 words of 200 characters in all)."""
    return {
        "q": " ".join(services.search_terms(filters.q)) or None,
        "ward": filters.ward.slug if filters.ward else None,
        "campaign": filters.campaign.slug if filters.campaign else None,
        "year": filters.year,
        "field": filters.field or None,
        "award": filters.award.slug if filters.award else None,
    }


def exemplars(filters: services.GalleryFilters | None = None) -> QuerySet[Nomination]:
    qs = services.filter_exemplars(filters) if filters else services.public_exemplars()
    return services.with_awards(qs)


def exemplar_record(nomination: Nomination) -> dict[str, Any]:
    """The fields of the public exemplar page (its award as the page prints it), minus the
    portrait and the story."""
    award = services.public_award(nomination)
    decision = award.decision if award else None
    return {
        "id": nomination.pk,
        "name": nomination.nominee.full_name,
        "position": nomination.nominee.position,
        "ward": nomination.ward.name,
        "ward_slug": nomination.ward.slug,
        "field": nomination.field or None,
        "field_label": str(nomination.get_field_display()) if nomination.field else None,
        "summary": nomination.public_summary,
        "award_kind": (award.award_kind_name if award else "")
        or (nomination.award_kind.name if nomination.award_kind else ""),
        "awarded_on": nomination.awarded_on,
        "decision": decision.reference if decision else None,
        "decided_on": decision.decided_on if decision else None,
        "campaign": (award.campaign_name if award else "") or nomination.campaign.name,
        "campaign_slug": nomination.campaign.slug,
        "url": absolute_url(services.exemplar_url(nomination)),
    }


# --- decisions -----------------------------------------------------------------------------


def published_decisions() -> QuerySet[Decision]:
    """Issued award decisions, newest first, with ``awardee_count`` (its awards as issued)."""
    return (
        Decision.objects.filter(state=DecisionState.ISSUED, kind=DecisionKind.AWARD)
        .select_related("authority")
        .annotate(awardee_count=Count("awards"))
        .order_by("-decided_on", "-year", "-number", "-pk")
    )


def decision_record(decision: Decision) -> dict[str, Any]:
    """Reference, date, title, authority (its name as signed) and the number of awardees."""
    return {
        "reference": decision.reference,
        "decided_on": decision.decided_on,
        "year": decision.year,
        "title": decision.title,
        "authority": decision.authority_name or decision.authority.name,
        "campaign": decision.campaign_name or None,
        "awardee_count": getattr(decision, "awardee_count", 0),
    }


# --- CSV -----------------------------------------------------------------------------------


def _rows(records: Iterator[dict[str, Any]], keys: list[str]) -> Iterator[list[Any]]:
    for record in records:
        yield [_cell(record[key]) for key in keys]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return value


def _sheet(title: str, columns: list[tuple[str, str, int]], records: Iterator[dict]) -> Sheet:
    return Sheet(
        title=title,
        filters="",
        columns=[Column(header, width) for _key, header, width in columns],
        rows=_rows(records, [key for key, _h, _w in columns]),
    )


def campaign_sheet() -> Sheet:
    rows = list(campaigns())
    columns = [
        ("slug", _("Mã phong trào"), 30),
        ("name", _("Tên phong trào"), 40),
        ("launched_by", _("Đơn vị phát động"), 30),
        ("kind_label", _("Loại phong trào"), 20),
        ("status_label", _("Trạng thái"), 16),
        ("opens_on", _("Ngày phát động"), 14),
        ("deadline", _("Hạn nộp hồ sơ"), 14),
        ("closes_on", _("Ngày kết thúc"), 14),
        ("award_kinds", _("Hình thức khen thưởng"), 40),
        ("exemplar_count", _("Số gương được tôn vinh"), 12),
        ("summary", _("Giới thiệu ngắn"), 50),
        ("url", _("Địa chỉ trang"), 40),
    ]
    return _sheet(_("Phong trào thi đua"), columns, iter(campaign_records(rows)))


def exemplar_sheet(filters: services.GalleryFilters | None = None) -> Sheet:
    columns = [
        ("id", _("Mã"), 8),
        ("name", _("Họ và tên / tên tập thể"), 30),
        ("position", _("Chức vụ, nghề nghiệp"), 30),
        ("ward", _("Phường"), 20),
        ("field_label", _("Lĩnh vực"), 20),
        ("award_kind", _("Hình thức khen thưởng"), 30),
        ("awarded_on", _("Ngày khen thưởng"), 14),
        ("decision", _("Số quyết định"), 16),
        ("decided_on", _("Ngày quyết định"), 14),
        ("campaign", _("Phong trào"), 30),
        ("summary", _("Tóm tắt thành tích"), 60),
        ("url", _("Địa chỉ trang"), 40),
    ]
    records = (exemplar_record(n) for n in exemplars(filters).iterator(chunk_size=500))
    return _sheet(_("Gương người tốt, việc tốt"), columns, records)


def decision_sheet() -> Sheet:
    columns = [
        ("reference", _("Số quyết định"), 16),
        ("decided_on", _("Ngày quyết định"), 14),
        ("title", _("Trích yếu"), 60),
        ("authority", _("Cơ quan ban hành"), 30),
        ("campaign", _("Phong trào"), 30),
        ("awardee_count", _("Số tập thể, cá nhân được khen thưởng"), 12),
    ]
    records = (decision_record(d) for d in published_decisions().iterator(chunk_size=500))
    return _sheet(_("Quyết định khen thưởng đã ban hành"), columns, records)
