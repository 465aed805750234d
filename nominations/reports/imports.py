"""Import nominations from Excel: template, safety checks, preview, confirm.

1. The ward officer downloads a template whose drop-down lists (openpyxl DataValidation, lists
   on a hidden sheet) hold his ward, the campaigns that accept nominations now and their award
   kinds.
2. He uploads the filled file. Before openpyxl opens it, the file is checked: a ZIP (a renamed
   CSV is refused), not an OLE/CFB container (password-protected workbooks and old .xls are),
   its uncompressed size and compression ratio read from the ZIP directory (zip bombs are
   refused), a workbook part present. The file is then kept in private storage under a random
   token recorded in the user's session; nothing is created.
3. Preview: every row is converted to form data and validated by the *same* forms as the
   nomination pages (``nominations.dossiers.forms``), plus the import's own rules (ward column, formulas,
   dates written as text, duplicates in the file). Valid rows are listed, invalid rows with their
   line number and the reason.
4. Confirm re-reads the stored file, validates again and creates the valid rows as drafts in ONE
   transaction: a failure half-way creates nothing.

Formulas are never evaluated: the workbook is opened with ``data_only=False`` and a cell whose
content is a formula makes its row invalid. Merged cells refuse the file (a merged block would
silently move values between rows).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.text import fold, normalize
from nominations.models import Nomination, Procedure, Transition
from nominations.models.nomination import ACTIVE_STATES, Gender

if TYPE_CHECKING:
    from emulation.models import User

# 500 rows: the preview and the confirm each validate every row with the page's form and
# write it with the page's writer (a few queries per row); 500 keeps each request well under
# a proxy's 30 s on this 2-core machine even when it is busy (docs/decisions.md, Reports).
MAX_ROWS = 500
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 150
MAX_ZIP_ENTRIES = 500
MAX_SCANNED_ROWS = MAX_ROWS * 5
DATA_SHEET = "Hồ sơ"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SESSION_KEY = "nomination_imports"
YES = {"co", "x", "yes", "1", "dong y", "true"}
NO = {"khong", "no", "0", "false", ""}


class ImportRefused(Exception):
    """The whole file is refused; ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: int
    required: bool = False


def columns() -> list[Col]:
    return [
        Col("full_name", _("Họ và tên / tên tập thể"), 28),
        Col("kind", _("Đối tượng"), 14, True),
        Col("gender", _("Giới tính"), 10),
        Col("birth_year", _("Năm sinh"), 10),
        Col("position", _("Chức vụ, nghề nghiệp"), 26),
        Col("workplace", _("Nơi công tác / tổ dân phố"), 26),
        Col("phone", _("Số điện thoại"), 14),
        Col("address", _("Địa chỉ"), 26),
        Col("member_count", _("Số thành viên (tập thể)"), 12),
        Col("head_name", _("Người đứng đầu / chủ hộ"), 22),
        Col("ward", _("Phường"), 16),
        Col("campaign", _("Phong trào"), 36, True),
        Col("award_kind", _("Hình thức đề nghị"), 32),
        Col("procedure", _("Thủ tục"), 20),
        Col("field", _("Lĩnh vực"), 18),
        Col("public_summary", _("Tóm tắt thành tích"), 40),
        Col("achievement_report", _("Báo cáo thành tích"), 40),
        Col("period_start", _("Thời gian từ (dd/mm/yyyy)"), 14),
        Col("period_end", _("Đến (dd/mm/yyyy)"), 14),
        Col("consent_public", _("Đồng ý công khai (Có/Không)"), 14),
        Col("initiative", _("Sáng kiến được công nhận"), 28),
    ]


# --- what the ward may choose ----------------------------------------------------------------


def open_campaigns() -> list[Campaign]:
    return list(
        Campaign.objects.accepting_nominations()
        .prefetch_related("award_kinds")
        .order_by("name", "opens_on")
    )


def campaign_label(campaign: Campaign) -> str:
    return f"{campaign.name} ({campaign.opens_on:%Y})"


