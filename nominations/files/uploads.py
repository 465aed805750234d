"""Evidence files (tài liệu minh chứng): checked by content, never by name.

A PDF is judged by parsing it with pypdf, never by scanning its bytes: it must open as a reader
opens it (non-strict: a missing or broken cross-reference table is rebuilt), have at least one
page and at most :data:`MAX_PDF_PAGES`, and nowhere in its object graph carry JavaScript, a
launch, import, submit or remote go-to action, a link to a ``javascript:`` or ``file:``
address, an embedded file, rich media or an XFA form
(names come decoded by the parser, so ``/Java#53cript`` is ``/JavaScript``). A file that needs a
password is refused. An image goes through
:mod:`nominations.files.images` (Pillow: format, size, pixel count, metadata stripped, re-encoded as
JPEG). The client's file name is kept only as display metadata, sanitised; the stored path is
random (:func:`nominations.models.storage.evidence_path`).
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from nominations.files import images

PDF_MAGIC = b"%PDF-"
MAX_PDF_PAGES = 1000
MAX_PDF_OBJECTS = 200_000  # dictionaries and arrays walked (reachable or listed in the xref)
# Active content that has no place in a dossier's evidence, as pypdf gives the names.
# Keys: a JavaScript action's code, the document's JavaScript and embedded-file name trees, a
# file specification's embedded streams, XFA forms (scripts), rich media (Flash, 3D).
PDF_FORBIDDEN_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
)
# Action types (/S): scripts, programs, form data read from or sent to elsewhere, other files.
PDF_FORBIDDEN_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
    }
)
# Addresses of a URI action that run a script or open a local file.
PDF_FORBIDDEN_URI_SCHEMES = ("javascript:", "vbscript:", "file:")
# Object types (/Type, /Subtype): embedded files, attachment and rich media annotations.
PDF_FORBIDDEN_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia"})
IMAGE_MAGICS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
MAX_EVIDENCE_FILES = 20
MAX_NAME_LENGTH = 120
_UNSAFE_NAME = re.compile(r"[^\w\s.,()\-+&'’]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass
class CheckedEvidence:
    content: ContentFile
    extension: str
    content_type: str
    original_name: str
    size: int


def safe_display_name(name: str, fallback: str = "tai-lieu") -> str:
    """The client's file name, reduced to something harmless to show and to send back.

    Directories (``../``, ``C:\\``) are dropped, control and shell-special characters removed,
    Vietnamese letters kept (NFC), the length capped.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" ._")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: MAX_NAME_LENGTH - len(ext) - 1].rstrip() + (
            f".{ext}" if ext else ""
        )
    return name or fallback


def _read(upload: File) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


class _TooLarge(Exception):
    """More objects than :data:`MAX_PDF_OBJECTS`."""


def _orphans(reader: PdfReader) -> Iterator[IndirectObject]:
    """Every object the cross-reference lists, reached from the catalog or not: a reader that
    repairs a file may find an object pypdf's catalog does not lead to."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


_CONTAINERS = (IndirectObject, DictionaryObject, ArrayObject, NameObject)


def _script_uri(action: DictionaryObject) -> bool:
    """A URI action whose address runs a script or opens a local file (a launch by another
    name): ``javascript:``, ``vbscript:``, ``file:``, written in any case, after any spaces or
    control characters (which browsers skip)."""
    uri = action.get("/URI")
    uri = uri.get_object() if isinstance(uri, IndirectObject) else uri
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    if not isinstance(uri, str):
        return False
    scheme = "".join(ch for ch in uri if ord(ch) > 32).lower()
    return scheme.startswith(PDF_FORBIDDEN_URI_SCHEMES)


def _forbidden(item: PdfObject) -> bool:
    """True for one dictionary or name of the ``PDF_FORBIDDEN_*`` sets (not looking inside)."""
    if isinstance(item, DictionaryObject):
        return bool(
            PDF_FORBIDDEN_KEYS.intersection(item.keys())
            or item.get("/S") in PDF_FORBIDDEN_ACTIONS
            or item.get("/Type") in PDF_FORBIDDEN_TYPES
            or item.get("/Subtype") in PDF_FORBIDDEN_TYPES
            or (item.get("/S") == "/URI" and _script_uri(item))
        )
    # A name met on its own, e.g. an action type given through an indirect reference.
    return isinstance(item, NameObject) and item in PDF_FORBIDDEN_ACTIONS


def _active_content(reader: PdfReader) -> bool:
    """True when the object graph holds anything of the ``PDF_FORBIDDEN_*`` sets.

    Iterative walk from the trailer (catalog, pages, annotations, form fields, name trees,
    actions), then from every object the xref lists: indirect objects resolved once each (a
    cycle ends), every dictionary (streams included) and array entered. An orphan pypdf cannot
    parse is skipped (no reader reaches it); anything else it cannot parse raises. Raises
    ``_TooLarge`` past :data:`MAX_PDF_OBJECTS` dictionaries and arrays.
    """
    seen: set[tuple[int, int]] = set()
    walked = 0
    starts: list[tuple[PdfObject, bool]] = [(reader.trailer, False)]
    starts.extend((ref, True) for ref in _orphans(reader))
    for start, orphan in starts:
        stack: list[PdfObject] = [start]
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                ref = (item.idnum, item.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                try:
                    resolved = item.get_object()
                except PyPdfError:
                    if orphan and item is start:
                        break
                    raise
                if resolved is None:
                    continue
                item = resolved
            if _forbidden(item):
                return True
            if isinstance(item, DictionaryObject):
                children = list(item.values())
            elif isinstance(item, ArrayObject):
                children = list(item)
            else:
                continue
            walked += 1
            if walked > MAX_PDF_OBJECTS:
                raise _TooLarge
            stack.extend(child for child in children if isinstance(child, _CONTAINERS))
    return False


def starts_as_pdf(head: bytes) -> bool:
    """``%PDF-`` at the start, or after a byte-order mark and/or white space, as a file saved
    by some mail and scanner software begins: readers open it, so do we (pypdf reads past the
    offset). Other bytes before the header (an HTML page quoting "%PDF-") are not a PDF."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\x0c\x00")
    return start.startswith(PDF_MAGIC)


