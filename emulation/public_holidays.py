"""The standard calendar of Vietnam's public holidays (the ``holidays`` package) beside the
administrator's ``Holiday`` table.

The table stays the truth: working-day counts read only it
(``nominations.council.services.working_days_between``). The package serves twice: to pre-fill
a year (:func:`prefill`: only the dates the table has no row for; nothing is overwritten or
deleted) and to show where the two differ (:func:`differences`), so that the administrator
checks the Government's announcement for those days (Bộ luật Lao động 2019, Điều 112; the
yearly announcement of the days off and the swapped working days).

The package's English names are translated through :data:`NAMES` into the office's Vietnamese;
a name not in the map keeps the package's own Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.models import Holiday

FIRST_YEAR, LAST_YEAR = 2000, 2100  # years the admin pages and the command accept

# The package's names (language "en_US") → the names an office writes.
NAMES: dict[str, str] = {
    "New Year's Day": "Tết Dương lịch",
    "29 of Lunar New Year": "Tết Nguyên đán (29 tháng Chạp)",
    "Lunar New Year's Eve": "Tết Nguyên đán (giao thừa)",
    "Lunar New Year": "Tết Nguyên đán (mùng 1)",
    "Second Day of Lunar New Year": "Tết Nguyên đán (mùng 2)",
    "Third Day of Lunar New Year": "Tết Nguyên đán (mùng 3)",
    "Fourth Day of Lunar New Year": "Tết Nguyên đán (mùng 4)",
    "Fifth Day of Lunar New Year": "Tết Nguyên đán (mùng 5)",
    "Sixth Day of Lunar New Year": "Tết Nguyên đán (mùng 6)",
    "Hung Kings' Commemoration Day": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    "Liberation Day/Reunification Day": "Ngày Chiến thắng",
    "International Labor Day": "Ngày Quốc tế Lao động",
    "National Day": "Quốc khánh",
    "Vietnam Cultural Day": "Ngày Văn hóa Việt Nam",
}
_OBSERVED = re.compile(r"^(?P<name>.+) \(observed\)$")
_ESTIMATED = re.compile(r"^(?P<name>.+) \(estimated\)$")
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (?P<m>\d\d)/(?P<d>\d\d)/(?P<y>\d{4})\)$")


@dataclass(frozen=True)
class StandardDay:
    """One day of the standard calendar: its date, Vietnamese name and kind
    (``Holiday.Kind``: a day off, or the weekend day worked in exchange for a moved day off)."""

    date: dt.date
    name: str
    kind: str


@dataclass(frozen=True)
class Difference:
    """A date on which the standard calendar and the administrator's table disagree: in one
    only (the other is None), or in both with different kinds."""

    date: dt.date
    standard: StandardDay | None
    table: Holiday | None

    @property
    def where(self) -> str:
        """ "Chỉ có trong lịch chuẩn", "Chỉ có trong bảng", "Khác loại ngày"."""
        if self.table is None:
            return _("Chỉ có trong lịch chuẩn")
        if self.standard is None:
            return _("Chỉ có trong bảng của quản trị")
        return _("Khác loại ngày")

    @property
    def changes_working_days(self) -> bool:
        """Does the difference change a count of working days? Not for a day off falling on a
        weekend, which is not worked anyway."""
        return self.date.weekday() < 5 or Holiday.Kind.WORKDAY in {
            getattr(self.standard, "kind", None),
            getattr(self.table, "kind", None),
        }


def _vietnamese(name: str, day: dt.date, vietnamese: dict[dt.date, str]) -> str:
    if (found := _ESTIMATED.match(name)) is not None:
        return f"{_vietnamese(found['name'], day, vietnamese)} (dự kiến)"
    if (found := _OBSERVED.match(name)) is not None:
        return f"Nghỉ bù {_vietnamese(found['name'], day, vietnamese)}"
    if (found := _SUBSTITUTED.match(name)) is not None:
        worked = dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
        return f"Ngày nghỉ hoán đổi (làm bù ngày {worked:%d/%m/%Y})"
    return NAMES.get(name) or vietnamese.get(day, name)


def standard_days(year: int) -> list[StandardDay]:
    """The package's days off of ``year`` in date order, named in Vietnamese; a day off
    moved from a weekend day adds that day as a working day ("làm bù") when it is in
    ``year``. E.g. 2026: 31/8 off, Saturday 22/8 worked."""
    english = holidays.country_holidays("VN", years=year, language="en_US")
    vietnamese = dict(holidays.country_holidays("VN", years=year, language="vi").items())
    days: dict[dt.date, StandardDay] = {}
    for day, names in sorted(english.items()):
        # One date may carry two names ("A; B"): the first is the day's.
        name = str(names).split("; ")[0]
        days[day] = StandardDay(day, _vietnamese(name, day, vietnamese), Holiday.Kind.OFF)
        if (found := _SUBSTITUTED.match(name)) is not None:
            worked = dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
            if worked.year == year and worked not in days:
                days[worked] = StandardDay(
                    worked, f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}", Holiday.Kind.WORKDAY
                )
    return sorted(days.values(), key=lambda d: d.date)


@transaction.atomic
def prefill(year: int) -> tuple[list[Holiday], int]:
    """Add the standard days of ``year`` whose date has no row in the table: (the rows
    added, in date order; how many standard days were left as the table has them). Never
    changes nor deletes a row; running it twice adds nothing the second time."""
    standard = standard_days(year)
    taken = set(
        Holiday.objects.filter(date__in=[d.date for d in standard]).values_list("date", flat=True)
    )
    missing = [
        Holiday(date=d.date, name=d.name, kind=d.kind) for d in standard if d.date not in taken
    ]
    # ignore_conflicts: a row entered meanwhile by someone else stays as it is.
    Holiday.objects.bulk_create(missing, ignore_conflicts=True)
    added = list(
        Holiday.objects.filter(
            date__in=[h.date for h in missing], name__in=[h.name for h in missing]
        )
    )
    return added, len(taken)


def differences(year: int) -> list[Difference]:
    """Every date of ``year`` where the table and the standard calendar differ, in date
    order: a date in one only, or in both with another kind. Names are not compared (the
    administrator words them). One query."""
    standard = {d.date: d for d in standard_days(year)}
    table = {h.date: h for h in Holiday.objects.filter(date__year=year)}
    found = []
    for day in sorted(standard.keys() | table.keys()):
        ours, theirs = table.get(day), standard.get(day)
        if ours is None or theirs is None or ours.kind != theirs.kind:
            found.append(Difference(day, theirs, ours))
    return found
