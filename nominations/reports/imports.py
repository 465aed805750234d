"""Import nominations from Excel: template, safety checks, preview, confirm.

1. The ward officer downloads a template whose drop-down lists (openpyxl DataValidation, lists
   on a hidden sheet) hold his ward, the campaigns that accept nominations now and their award
   kinds.
2. He uploads the filled file. Before openpyxl opens it, the file is checked: a ZIP (a renamed
   CSV is refused), not an OLE/CFB container (password-protected workbooks and old .xls are),
   what its ZIP directory declares (number of members, size of each part and in all,
   compression ratio: zip bombs and oversized shared-strings tables are refused unread), a
   workbook part present; then every XML part is streamed once through expat (a DTD or an
   entity, a merged cell, a malformed or cut part, too many strings, cells or rows refuse it).
   Whatever openpyxl still raises becomes a refusal too. A refused file is deleted at once and
   the reason shown next to the upload field. An accepted file is kept in private storage
   under a random token recorded in the user's session; nothing is created.
3. Preview: every row holding a value (formatting alone never makes a row) is converted to form
   data and validated by the *same* forms as the nomination pages
   (``nominations.dossiers.forms``), plus the import's own rules (ward column, formulas, dates
   written as text, duplicates in the file). Valid rows are listed, invalid rows with their
   line number and the reason; a phone number whose leading 0 Excel dropped is flagged.
4. Confirm re-reads the stored file, validates again and creates the valid rows as drafts in ONE
   transaction: a failure half-way creates nothing. The file is claimed first (an atomic
   rename), so a double click imports once.

Formulas are never evaluated: the workbook is opened with ``data_only=False`` and a cell whose
content is a formula makes its row invalid. Merged cells refuse the file (a merged block would
silently move values between rows).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from xml.parsers.expat import ExpatError, ParserCreate

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.phone import LEADING_ZERO
from emulation.text import fold, normalize, normalize_multiline
from nominations.models import Nomination, Procedure, Transition
from nominations.models.nomination import ACTIVE_STATES, Gender

if TYPE_CHECKING:
    from emulation.models import User

# 500 rows: the preview and the confirm each validate every row with the page's form and
# write it with the page's writer (a few queries per row); 500 keeps each request well under
# a proxy's 30 s on this 2-core machine even when it is busy (docs/decisions.md, Reports).
MAX_ROWS = 500
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What the ZIP directory may declare, read before anything is decompressed. openpyxl loads the
# whole shared-strings table in memory even in read-only mode and streams the sheets: the one
# cap per XML part (shared strings and sheets included) bounds both; the counts below, taken by
# a streaming pre-scan, bound the Python objects (docs/decisions.md, "Excel import: ...").
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_RATIO = 150
MAX_ZIP_ENTRIES = 100
MAX_SHARED_STRINGS = 30_000
MAX_CELLS = 100_000
MAX_ROW_ELEMENTS = 100_000
DATA_SHEET = "Hồ sơ"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SESSION_KEY = "nomination_imports"
YES = {"co", "x", "yes", "1", "dong y", "true"}
NO = {"khong", "no", "0", "false", ""}
# Columns the template formats as text ("@"), so that Excel keeps "0912345678" and "05/01/2026"
# as typed instead of turning them into the number 912345678 or a date of its locale.
TEXT_COLUMNS = frozenset(
    {
        "full_name",
        "kind",
        "gender",
        "position",
        "workplace",
        "phone",
        "address",
        "head_name",
        "ward",
        "campaign",
        "award_kind",
        "procedure",
        "field",
        "public_summary",
        "achievement_report",
        "period_start",
        "period_end",
        "consent_public",
        "initiative",
    }
)

logger = logging.getLogger(__name__)


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
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = col.width
        if col.key in TEXT_COLUMNS:
            dimension.number_format = "@"  # Excel keeps what is typed: 0912345678 stays so
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
            _(
                "Các cột chữ, số điện thoại và ngày đã định dạng Văn bản (Text) để Excel giữ "
                "nguyên số 0 ở đầu: số di động 10 chữ số (0912 345 678), số cố định 11 chữ số "
                "(024 3825 1234) hoặc dạng +84. Khi dán dữ liệu từ tệp khác, hãy kiểm tra lại số 0 "
                "ở đầu."
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


def _damaged() -> ImportRefused:
    return ImportRefused(
        _(
            "Tệp Excel bị hỏng (bị cắt cụt hoặc sai cấu trúc), không đọc được. Hãy mở tệp "
            "bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
        )
    )


def _megabytes(size: int) -> str:
    """ "57,0": one decimal, Vietnamese decimal comma."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def check_file(path: Path) -> None:
    """Refuse anything that is not a plain, reasonably sized xlsx, before openpyxl opens it.

    First what the file and its ZIP directory declare (nothing decompressed): size, OLE
    container, ZIP structure, number of members, total and per-part uncompressed size,
    compression ratio, the workbook parts. Then every XML part is streamed once through expat
    (constant memory): a DTD or an entity declaration, a merged cell, a malformed or truncated
    part, more shared strings, cells or rows than a 500-row template can hold refuse the file.
    Raises ``ImportRefused`` with the message for the upload field; nothing else escapes.
    """
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            _("Tệp quá lớn (%(s)s MB); giới hạn là %(m)d MB.")
            % {"s": _megabytes(size), "m": MAX_UPLOAD_BYTES // 1024 // 1024}
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
    if not head.startswith(ZIP_MAGIC):
        raise ImportRefused(
            _(
                "Tệp không phải là tệp Excel .xlsx (có thể là CSV hoặc tệp khác "
                "được đổi tên). Hãy dùng tệp mẫu và lưu dưới dạng .xlsx."
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            counts = _Counts()
            for entry in entries:
                _prescan(archive, entry, counts)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as error:
        # a cut file (no central directory), a bad CRC, a damaged deflate stream
        raise _damaged() from error
    except (NotImplementedError, RuntimeError, ValueError) as error:
        # an unsupported compression method, an encrypted member, a bad header
        raise _damaged() from error


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """The sizes the ZIP directory declares. ``zipfile`` never returns more than the declared
    size of a member (it stops there and checks the CRC), so these bound what is read later."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(_("Tệp có cấu trúc bất thường (quá nhiều thành phần)."))
    bomb = ImportRefused(_("Tệp bị từ chối: dung lượng sau giải nén bất thường (nghi “bom nén”)."))
    for entry in entries:
        if entry.file_size > 1_000_000 and entry.file_size > MAX_RATIO * entry.compress_size:
            raise bomb
    for entry in entries:
        if entry.file_size > MAX_PART_BYTES:
            raise ImportRefused(
                _(
                    "Tệp chứa quá nhiều dữ liệu: một phần của tệp chiếm %(s)s MB khi giải nén "
                    "(tối đa %(m)d MB). Hãy rút gọn nội dung hoặc chia thành nhiều tệp nhỏ hơn."
                )
                % {"s": _megabytes(entry.file_size), "m": MAX_PART_BYTES // 1024 // 1024}
            )
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise bomb
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportRefused(_("Tệp không phải là bảng tính Excel .xlsx."))


@dataclass
class _Counts:
    """What the pre-scan has seen so far, over every part of the file."""

    shared_strings: int = 0
    cells: int = 0
    rows: int = 0


class _Forbidden(Exception):
    """Raised from an expat handler to stop the scan; ``refusal`` is what the user reads."""

    def __init__(self, refusal: ImportRefused) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _prescan(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counts: _Counts) -> None:
    """Stream one member through expat if it is XML (images and other binary parts are not
    read further): refuse a DTD or entity, a merged cell, a malformed or truncated part, and
    counts of shared strings, cells or rows beyond the caps."""
    with archive.open(entry) as stream:
        # Whitespace may precede the root element (XML allows it, openpyxl reads it): it is
        # skipped however long it is, so that a part cannot hide from the scan behind it.
        first = stream.read(64 * 1024).lstrip(b" \t\r\n")
        while not first:
            chunk = stream.read(256 * 1024)
            if not chunk:
                return
            first = chunk.lstrip(b" \t\r\n")
        if not first.startswith(_XML_STARTS):
            return
        parser = ParserCreate(namespace_separator="}")

        def no_dtd(*args: object) -> NoReturn:
            raise _Forbidden(
                ImportRefused(
                    _(
                        "Tệp bị từ chối vì lý do an toàn: có khai báo DTD hoặc thực thể XML "
                        "(Excel không bao giờ ghi như vậy). Hãy mở bằng Excel, lưu lại dưới "
                        "dạng .xlsx rồi tải lên lại."
                    )
                )
            )

        def start(name: str, attributes: object) -> None:
            local = name.rpartition("}")[2]
            if local == "c":
                counts.cells += 1
            elif local == "row":
                counts.rows += 1
            elif local == "si":
                counts.shared_strings += 1
            elif local == "mergeCell":
                raise _Forbidden(
                    ImportRefused(
                        _(
                            "Bảng tính có ô gộp (merge). Hãy bỏ gộp ô, mỗi dòng "
                            "một hồ sơ, rồi tải lên lại."
                        )
                    )
                )
            if (
                counts.cells > MAX_CELLS
                or counts.rows > MAX_ROW_ELEMENTS
                or counts.shared_strings > MAX_SHARED_STRINGS
            ):
                raise _Forbidden(
                    ImportRefused(
                        _(
                            "Tệp chứa quá nhiều ô dữ liệu (hơn %(c)s ô hoặc %(s)s chuỗi chữ) so "
                            "với tối đa %(n)d dòng hồ sơ. Hãy chép dữ liệu sang tệp mẫu mới "
                            "rồi tải lên lại."
                        )
                        % {
                            "c": f"{MAX_CELLS:,}".replace(",", "."),
                            "s": f"{MAX_SHARED_STRINGS:,}".replace(",", "."),
                            "n": MAX_ROWS,
                        }
                    )
                )

        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
        parser.UnparsedEntityDeclHandler = no_dtd
        parser.ExternalEntityRefHandler = no_dtd
        parser.StartElementHandler = start
        try:
            chunk = first
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(256 * 1024)
            parser.Parse(b"", True)
        except _Forbidden as forbidden:
            raise forbidden.refusal from None
        except ExpatError as error:
            raise _damaged() from error


def _stash_dir() -> Path:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash_upload(request: HttpRequest, upload: UploadedFile) -> str:
    """Keep the uploaded file server-side under a random token tied to this session, after
    the file-level checks; a refused file is deleted (``ImportRefused``)."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    path = _stash_dir() / f"{token}.xlsx"
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
                if out.tell() > MAX_UPLOAD_BYTES:
                    break
        check_file(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    tokens = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*tokens[-4:], token]
    return token


def accept_upload(request: HttpRequest, upload: UploadedFile) -> str:
    """Stash the upload, check it and read its rows (no form validation yet: cheap enough to
    answer next to the upload field). Returns the token of the preview. On any refusal, and on
    any error at all, the stored file is deleted before the exception leaves."""
    token = stash_upload(request, upload)
    try:
        read_checked_rows(stashed_path(request, token))
    except BaseException:
        discard(request, token)
        raise
    return token


def stashed_path(request: HttpRequest, token: str) -> Path:
    if not TOKEN_RE.match(token) or token not in request.session.get(SESSION_KEY, []):
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    path = _stash_dir() / f"{token}.xlsx"
    if not path.exists():
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    return path


def was_imported(token: str) -> bool:
    """Whether the file behind ``token`` was confirmed and its drafts created (its ``.done``
    marker, kept a day): a preview opened again by the Back button says so."""
    return bool(TOKEN_RE.match(token)) and (_stash_dir() / f"{token}.done").exists()


def discard(request: HttpRequest, token: str) -> None:
    (_stash_dir() / f"{token}.xlsx").unlink(missing_ok=True)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


def _remove_stale() -> None:
    """Files of abandoned previews and markers of confirmed imports, older than a day."""
    cutoff = timezone.now().timestamp() - 24 * 3600
    for path in _stash_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


# --- reading rows ----------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    form: forms.Form | None = None
    # The phone cell holds a number whose leading 0 Excel dropped: flagged in the preview.
    lost_zero: bool = False

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

    @property
    def lost_zero_lines(self) -> list[int]:
        """Lines whose phone number lost its leading 0 (refused until the file is fixed)."""
        return [r.line for r in self.rows if r.lost_zero]


def _read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number, raw cell values) of every data row holding a value; formulas stay text.

    A row counts only when one of its cells holds a value: a formatted cell, a blank string or
    a row missing from the file counts for nothing, wherever it sits (a yellow cell at A2600
    does not make the file too long). The sheet's declared dimension is ignored (a stale one
    would hide rows) and reading stops at the first row beyond ``MAX_ROWS``. Any error of
    openpyxl on a file the checks let through refuses it (``ImportRefused``).
    """
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        logger.warning("import: openpyxl cannot open the file: %r", error, exc_info=True)
        raise ImportRefused(
            _("Không đọc được bảng tính: tệp Excel bị hỏng hoặc không đúng định dạng.")
        ) from error
    try:
        return _rows_of(wb)
    except ImportRefused:
        raise
    except Exception as error:  # a part openpyxl cannot read, found while reading rows
        logger.warning("import: openpyxl cannot read the rows: %r", error, exc_info=True)
        raise _damaged() from error
    finally:
        wb.close()


def _rows_of(wb: Workbook) -> list[tuple[int, list[Any]]]:
    ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
    ws.reset_dimensions()  # a read-only sheet: ignore its declared size, read every row
    cols = columns()
    width = len(cols)
    # openpyxl yields one and the same tuple of empty cells for every row absent from the file
    # (a value at A100000 is preceded by 99,998 of them): recognised by identity, in O(1).
    missing_row: tuple[Any, ...] | None = None
    rows = ws.iter_rows(min_row=1, max_col=width, values_only=False)
    header = next(rows, None)
    header_texts = [fold(str(c.value or "")).rstrip(" *") for c in (header or [])]
    expected = [fold(c.header) for c in cols]
    if header_texts[: len(expected)] != expected:
        raise ImportRefused(
            _("Dòng tiêu đề không khớp với tệp mẫu. Hãy tải tệp mẫu mới và nhập dữ liệu vào đó.")
        )
    found = []
    for line, row in enumerate(rows, start=2):
        if row is missing_row:
            continue
        if all(cell is EMPTY_CELL for cell in row):
            missing_row = row
            continue
        values = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                value = _Formula(str(value))
            values.append(value)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        found.append((line, values + [None] * (width - len(values))))
        if len(found) > MAX_ROWS:
            raise ImportRefused(
                _(
                    "Tệp có hơn %(n)d dòng hồ sơ; mỗi lần chỉ nhập tối đa "
                    "%(n)d dòng. Hãy chia thành nhiều tệp."
                )
                % {"n": MAX_ROWS}
            )
    return found


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
            "initiative",
            "birth_year",
            "member_count",
        )
    }
    # The dossier form's multi-line fields keep their paragraphs (Alt+Enter in a cell), as the
    # form does: normalize_multiline, not one line.
    for name in ("public_summary", "achievement_report"):
        data[name] = normalize_multiline("" if values[name] is None else str(values[name]))
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
    result.lost_zero = any(
        error.code == LEADING_ZERO for error in form.errors.as_data().get("phone", [])
    )
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


class AlreadyConfirmed(ImportRefused):
    """This file was confirmed already (or is being confirmed by another request)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Tệp này đã được nhập, không hồ sơ nào được tạo lần thứ hai. Các hồ sơ nháp "
                "đã tạo từ tệp ở danh sách dưới đây."
            )
        )