def _open_pdf(data: bytes) -> PdfReader:
    """Parse as a forgiving reader would; a file without ``startxref`` gets one for the parser
    (pointing nowhere, so the cross-reference table is rebuilt). The stored bytes are not
    changed. Raises pypdf's errors on what cannot be parsed."""
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except PyPdfError as error:
        if "startxref" not in str(error):
            raise
    return PdfReader(io.BytesIO(data + b"\nstartxref\n0\n%%EOF\n"), strict=False)


def _check_pdf(data: bytes) -> None:
    """Refuse (``ValidationError``) a PDF a reader cannot open, one with no page or more than
    :data:`MAX_PDF_PAGES`, one that needs a password (code ``encrypted``), or one with active
    content anywhere (code ``active``)."""
    if not starts_as_pdf(data[:1024]):
        raise ValidationError(_("Tệp không phải là PDF hợp lệ."), code="format")
    broken = ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ."), code="invalid")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns of every repair it makes
            reader = _open_pdf(data)
            if reader.is_encrypted and not _decrypts_without_password(reader):
                raise ValidationError(
                    _(
                        "Tệp PDF có mật khẩu, không mở được để kiểm tra; hãy nộp bản không đặt "
                        "mật khẩu."
                    ),
                    code="encrypted",
                )
            pages = len(reader.pages)
            if pages == 0:
                raise broken
            if pages > MAX_PDF_PAGES:
                raise ValidationError(
                    _("Tệp PDF quá nhiều trang (tối đa %(pages)d trang).")
                    % {"pages": MAX_PDF_PAGES},
                    code="pages",
                )
            active = _active_content(reader)
    except ValidationError:
        raise
    except (_TooLarge, LimitReachedError):
        # Ours (objects walked) or pypdf's (array and dictionary sizes, stream output, page
        # tree depth…): a hostile file ends here, quickly.
        raise ValidationError(
            _("Tệp PDF quá phức tạp để kiểm tra, không được chấp nhận."), code="complex"
        ) from None
    except (
        PyPdfError,
        OSError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        IndexError,
        RecursionError,
        AssertionError,
        ZeroDivisionError,
    ):
        raise broken from None
    if active:
        raise ValidationError(
            _("Tệp PDF chứa mã lệnh hoặc tệp đính kèm, không được chấp nhận."), code="active"
        )


def _decrypts_without_password(reader: PdfReader) -> bool:
    """True for a file that opens without a password (only an owner password restricts it)."""
    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError, ValueError):
        return False  # a user password, or a cipher this install cannot run


def check_evidence(upload: File) -> CheckedEvidence:
    """Validate one uploaded evidence file; return what is to be stored. Nothing is written."""
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read(upload))
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (tối đa %(mb)d MB).")
            % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    name = safe_display_name(getattr(upload, "name", ""))
    if starts_as_pdf(head):
        data = _read(upload)
        _check_pdf(data)
        return CheckedEvidence(
            ContentFile(data, name="evidence.pdf"), "pdf", "application/pdf", name, len(data)
        )
    if head.startswith(IMAGE_MAGICS):
        processed = images.process_photo(upload)  # raises ValidationError
        data = processed.original.read()
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return CheckedEvidence(
            ContentFile(data, name="evidence.jpg"), "jpg", "image/jpeg", f"{stem}.jpg", len(data)
        )
    raise ValidationError(_("Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."), code="format")
