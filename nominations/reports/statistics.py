"""Statistics of nominations and awards, computed by the database.

Every figure is one ``values().annotate()`` query per table (a GROUP BY in PostgreSQL), never a
Python loop over nominations. The rows seen are exactly ``permissions.nominations_for(user)``:
the council sees every ward (without unsent drafts), a ward officer his own ward only.

The year of a nomination is the year of its campaign (the emulation year), so that one year's
nominations, awards and money fall in the same column.

Awards are the issued, non-revoked ``Award`` rows; money is the sum of their frozen amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.models import Ward
from nominations import permissions
from nominations.models import Award, Nomination
from nominations.models.nomination import Gender

if TYPE_CHECKING:
    from emulation.models import User

MAX_YEARS = 20


@dataclass
class StatRow:
    label: str
    nominations: int = 0
    awards: int = 0
    money: int = 0  # đồng: the frozen amounts of the awards
    # year-over-year only: change against the previous row, in percent (None: no base)
    nominations_change: Decimal | None = None
    money_change: Decimal | None = None


@dataclass
class StatTable:
    key: str
    title: str
    label_header: str
    rows: list[StatRow] = field(default_factory=list)

    @property
    def total(self) -> StatRow:
        return StatRow(
            _("Tổng cộng"),
            sum(r.nominations for r in self.rows),
            sum(r.awards for r in self.rows),
            sum(r.money for r in self.rows),
        )


@dataclass
class Dimension:
    key: str
    title: str
    label_header: str
    path: str  # the grouped value, relative to a nomination


def _dimensions() -> list[Dimension]:
    return [
        Dimension("year", _("So sánh theo năm"), _("Năm"), "campaign__opens_on__year"),
        Dimension("ward", _("Theo phường"), _("Phường"), "ward_id"),
        Dimension("campaign", _("Theo phong trào"), _("Phong trào"), "campaign_id"),
        Dimension("award_kind", _("Theo hình thức khen thưởng"), _("Hình thức"), "award_kind_id"),
        Dimension("field", _("Theo lĩnh vực"), _("Lĩnh vực"), "field"),
        Dimension("nominee_kind", _("Theo đối tượng"), _("Đối tượng"), "nominee__kind"),
        Dimension("gender", _("Theo giới tính (cá nhân)"), _("Giới tính"), "nominee__gender"),
    ]


def scoped_nominations(user: User, data: dict[str, Any]) -> QuerySet[Nomination]:
    """The user's nominations (ward scoping) within the filters."""
    qs = permissions.nominations_for(user).filter(
        campaign__opens_on__year__gte=data["year_from"],
        campaign__opens_on__year__lte=data["year_to"],
    )
    if data.get("ward") and not user.is_ward_officer:
        qs = qs.filter(ward=data["ward"])
    if data.get("campaign"):
        qs = qs.filter(campaign=data["campaign"])
    if data.get("award_kind"):
        qs = qs.filter(award_kind=data["award_kind"])
    return qs


def valid_awards(nominations: QuerySet[Nomination]) -> QuerySet[Award]:
    """Issued, non-revoked awards of these nominations."""
    return Award.objects.valid().filter(nomination__in=nominations.values("pk"))


def _expression(path: str, prefix: str = "") -> ExtractYear | F:
    if path == "campaign__opens_on__year":
        return ExtractYear(f"{prefix}campaign__opens_on")
    return F(prefix + path)


# PostgreSQL computes every table in ONE query (GROUPING SETS over the scoped nominations
# left-joined to their awards); other databases (the SQLite demo) get two GROUP BY queries per
# table. Tests run both ways on PostgreSQL.
USE_GROUPING_SETS = True

Counts = dict[str, dict]  # dimension key → {group value: (count, money)}


def _grouping_sets(nominations: QuerySet, dims: list[Dimension]) -> tuple[Counts, Counts]:
    """One scan: the scoped nominations, left-joined to their valid awards (aggregated per
    nomination), grouped by every dimension at once."""
    aliases = [f"d_{d.key}" for d in dims]
    inner = (
        nominations.order_by()
        .annotate(**{a: _expression(d.path) for a, d in zip(aliases, dims, strict=True)})
        .values("id", *aliases)
    )
    sql, params = inner.query.get_compiler(using=nominations.db).as_sql()
    per_nomination = (
        Award.objects.valid()
        .order_by()
        .values("nomination_id")
        .annotate(n=Count("*"), money=Sum("amount"))
    )
    award_sql, award_params = per_nomination.query.get_compiler(using=nominations.db).as_sql()
    columns = ", ".join(aliases)
    sets = ", ".join(f"({a})" for a in aliases)
    # Only our own aliases and ORM-compiled SQL are formatted in; values travel as parameters.
    query = (
        f"SELECT {columns}, GROUPING({columns}) AS g, COUNT(*), "  # noqa: S608
        f"COALESCE(SUM(a.n), 0), COALESCE(SUM(a.money), 0) "
        f"FROM ({sql}) AS s LEFT JOIN ({award_sql}) AS a ON a.nomination_id = s.id "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    everything = (1 << len(dims)) - 1
    counts: Counts = {d.key: {} for d in dims}
    awards: Counts = {d.key: {} for d in dims}
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *award_params])
        for row in cursor.fetchall():
            values, grouping = row[: len(dims)], row[len(dims)]
            count, award_count, money = row[len(dims) + 1 :]
            for index, dim in enumerate(dims):
                if grouping == everything ^ (1 << (len(dims) - 1 - index)):
                    counts[dim.key][values[index]] = (int(count), 0)
                    if award_count:
                        awards[dim.key][values[index]] = (int(award_count), int(money))
    return counts, awards


