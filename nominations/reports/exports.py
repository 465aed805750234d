"""Excel (.xlsx) and CSV exports in constant memory.

xlsx: an openpyxl *write-only* workbook (rows go straight to a temporary file) served with
``FileResponse``; CSV: ``csv.writer`` behind a ``StreamingHttpResponse``. Rows come from the
database with ``.values_list().iterator()``, so a 200,000-row export never holds the rows in
memory.

Every xlsx export carries the authority's name, a title, the filters applied and the export
date, then Vietnamese headers (frozen, with filter buttons); a CSV starts at its header row; dates are real Excel dates, money real numbers (``#,##0``). A text
cell that a spreadsheet would read as a formula (``= + - @``, tab, carriage return) is
neutralised with a leading apostrophe, after what XML 1.0 forbids (a vertical tab stored from
Word, other controls, U+FFFE) is taken out of it (``emulation.text.xml_safe``): openpyxl
refuses such a cell with ``IllegalCharacterError``, and Excel a file that holds one. Ward
scoping: every query starts from ``permissions.nominations_for(user)``, exactly as the pages
do.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from campaigns.models import Field, NomineeKind
from campaigns.money import award_money
from emulation.models import Authority
from emulation.text import place_line, xml_safe
from nominations import permissions
from nominations.decisions.services import printed_awards
from nominations.models import (
    Award,
    Decision,
    DecisionState,
    Nomination,
    NominationState,
    Procedure,
)
from nominations.models.nomination import Gender
from nominations.reports.statistics import StatTable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from emulation.models import User
    from nominations.reports.forms import NominationFilterForm

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """A text cell made safe: what XML 1.0 forbids removed (:func:`emulation.text.xml_safe`),
    then a leading apostrophe if Excel or LibreOffice would evaluate it. Other values as given.
    """
    if not isinstance(value, str):
        return value
    text = xml_safe(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class Column:
    header: str
    width: int
    kind: str = "text"  # text | int | money | date


# --- generic writers -------------------------------------------------------------------------


@dataclass
class Sheet:
    """One table: a title, the filters line, columns and rows of plain Python values."""

    title: str
    filters: str
    columns: list[Column]
    rows: Iterable[list]
    name: str = ""
    issuer: str | None = None  # an issued decision's frozen authority name; else the current


def _header_lines(sheet: Sheet) -> list[str]:
    if sheet.issuer is not None:
        issuer = sheet.issuer
    else:
        authority = Authority.current()
        issuer = authority.name if authority else ""
    return [
        issuer.upper(),
        sheet.title,
        _("Bộ lọc: %(f)s") % {"f": sheet.filters},
        _("Ngày xuất: %(d)s") % {"d": timezone.localdate().strftime("%d/%m/%Y")},
    ]


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(title=(sheet.name or _("Danh sách"))[:31])
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    lines = _header_lines(sheet)
    header_row = len(lines) + 2  # the title lines, one blank row, then the headers
    # The headers stay in view while scrolling (written with the sheet's top: set before rows).
    ws.freeze_panes = f"A{header_row + 1}"
    for number, text in enumerate(lines):
        cell = WriteOnlyCell(ws, value=neutralise(text))
        if number < 2:
            cell.font = Font(bold=True, size=13 if number == 1 else 11)
        ws.append([cell])
    ws.append([])
    fill = PatternFill("solid", fgColor="F3E3E5")
    headers = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        headers.append(cell)
    ws.append(headers)
    formats = [
        MONEY_FORMAT if c.kind == "money" else DATE_FORMAT if c.kind == "date" else None
        for c in sheet.columns
    ]
    last_row = header_row
    for row in sheet.rows:
        last_row += 1
        out: list[Any] = []  # cells and plain values
        for value, number_format in zip(row, formats, strict=True):
            value = neutralise(value)
            if number_format and value is not None and value != "":
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = number_format
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    # Filter buttons on the header row (written when the workbook is saved).
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.columns))}{last_row}"


def xlsx_response(sheets: list[Sheet], filename: str) -> FileResponse:
    """Write the sheets to a temporary file and stream it; memory stays flat."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(wb, sheet)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    wb.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def csv_lines(sheets: list[Sheet]) -> Iterator[str]:
    """The header row first, then the rows: a file any CSV reader takes back. The title, the
    filters and the date belong to the xlsx (and the file name); several tables (statistics)
    are separated by one empty line."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # UTF-8 byte order mark: Excel then reads Vietnamese letters correctly
    for number, sheet in enumerate(sheets):
        if number:
            yield writer.writerow([])
        yield writer.writerow([c.header for c in sheet.columns])
        for row in sheet.rows:
            yield writer.writerow([_csv_text(v) for v in row])


def csv_response(sheets: list[Sheet], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(sheets), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def respond(sheets: list[Sheet], basename: str, fmt: str) -> FileResponse | StreamingHttpResponse:
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "csv":
        return csv_response(sheets, f"{basename}-{stamp}.csv")
    return xlsx_response(sheets, f"{basename}-{stamp}.xlsx")


# --- the nomination list ---------------------------------------------------------------------


def nomination_columns() -> list[Column]:
    return [
        Column(_("STT"), 6, "int"),
        Column(_("Họ và tên / tên tập thể"), 30),
        Column(_("Đối tượng"), 12),
        Column(_("Giới tính"), 9),
        Column(_("Năm sinh"), 9, "int"),
        Column(_("Chức vụ, nghề nghiệp"), 30),
        Column(_("Nơi công tác / tổ dân phố"), 30),
        Column(_("Phường"), 16),
        Column(_("Phong trào"), 34),
        Column(_("Hình thức đề nghị"), 30),
        Column(_("Lĩnh vực"), 16),
        Column(_("Thủ tục"), 20),
        Column(_("Trạng thái"), 22),
        Column(_("Ngày nộp"), 12, "date"),
        Column(_("Ngày khen thưởng"), 14, "date"),
    ]


NOMINATION_FIELDS = (
    "nominee__full_name",
    "nominee__kind",
    "nominee__gender",
    "nominee__birth_year",
    "nominee__position",
    "nominee__workplace",
    "ward__name",
    "campaign__name",
    "award_kind__name",
    "field",
    "procedure",
    "state",
    "submitted_at",
    "awarded_on",
)


def nomination_rows(qs: QuerySet[Nomination]) -> Iterator[list[Any]]:
    """One list per nomination, streamed from a server-side cursor."""
    labels: dict[str, dict[str, StrOrPromise]] = {
        "kind": dict(NomineeKind.choices),
        "gender": dict(Gender.choices),
        "field": dict(Field.choices),
        "procedure": dict(Procedure.choices),
        "state": dict(NominationState.choices),
    }
    labels = {name: {k: str(v) for k, v in choices.items()} for name, choices in labels.items()}
    tz = timezone.get_current_timezone()
    rows = (
        qs.order_by("ward__sort_key", "nominee__sort_key", "pk")
        .values_list(*NOMINATION_FIELDS)
        .iterator(chunk_size=2000)
    )
    for number, (
        name,
        kind,
        gender,
        birth_year,
        position,
        workplace,
        ward,
        campaign,
        award,
        field_,
        procedure,
        state,
        submitted_at,
        awarded_on,
    ) in enumerate(rows, start=1):
        yield [
            number,
            name,
            labels["kind"].get(kind, ""),
            labels["gender"].get(gender, ""),
            birth_year,
            position,
            workplace,
            ward,
            campaign,
            award or "",
            labels["field"].get(field_, ""),
            labels["procedure"].get(procedure, ""),
            labels["state"].get(state, ""),
            submitted_at.astimezone(tz).date() if submitted_at else None,
            awarded_on,
        ]


def nomination_list_sheet(user: User, form: NominationFilterForm) -> Sheet:
    qs = form.apply(permissions.nominations_for(user))
    return Sheet(
        title=_("DANH SÁCH HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG"),
        filters=form.describe(),
        columns=nomination_columns(),
        rows=nomination_rows(qs),
        name=_("Hồ sơ đề nghị"),
    )


# --- awardees of a decision ------------------------------------------------------------------


def decisions_for(user: User) -> QuerySet[Decision]:
    """Decisions whose awardee list this user may export (ward scoping as the pages)."""
    qs = Decision.objects.select_related("authority").order_by("-year", "-number", "-created_at")
    if not permissions.can_export_decision_awards(user):
        return qs.none()
    if user.is_ward_officer:
        assert user.ward_id is not None  # is_ward_officer says so
        return qs.filter(
            state=DecisionState.ISSUED, awards__nomination__ward_id=user.ward_id
        ).distinct()
    return qs


def awardee_columns() -> list[Column]:
    return [
        Column(_("STT"), 6, "int"),
        Column(_("Họ và tên"), 30),
        Column(_("Chức vụ / đơn vị"), 48),
        Column(_("Hình thức khen thưởng"), 34),
        Column(_("Số tiền (đồng)"), 16, "money"),
    ]


def awardee_rows(user: User, decision: Decision) -> list[list[Any]]:
    """Rows in the order of the decision's list; the total on the last row.

    A signed decision's rows come from its frozen copy (what it printed when signed); a
    draft's from the live rows, with the money the award would bring today.
    """
    nominations = permissions.nominations_for(user)
    awards = printed_awards(
        Award.objects.filter(decision=decision, nomination__in=nominations.values("pk")),
        decision.is_frozen,
    )
    rows: list[list[Any]] = []
    total = 0  # đồng
    for number, award in enumerate(awards, start=1):
        amount = award.amount
        nomination = award.nomination if not decision.is_frozen else None
        if nomination is not None and not amount and nomination.award_kind is not None:
            # A draft: the money the award would bring today (frozen at issuance).
            amount, _base = award_money(
                nomination.award_kind.coefficient_for(nomination.nominee.kind),
                timezone.localdate(),
            )
        unit = place_line(
            award.awardee_position,
            award.awardee_workplace,
            ward=award.unit_name,
            unit_label=_("phường"),
        )
        rows.append([number, award.awardee_name, unit, award.award_kind_name, amount])
        total += amount
    rows.append(["", _("Tổng cộng"), "", "", total])
    return rows


def awardee_sheet(user: User, decision: Decision) -> Sheet:
    if decision.number:
        title = _("DANH SÁCH KHEN THƯỞNG (kèm theo Quyết định số %(n)s ngày %(d)s)") % {
            "n": decision.reference,
            "d": decision.decided_on.strftime("%d/%m/%Y") if decision.decided_on else "",
        }
    else:
        title = _("DANH SÁCH KHEN THƯỞNG (dự thảo quyết định: %(t)s)") % {"t": decision.title}
    filters = _("Quyết định: %(t)s") % {"t": decision.title}
    if user.is_ward_officer:
        filters += "; " + _("Phường: %(w)s") % {"w": user.ward}
    return Sheet(
        title=title,
        filters=filters,
        columns=awardee_columns(),
        rows=awardee_rows(user, decision),
        name=_("Danh sách khen thưởng"),
        issuer=decision.authority_name if decision.is_frozen else None,
    )


# --- statistics tables -----------------------------------------------------------------------


def statistics_sheets(tables: Iterable[StatTable], filters: str) -> list[Sheet]:
    sheets = []
    for table in tables:
        columns = [
            Column(table.label_header, 40),
            Column(_("Số hồ sơ"), 12, "int"),
            Column(_("Số khen thưởng"), 14, "int"),
            Column(_("Tiền thưởng (đồng)"), 18, "money"),
        ]
        rows = [[r.label, r.nominations, r.awards, r.money] for r in table.rows]
        if table.key == "year":
            columns.insert(2, Column(_("Tăng/giảm hồ sơ (%)"), 16, "text"))
            columns.append(Column(_("Tăng/giảm tiền thưởng (%)"), 18, "text"))
            rows = [
                [
                    r.label,
                    r.nominations,
                    "" if r.nominations_change is None else float(r.nominations_change),
                    r.awards,
                    r.money,
                    "" if r.money_change is None else float(r.money_change),
                ]
                for r in table.rows
            ]
            total = table.total
            rows.append([total.label, total.nominations, "", total.awards, total.money, ""])
        else:
            total = table.total
            rows.append([total.label, total.nominations, total.awards, total.money])
        sheets.append(
            Sheet(
                title=_("THỐNG KÊ THI ĐUA, KHEN THƯỞNG: %(t)s") % {"t": table.title.upper()},
                filters=filters,
                columns=columns,
                rows=rows,
                name=table.title,
            )
        )
    return sheets