def _choice_lists(user: User) -> dict[str, list[str]]:
    assert user.ward is not None  # a ward officer (can_import_nominations) has a ward
    campaigns = open_campaigns()
    kinds = (
        AwardKind.objects.filter(campaigns__in=campaigns, active=True)
        .distinct()
        .order_by("order", "name")
    )
    return {
        "campaign": [campaign_label(c) for c in campaigns],
        "award_kind": [k.name for k in kinds],
        "kind": [str(label) for label in NomineeKind.labels],
        "gender": [str(label) for label in Gender.labels],
        "procedure": [str(label) for label in Procedure.labels],
        "field": [str(label) for label in Field.labels],
        "consent_public": [_("Có"), _("Không")],
        "ward": [user.ward.name],
    }


# --- template --------------------------------------------------------------------------------


def build_template(user: User) -> Workbook:
    assert user.ward is not None  # a ward officer (can_import_nominations) has a ward
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = DATA_SHEET
    cols = columns()
    header_fill = PatternFill("solid", fgColor="F3E3E5")
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index, value=col.header + (" *" if col.required else ""))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.freeze_panes = "A2"
    lists_ws = wb.create_sheet(LISTS_SHEET)
    lists = _choice_lists(user)
    last_row = MAX_ROWS + 1
    for list_index, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(list_index)
        lists_ws.cell(row=1, column=list_index, value=key)
        for row, value in enumerate(values, start=2):
            lists_ws.cell(row=row, column=list_index, value=value)
        if not values:
            continue
        target = next(i for i, c in enumerate(cols, start=1) if c.key == key)
        target_letter = get_column_letter(target)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Giá trị không hợp lệ"),
            error=_("Hãy chọn một giá trị trong danh sách."),
        )
        validation.add(f"{target_letter}2:{target_letter}{last_row}")
        ws.add_data_validation(validation)
    lists_ws.sheet_state = "hidden"
    guide = wb.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 110
    for row, text in enumerate(
        [
            _("HƯỚNG DẪN NHẬP HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG TỪ EXCEL"),
            _(
                "Phường: %(w)s. Mỗi dòng của trang “%(s)s” là một hồ sơ; dòng 1 là tiêu đề, "
                "không sửa."
            )
            % {"w": user.ward.name, "s": DATA_SHEET},
            _(
                "Cột có dấu * là bắt buộc. Phong trào, hình thức, đối tượng, giới tính, thủ tục, "
                "lĩnh vực: chọn trong danh sách thả xuống."
            ),
            _(
                "Ngày ghi theo dạng dd/mm/yyyy, ví dụ 05/01/2026. Không dùng công thức, không gộp ô."
            ),
            _("Tối đa %(n)d dòng mỗi tệp. Hồ sơ được tạo ở trạng thái nháp sau khi bạn xác nhận.")
            % {"n": MAX_ROWS},
        ],
        start=1,
    ):
        guide.cell(row=row, column=1, value=text).font = Font(bold=row == 1)
    return wb


def template_response(user: User) -> FileResponse:
    import tempfile

    assert user.ward is not None  # a ward officer (can_import_nominations) has a ward

    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    build_template(user).save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"mau-nhap-ho-so-{user.ward.slug}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- upload and the safety checks ------------------------------------------------------------