def _per_dimension(qs: QuerySet, prefix: str, dims: list[Dimension], money: bool) -> Counts:
    result: Counts = {}
    for dim in dims:
        rows = (
            qs.order_by()
            .annotate(d=_expression(dim.path, prefix))
            .values("d")
            .annotate(n=Count("pk"), money=Sum("amount") if money else Count("pk"))
        )
        result[dim.key] = {r["d"]: (r["n"], int(r["money"] or 0) if money else 0) for r in rows}
    return result


def _labels(dim: Dimension, keys: Iterable[Any]) -> dict[Any, tuple[Any, str]]:
    """{group value: (sort key, label)}: a few rows of reference tables, one query at most."""
    keys = list(keys)
    if dim.key == "year":
        return {k: (k, str(k)) for k in keys}
    if dim.key == "ward":
        return {
            pk: (sort_key, name)
            for pk, name, sort_key in Ward.objects.filter(pk__in=keys).values_list(
                "pk", "name", "sort_key"
            )
        }
    if dim.key == "campaign":
        return {
            pk: ((opens_on, name), f"{name} ({opens_on:%Y})")
            for pk, name, opens_on in Campaign.objects.filter(pk__in=keys).values_list(
                "pk", "name", "opens_on"
            )
        }
    if dim.key == "award_kind":
        found: dict[int | None, tuple[Any, str]] = {
            pk: ((order, name), name)
            for pk, name, order in AwardKind.objects.filter(
                pk__in=[k for k in keys if k is not None]
            ).values_list("pk", "name", "order")
        }
        if None in keys:
            found[None] = ((10**6, ""), _("Chưa chọn hình thức"))
        return found
    choices = {"field": Field, "nominee_kind": NomineeKind, "gender": Gender}[dim.key]
    order = list(choices.values)
    return {
        k: (
            (order.index(k), "") if k in order else (99, ""),
            str(choices(k).label)
            if k in order
            else _("Không áp dụng / chưa ghi")
            if dim.key == "gender"
            else _("Chưa xác định"),
        )
        for k in keys
    }


def _table(dim: Dimension, nominations: dict, awards: dict) -> StatTable:
    table = StatTable(dim.key, dim.title, dim.label_header)
    labels = _labels(dim, nominations)
    ordered = sorted(nominations, key=lambda k: labels[k][0])
    table.rows = [
        StatRow(labels[k][1], nominations[k][0], awards.get(k, (0, 0))[0], awards.get(k, (0, 0))[1])
        for k in ordered
    ]
    return table


def _percent_change(now: int, before: int) -> Decimal | None:
    if not before:
        return None
    return (Decimal(now - before) * 100 / before).quantize(Decimal("0.1"))


def year_over_year(table: StatTable, year_from: int, year_to: int) -> StatTable:
    """Every year of the range (zeros included) with its change against the year before."""
    by_year = {row.label: row for row in table.rows}
    rows = []
    previous = None
    for year in range(year_from, year_to + 1):
        row = by_year.get(str(year)) or StatRow(str(year))
        if previous is not None:
            row.nominations_change = _percent_change(row.nominations, previous.nominations)
            row.money_change = _percent_change(row.money, previous.money)
        rows.append(row)
        previous = row
    table.rows = rows
    return table


def compute(user: User, data: dict[str, Any]) -> list[StatTable]:
    """All the tables of the statistics page, the year-over-year table first."""
    dims = [d for d in _dimensions() if not (d.key == "ward" and user.is_ward_officer)]
    nominations = scoped_nominations(user, data)
    if USE_GROUPING_SETS and connection.vendor == "postgresql":
        nomination_counts, award_counts = _grouping_sets(nominations, dims)
    else:
        nomination_counts = _per_dimension(nominations, "", dims, money=False)
        award_counts = _per_dimension(valid_awards(nominations), "nomination__", dims, money=True)
    tables = []
    for dim in dims:
        table = _table(dim, nomination_counts[dim.key], award_counts[dim.key])
        if dim.key == "year":
            table = year_over_year(table, data["year_from"], data["year_to"])
        tables.append(table)
    return tables


@dataclass
class Bar:
    label: str
    y: int
    nominations_width: int
    awards_width: int
    nominations: int
    awards: int


@dataclass
class Chart:
    """Geometry of a horizontal bar chart drawn as inline SVG (attributes only, no style)."""

    width: int
    height: int
    bars: list[Bar]


CHART_WIDTH = 360
BAR_AREA = 300
ROW_HEIGHT = 44


def chart(table: StatTable) -> Chart:
    peak = max([max(r.nominations, r.awards) for r in table.rows] + [1])
    bars = []
    for index, row in enumerate(table.rows):
        bars.append(
            Bar(
                label=row.label if len(row.label) <= 48 else row.label[:47] + "…",
                y=index * ROW_HEIGHT,
                nominations_width=round(BAR_AREA * row.nominations / peak),
                awards_width=round(BAR_AREA * row.awards / peak),
                nominations=row.nominations,
                awards=row.awards,
            )
        )
    return Chart(CHART_WIDTH, max(len(bars), 1) * ROW_HEIGHT, bars)
