"""Statistics of nominations and awards, computed by the database.

Every figure is one ``values().annotate()`` query per table (a GROUP BY in PostgreSQL), never a
Python loop over nominations. The rows seen are exactly ``permissions.nominations_for(user)``:
the council sees every ward (without unsent drafts), a ward officer his own ward only.

The year of a nomination is the year of its campaign (the emulation year), so that one year's
nominations, awards and money fall in the same column.

Awards are the issued, non-revoked ``Award`` rows; money is the sum of their frozen amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.models import Ward
from nominations import permissions
from nominations.models import Award, DecisionState, Nomination
from nominations.models.nomination import Gender

MAX_YEARS = 20


class StatisticsFilterForm(forms.Form):
    """Year range and the list filters. A ward officer gets no ward choice: his ward only."""

    year_from = forms.IntegerField(label=gettext_lazy("Từ năm"), min_value=2000, max_value=2100,
                                   required=False)
    year_to = forms.IntegerField(label=gettext_lazy("Đến năm"), min_value=2000, max_value=2100,
                                 required=False)
    ward = forms.ModelChoiceField(label=gettext_lazy("Phường"), queryset=Ward.objects.none(),
                                  required=False, empty_label=gettext_lazy("Tất cả các phường"))
    campaign = forms.ModelChoiceField(label=gettext_lazy("Phong trào"),
                                      queryset=Campaign.objects.none(), required=False,
                                      empty_label=gettext_lazy("Tất cả phong trào"))
    award_kind = forms.ModelChoiceField(label=gettext_lazy("Hình thức khen thưởng"),
                                        queryset=AwardKind.objects.none(), required=False,
                                        empty_label=gettext_lazy("Tất cả hình thức"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_ward_officer:
            del self.fields["ward"]
        else:
            self.fields["ward"].queryset = Ward.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.order_by("-opens_on", "name")
        self.fields["award_kind"].queryset = AwardKind.objects.all()

    def clean(self):
        data = super().clean()
        this_year = timezone.localdate().year
        year_to = data.get("year_to") or this_year
        year_from = data.get("year_from") or year_to - 4
        if year_from > year_to:
            raise forms.ValidationError(_("“Từ năm” phải không sau “Đến năm”."))
        if year_to - year_from + 1 > MAX_YEARS:
            raise forms.ValidationError(
                _("Chỉ thống kê tối đa %(n)d năm một lần.") % {"n": MAX_YEARS})
        data["year_from"], data["year_to"] = year_from, year_to
        return data

    def default_data(self) -> dict:
        this_year = timezone.localdate().year
        return {"year_from": this_year - 4, "year_to": this_year, "ward": None,
                "campaign": None, "award_kind": None}

    def describe(self, data: dict) -> str:
        """The filters applied, in words (printed on exports)."""
        parts = [_("Năm %(a)d") % {"a": data["year_from"]} if data["year_from"] == data["year_to"]
                 else _("Từ năm %(a)d đến năm %(b)d") % {"a": data["year_from"],
                                                          "b": data["year_to"]}]
        if self.user is not None and self.user.is_ward_officer:
            parts.append(_("Phường: %(w)s") % {"w": self.user.ward})
        elif data.get("ward"):
            parts.append(_("Phường: %(w)s") % {"w": data["ward"]})
        if data.get("campaign"):
            parts.append(_("Phong trào: %(c)s") % {"c": data["campaign"]})
        if data.get("award_kind"):
            parts.append(_("Hình thức: %(k)s") % {"k": data["award_kind"]})
        return "; ".join(parts)


@dataclass
class StatRow:
    label: str
    nominations: int = 0
    awards: int = 0
    money: int = 0
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
        return StatRow(_("Tổng cộng"), sum(r.nominations for r in self.rows),
                       sum(r.awards for r in self.rows), sum(r.money for r in self.rows))


@dataclass
class Dimension:
    key: str
    title: str
    label_header: str
    group_by: tuple[str, ...]
    order_by: tuple[str, ...]


def _dimensions() -> list[Dimension]:
    return [
        Dimension("year", _("So sánh theo năm"), _("Năm"), ("year",), ("year",)),
        Dimension("ward", _("Theo phường"), _("Phường"), ("ward_id", "ward__name"),
                  ("ward__name_folded",)),
        Dimension("campaign", _("Theo phong trào"), _("Phong trào"),
                  ("campaign_id", "campaign__name", "campaign__opens_on"),
                  ("campaign__opens_on", "campaign__name")),
        Dimension("award_kind", _("Theo hình thức khen thưởng"), _("Hình thức"),
                  ("award_kind_id", "award_kind__name", "award_kind__order"),
                  ("award_kind__order", "award_kind__name")),
        Dimension("field", _("Theo lĩnh vực"), _("Lĩnh vực"), ("field",), ("field",)),
        Dimension("nominee_kind", _("Theo đối tượng"), _("Đối tượng"), ("nominee__kind",),
                  ("nominee__kind",)),
        Dimension("gender", _("Theo giới tính (cá nhân)"), _("Giới tính"), ("nominee__gender",),
                  ("nominee__gender",)),
    ]


def scoped_nominations(user, data: dict) -> QuerySet[Nomination]:
    """The user's nominations (ward scoping) within the filters."""
    qs = permissions.nominations_for(user).filter(
        campaign__opens_on__year__gte=data["year_from"],
        campaign__opens_on__year__lte=data["year_to"])
    if data.get("ward") and not user.is_ward_officer:
        qs = qs.filter(ward=data["ward"])
    if data.get("campaign"):
        qs = qs.filter(campaign=data["campaign"])
    if data.get("award_kind"):
        qs = qs.filter(award_kind=data["award_kind"])
    return qs