def check_file(path: Path) -> None:
    """Refuse anything that is not a plain, reasonably sized xlsx, before openpyxl opens it."""
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            _("Tệp quá lớn (%(s)s MB); giới hạn là %(m)d MB.")
            % {
                "s": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "m": MAX_UPLOAD_BYTES // 1024 // 1024,
            }
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        raise ImportRefused(
            _(
                "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls). Hãy bỏ "
                "mật khẩu và lưu lại dưới dạng .xlsx rồi tải lên lại."
            )
        )
    if not head.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(path):
        raise ImportRefused(
            _(
                "Tệp không phải là tệp Excel .xlsx (có thể là CSV hoặc tệp khác "
                "được đổi tên). Hãy dùng tệp mẫu và lưu dưới dạng .xlsx."
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ImportRefused(_("Tệp có cấu trúc bất thường (quá nhiều thành phần)."))
            total = 0
            for entry in entries:
                total += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if total > MAX_UNCOMPRESSED_BYTES or (
                    entry.file_size > 1_000_000 and ratio > MAX_RATIO
                ):
                    raise ImportRefused(
                        _("Tệp bị từ chối: dung lượng sau giải nén bất thường (nghi “bom nén”).")
                    )
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ImportRefused(_("Tệp không phải là bảng tính Excel .xlsx."))
            for name in names:
                if (
                    name.startswith("xl/worksheets/")
                    and name.endswith(".xml")
                    and _has_merged_cells(archive, name)
                ):
                    raise ImportRefused(
                        _(
                            "Bảng tính có ô gộp (merge). Hãy bỏ gộp ô, mỗi dòng "
                            "một hồ sơ, rồi tải lên lại."
                        )
                    )
    except zipfile.BadZipFile as error:
        raise ImportRefused(_("Tệp Excel bị hỏng, không đọc được.")) from error


def _has_merged_cells(archive: zipfile.ZipFile, name: str) -> bool:
    """Stream the sheet XML looking for <mergeCell>, without loading it whole."""
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(256 * 1024):
            if b"mergeCell " in tail + chunk or b"mergeCell>" in tail + chunk:
                return True
            tail = chunk[-32:]
    return False


def _stash_dir() -> Path:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash_upload(request: HttpRequest, upload: UploadedFile) -> str:
    """Keep the uploaded file server-side under a random token tied to this session."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    path = _stash_dir() / f"{token}.xlsx"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
            if out.tell() > MAX_UPLOAD_BYTES:
                break
    try:
        check_file(path)
    except ImportRefused:
        path.unlink(missing_ok=True)
        raise
    tokens = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*tokens[-4:], token]
    return token


def stashed_path(request: HttpRequest, token: str) -> Path:
    if not TOKEN_RE.match(token) or token not in request.session.get(SESSION_KEY, []):
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    path = _stash_dir() / f"{token}.xlsx"
    if not path.exists():
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    return path


def discard(request: HttpRequest, token: str) -> None:
    (_stash_dir() / f"{token}.xlsx").unlink(missing_ok=True)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


def _remove_stale() -> None:
    cutoff = timezone.now().timestamp() - 24 * 3600
    for path in _stash_dir().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


# --- reading rows ----------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    form: forms.Form | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return self.values.get("full_name") or ""


@dataclass
class ParseResult:
    rows: list[RowResult]

    @property
    def valid(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


def _read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number, raw cell values) of every non-empty data row; formulas stay text."""
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(
            _("Không đọc được bảng tính: tệp Excel bị hỏng hoặc không đúng định dạng.")
        ) from error
    try:
        ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
        cols = columns()
        found = []
        rows = ws.iter_rows(values_only=False)
        header = next(rows, None)
        header_texts = [fold(str(c.value or "")).rstrip(" *") for c in (header or [])]
        expected = [fold(c.header) for c in cols]
        if header_texts[: len(expected)] != expected:
            raise ImportRefused(
                _(
                    "Dòng tiêu đề không khớp với tệp mẫu. Hãy tải tệp mẫu mới và "
                    "nhập dữ liệu vào đó."
                )
            )
        for scanned, row in enumerate(rows, start=2):
            if scanned > MAX_SCANNED_ROWS:
                raise ImportRefused(
                    _("Tệp có quá nhiều dòng; mỗi lần chỉ nhập tối đa %(n)d hồ sơ.")
                    % {"n": MAX_ROWS}
                )
            cells = list(row)[: len(cols)]
            values = []
            for cell in cells:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    value = _Formula(str(value))
                values.append(value)
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            found.append((scanned, values + [None] * (len(cols) - len(values))))
            if len(found) > MAX_ROWS:
                raise ImportRefused(
                    _(
                        "Tệp có hơn %(n)d dòng hồ sơ; mỗi lần chỉ nhập tối đa "
                        "%(n)d dòng. Hãy chia thành nhiều tệp."
                    )
                    % {"n": MAX_ROWS}
                )
        return found
    finally:
        wb.close()


class _Formula(str):
    """A cell whose content is a formula: never evaluated, the row is refused."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _date(value: object, label: str, errors: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    errors.append(
        _("%(c)s: “%(v)s” không phải ngày hợp lệ (dạng dd/mm/yyyy).") % {"c": label, "v": text}
    )
    return None


def _choice(
    value: str,
    choices: Iterable[tuple[str, Any]],
    label: str,
    errors: list[str],
    required: bool = False,
) -> str:
    """Match a label (accents optional) or a code of a TextChoices."""
    if not value:
        if required:
            errors.append(_("%(c)s: chưa nhập.") % {"c": label})
        return ""
    folded = fold(value)
    for code, text in choices:
        if folded in (fold(str(text)), fold(code)):
            return code
    errors.append(_("%(c)s: “%(v)s” không có trong danh sách.") % {"c": label, "v": value})
    return ""


class _Context:
    """Lookups shared by every row of one file (a few queries, not one per row)."""

    def __init__(self, user: User) -> None:
        assert user.ward_id is not None  # a ward officer (can_import_nominations) has a ward
        self.user = user
        self.campaigns = open_campaigns()
        self.by_label = {fold(campaign_label(c)): c for c in self.campaigns}
        names: dict[str, list[Campaign]] = {}
        for campaign in self.campaigns:
            names.setdefault(fold(campaign.name), []).append(campaign)
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}
        self.kinds = {fold(k.name): k for k in AwardKind.objects.filter(active=True)}
        # Nominees of this ward already holding an active dossier, by (folded name, campaign)
        self.taken = set(
            Nomination.objects.filter(
                ward_id=user.ward_id, state__in=ACTIVE_STATES, campaign__in=self.campaigns
            ).values_list("nominee__name_folded", "campaign_id")
        )
        self.seen: set[tuple[str, int]] = set()


def _row_to_data(raw: list[Any], ctx: _Context, errors: list[str]) -> dict[str, Any]:
    cols = columns()
    labels = {c.key: c.header for c in cols}
    values = {}
    for col, value in zip(cols, raw, strict=True):
        if isinstance(value, _Formula):
            errors.append(
                _("%(c)s: ô chứa công thức (%(f)s); chỉ nhận giá trị, không tính công thức.")
                % {"c": col.header, "f": str(value)[:40]}
            )
            value = None
        values[col.key] = value
    data: dict[str, Any] = {
        key: _text(values[key])
        for key in (
            "full_name",
            "position",
            "workplace",
            "phone",
            "address",
            "head_name",
            "public_summary",
            "achievement_report",
            "initiative",
            "birth_year",
            "member_count",
        )
    }
    data["kind"] = _choice(
        _text(values["kind"]), NomineeKind.choices, labels["kind"], errors, required=True
    )
    data["gender"] = _choice(_text(values["gender"]), Gender.choices, labels["gender"], errors)
    data["procedure"] = (
        _choice(_text(values["procedure"]), Procedure.choices, labels["procedure"], errors)
        or Procedure.REGULAR
    )
    data["field"] = _choice(_text(values["field"]), Field.choices, labels["field"], errors)
    consent = fold(_text(values["consent_public"]))
    if consent in YES:
        data["consent_public"] = True
    elif consent in NO:
        data["consent_public"] = False
    else:
        errors.append(_("%(c)s: ghi “Có” hoặc “Không”.") % {"c": labels["consent_public"]})
    data["period_start"] = _date(values["period_start"], labels["period_start"], errors)
    data["period_end"] = _date(values["period_end"], labels["period_end"], errors)
    ward = _text(values["ward"])
    assert ctx.user.ward is not None  # a ward officer (can_import_nominations) has a ward
    if ward and fold(ward) != fold(ctx.user.ward.name):
        errors.append(
            _(
                "Phường “%(w)s” không phải phường của bạn (%(mine)s): chỉ được nhập hồ "
                "sơ của phường mình."
            )
            % {"w": ward, "mine": ctx.user.ward.name}
        )
    campaign_text = _text(values["campaign"])
    campaign = ctx.by_label.get(fold(campaign_text)) or ctx.by_name.get(fold(campaign_text))
    if not campaign_text:
        errors.append(_("%(c)s: chưa nhập.") % {"c": labels["campaign"]})
    elif campaign is None:
        errors.append(
            _("Phong trào “%(v)s” không có hoặc không còn nhận hồ sơ.") % {"v": campaign_text}
        )
    data["campaign"] = campaign.pk if campaign else ""
    kind_text = _text(values["award_kind"])
    award_kind = ctx.kinds.get(fold(kind_text)) if kind_text else None
    if kind_text and award_kind is None:
        errors.append(_("Hình thức “%(v)s” không có trong danh sách.") % {"v": kind_text})
    data["award_kind"] = award_kind.pk if award_kind else ""
    if campaign and data["full_name"]:
        key = (fold(data["full_name"]), campaign.pk)
        if key in ctx.taken:
            errors.append(_("“%(n)s” đã có hồ sơ trong phong trào này.") % {"n": data["full_name"]})
        elif key in ctx.seen:
            errors.append(
                _("“%(n)s” bị lặp lại trong tệp cho cùng phong trào.") % {"n": data["full_name"]}
            )
        ctx.seen.add(key)
    data["campaign_obj"], data["award_kind_obj"] = campaign, award_kind
    return data


def _form_errors(form: forms.Form, skip: set[str]) -> list[str]:
    """The form's messages, each named by the column of the file it comes from."""
    headers = {c.key: c.header for c in columns()}
    out = []
    for name, errors in form.errors.items():
        if name in skip:
            continue
        label = headers.get(name) or (form.fields[name].label if name in form.fields else "")
        for error in errors:
            out.append(f"{label}: {error}" if label else str(error))
    return out


def validate_row(line: int, raw: list[Any], ctx: _Context) -> RowResult:
    """The row through the import's own checks, then through the nomination page's form."""
    from nominations.dossiers.forms import NominationForm

    errors: list[str] = []
    data = _row_to_data(raw, ctx, errors)
    form = NominationForm(data={k: v for k, v in data.items() if not k.endswith("_obj")})
    if not form.is_valid():
        # A campaign already reported as unknown: its knock-on errors would only repeat it.
        skip = {"campaign", "kind", "award_kind"} if data["campaign_obj"] is None else set()
        errors.extend(_form_errors(form, skip))
    result = RowResult(line=line, values=data, form=form)
    result.errors = list(dict.fromkeys(errors))  # keep the order, drop repeats
    if data["kind"] == NomineeKind.HOUSEHOLD and not data["full_name"] and data["head_name"]:
        data["full_name"] = _("Hộ gia đình %(n)s") % {"n": data["head_name"]}
    data["campaign_label"] = campaign_label(data["campaign_obj"]) if data["campaign_obj"] else ""
    return result


def read_checked_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The file-level checks and the raw rows (no form validation yet): cheap, run at upload
    so that a refused file is reported next to the upload field."""
    check_file(path)
    rows = _read_rows(path)
    if not rows:
        raise ImportRefused(_("Tệp không có dòng hồ sơ nào (dữ liệu bắt đầu từ dòng 2)."))
    return rows


def parse(path: Path, user: User) -> ParseResult:
    rows = read_checked_rows(path)
    ctx = _Context(user)
    return ParseResult([validate_row(line, raw, ctx) for line, raw in rows])


def confirm(path: Path, user: User, expected: int | None = None) -> list[Nomination]:
    """Create every valid row as a draft, all in one transaction."""
    result = parse(path, user)
    if expected is not None and len(result.valid) != expected:
        raise ImportRefused(
            _(
                "Dữ liệu đã thay đổi kể từ lúc xem trước (nay có %(n)d dòng hợp "
                "lệ). Hãy xem lại trước khi xác nhận."
            )
            % {"n": len(result.valid)}
        )
    if not result.valid:
        raise ImportRefused(_("Không có dòng hợp lệ nào để tạo hồ sơ."))
    from nominations.dossiers.services import DossierError, create_draft

    created = []
    with transaction.atomic():
        for row in result.valid:
            assert row.form is not None  # validate_row gives every row its form
            data = row.form.cleaned_data
            try:
                nomination = create_draft(user, data["campaign"], data["kind"], data)
            except DossierError as error:
                raise ImportRefused(
                    _("Dòng %(n)d: %(m)s Không hồ sơ nào được tạo.")
                    % {"n": row.line, "m": error.message}
                ) from None
            Transition.objects.create(
                nomination=nomination,
                actor=user,
                action="import",
                from_state=nomination.state,
                to_state=nomination.state,
                comment=_("Nhập từ tệp Excel, dòng %(n)d") % {"n": row.line},
            )
            created.append(nomination)
    return created