def _claim(request: HttpRequest, token: str) -> Path:
    """Take the stored file for ONE confirmation: renamed ``<token>.claimed.xlsx``, an atomic step
    that only one of two simultaneous requests (a double click) wins. Raises
    ``AlreadyConfirmed`` when the file is claimed or done, ``ImportRefused`` when the token is
    unknown to this session or expired."""
    folder = _stash_dir()
    claimed, done = folder / f"{token}.claimed.xlsx", folder / f"{token}.done"
    if not TOKEN_RE.match(token):
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    if token not in request.session.get(SESSION_KEY, []):
        # The first request of a double click took the token out of the session already.
        if claimed.exists() or done.exists():
            raise AlreadyConfirmed
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại."))
    try:
        os.rename(folder / f"{token}.xlsx", claimed)
    except FileNotFoundError:
        if claimed.exists() or done.exists():
            raise AlreadyConfirmed from None
        raise ImportRefused(_("Phiên nhập dữ liệu đã hết hạn; hãy tải tệp lên lại.")) from None
    return claimed


def confirm_once(
    request: HttpRequest, token: str, user: User, expected: int | None
) -> list[Nomination]:
    """Confirm the import of the file behind ``token`` exactly once (a double click imports
    once): claim the file, create its valid rows (``confirm``), then leave an empty
    ``<token>.done`` marker (removed after a day) so that a late second request is told the
    file was imported. ``expected`` is the number of valid rows the preview showed (None when
    the form did not say). A refused confirmation gives the file back (the officer may look at
    the preview again). Raises ``AlreadyConfirmed`` or ``ImportRefused``."""
    claimed = _claim(request, token)
    try:
        if expected is None:
            raise ImportRefused(_("Thiếu số dòng hợp lệ đã xem trước."))
        created = confirm(claimed, user, expected)
    except BaseException:
        os.rename(claimed, _stash_dir() / f"{token}.xlsx")
        raise
    done = _stash_dir() / f"{token}.done"
    os.rename(claimed, done)
    done.write_bytes(b"")
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    return created


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