def valid_awards(nominations: QuerySet[Nomination]) -> QuerySet[Award]:
    """Issued, non-revoked awards of these nominations."""
    return Award.objects.filter(decision__state=DecisionState.ISSUED, revoked_by__isnull=True,
                                nomination__in=nominations.values("pk"))


def _label(dim: Dimension, values: dict) -> str:
    if dim.key == "year":
        return str(values["year"])
    if dim.key == "ward":
        return values["ward__name"]
    if dim.key == "campaign":
        return f"{values['campaign__name']} ({values['campaign__opens_on']:%Y})"
    if dim.key == "award_kind":
        return values["award_kind__name"] or _("Chưa chọn hình thức")
    if dim.key == "field":
        return str(Field(values["field"]).label) if values["field"] else _("Chưa xác định")
    if dim.key == "nominee_kind":
        return str(NomineeKind(values["nominee__kind"]).label)
    if dim.key == "gender":
        gender = values["nominee__gender"]
        return str(Gender(gender).label) if gender else _("Không áp dụng / chưa ghi")
    raise KeyError(dim.key)


def _order(dim: Dimension, key: tuple) -> tuple:
    """Choice dimensions follow their declaration order, not the alphabet of their codes."""
    if dim.key == "field":
        return (list(Field.values).index(key[0]) if key[0] else 99,)
    if dim.key == "nominee_kind":
        return (list(NomineeKind.values).index(key[0]),)
    if dim.key == "gender":
        return (list(Gender.values).index(key[0]) if key[0] else 99,)
    return ()


def _table(dim: Dimension, nominations: QuerySet[Nomination], awards: QuerySet[Award]) -> StatTable:
    if dim.key == "year":
        nom_rows = (nominations.annotate(year=ExtractYear("campaign__opens_on"))
                    .values("year").annotate(n=Count("id")).order_by("year"))
        award_rows = (awards.annotate(year=ExtractYear("nomination__campaign__opens_on"))
                      .values("year").annotate(n=Count("id"), money=Sum("amount"))
                      .order_by("year"))
        award_map = {(r["year"],): r for r in award_rows}
    else:
        nom_rows = (nominations.values(*dim.group_by).annotate(n=Count("id"))
                    .order_by(*dim.order_by, *dim.group_by))
        award_group = [f"nomination__{g}" for g in dim.group_by]
        award_rows = awards.values(*award_group).annotate(n=Count("id"), money=Sum("amount"))
        award_map = {tuple(r[g] for g in award_group): r for r in award_rows}
    table = StatTable(dim.key, dim.title, dim.label_header)
    keyed = []
    for values in nom_rows:  # one row per group (a few dozen at most), not per nomination
        key = tuple(values[g] for g in dim.group_by)
        award = award_map.get(key, {})
        keyed.append((_order(dim, key), StatRow(_label(dim, values), values["n"],
                                                award.get("n") or 0, award.get("money") or 0)))
    keyed.sort(key=lambda pair: pair[0])  # stable: keeps the database order within a rank
    table.rows = [row for _rank, row in keyed]
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


def compute(user, data: dict) -> list[StatTable]:
    """All the tables of the statistics page, the year-over-year table first."""
    nominations = scoped_nominations(user, data)
    awards = valid_awards(nominations)
    tables = []
    for dim in _dimensions():
        if dim.key == "ward" and user.is_ward_officer:
            continue  # one ward: the table would repeat the total
        table = _table(dim, nominations, awards)
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
        bars.append(Bar(
            label=row.label if len(row.label) <= 48 else row.label[:47] + "…",
            y=index * ROW_HEIGHT,
            nominations_width=round(BAR_AREA * row.nominations / peak),
            awards_width=round(BAR_AREA * row.awards / peak),
            nominations=row.nominations, awards=row.awards))
    return Chart(CHART_WIDTH, max(len(bars), 1) * ROW_HEIGHT, bars)
