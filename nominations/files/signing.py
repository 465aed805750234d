"""PAdES digital signatures on issued PDFs (pyHanko), and their validation.

``sign_pdf`` adds the signer's signature, with a visible field over the signer block of the decision
(the box between "CHỦ TỊCH" and the signer's name), to a PDF that has none; the signer's key
comes from a PKCS#12 bundle (.p12/.pfx) held in memory only, never written anywhere. The
signature is PAdES B-B, or B-T when ``settings.SIGNING_TSA_URL`` names a time-stamping
authority. ``seal_pdf`` adds, at registration, the authority's signature (its seal) as an
incremental update whose appearance prints the number and the date over the blanks the signer
left. Every refusal is a :class:`SigningError` subclass with a Vietnamese message.

``validate_pdf`` checks every embedded signature against ``settings.SIGNING_TRUST_ROOTS`` (PEM
files): cryptographically intact, followed by nothing but later signatures, the last covering
the whole file (any other incremental update appended after signing fails), chained to a
trusted root. Validation takes 50–200 ms, so callers cache
the report by the file's SHA-256 (:func:`cached_report`).

The stamp text is drawn by WeasyPrint with the shipped Liberation Serif (every Vietnamese
letter) and placed as a static appearance: pyHanko's own text stamps would need HarfBuzz.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import pkcs12 as asn1_pkcs12  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from emulation.text import fold

FIELD_NAME = "ChuKySo"
MAX_P12_BYTES = 64 * 1024  # a bundle is 2–10 KB; anything larger is not one
# A4 decision (pdf/base.html: margins 20/15/20/30 mm): the signer column is the right half of
# the text area, 318.9–552.8 pt from the left edge.
SIGNER_COLUMN_CENTRE = 435.8
BOX_WIDTH = 200.0
BOX_HEIGHT = 54.0
CACHE_SECONDS = 7 * 24 * 3600


class SigningError(Exception):
    """A refusal to sign, with the message shown to the signer (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotPkcs12(SigningError):
    """The uploaded file is not a PKCS#12 bundle (or is too large to be one)."""


class WrongPassword(SigningError):
    """The bundle is PKCS#12 but the password does not open it."""


class CertificateNotValidNow(SigningError):
    """The certificate has expired, or is not yet valid, at the signing time."""


class CertificateNotForSigning(SigningError):
    """The certificate's key usage does not allow digital signatures."""


class SignerMismatch(SigningError):
    """The certificate is issued to someone other than the person signing."""


class AlreadySigned(SigningError):
    """The PDF already carries a signature: a file of record is signed once."""


@dataclass(frozen=True)
class SignatureInfo:
    """One embedded signature: who (the certificate's common name), when, and whether it is
    intact (its bytes unchanged, and whatever follows it is only a permitted change such as a
    later signature), trusted (chains to a configured root). ``problem``: Vietnamese, or ""."""

    signer: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    problem: str

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


@dataclass(frozen=True)
class SignatureReport:
    """What validation found. ``sha256``: hex digest of the validated bytes.

    ``valid``: every signature intact and trusted, the last one covering the whole file.
    ``intact``: every signature's bytes unchanged, nothing after a signature but later
    signatures (a permitted change), the last covering the whole file (intact but not
    ``trusted`` means an unknown issuer). ``signed``: False when the file has no signature.
    ``signer``/``signed_at``: the first signature (the decision's signer). ``signatures``: each
    one in file order (the signer's, then the authority's seal at registration). ``problem``: a
    Vietnamese sentence when not valid, else "".
    """

    valid: bool
    intact: bool
    signer: str
    signed_at: dt.datetime | None
    sha256: str
    problem: str
    signed: bool = True
    trusted: bool = False
    signatures: tuple[SignatureInfo, ...] = ()

    @property
    def status(self) -> str:
        """ "valid", "untrusted" (intact, unknown issuer), "invalid", or "unsigned"."""
        if not self.signed:
            return "unsigned"
        if self.valid:
            return "valid"
        return "untrusted" if self.intact else "invalid"


@dataclass(frozen=True)
class _Bundle:
    key: Any
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def _load_bundle(p12: bytes, password: str) -> _Bundle:
    if not p12 or len(p12) > MAX_P12_BYTES:
        raise NotPkcs12(_("Tệp chứng thư số không phải tệp PKCS#12 (.p12, .pfx)."))
    try:
        asn1_pkcs12.Pfx.load(p12).native  # noqa: B018 — parses the whole structure
    except Exception as err:
        raise NotPkcs12(_("Tệp chứng thư số không phải tệp PKCS#12 (.p12, .pfx).")) from err
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(p12, password.encode("utf-8") or None)
    except Exception as err:
        raise WrongPassword(_("Mật khẩu của tệp chứng thư số không đúng.")) from err
    if key is None or cert is None:
        raise NotPkcs12(_("Tệp chứng thư số không chứa khóa bí mật và chứng thư của người ký."))
    return _Bundle(key, cert, list(chain))


def certificate_name(cert: x509.Certificate) -> str:
    """The subject's common name (or the whole subject when it has none)."""
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    if names:
        value = names[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return cert.subject.rfc4514_string()


def _check_certificate(cert: x509.Certificate, signer_name: str, at: dt.datetime) -> None:
    fmt = "%d/%m/%Y"
    if at < cert.not_valid_before_utc:
        raise CertificateNotValidNow(
            _("Chứng thư số chưa có hiệu lực: có hiệu lực từ ngày %(d)s.")
            % {"d": cert.not_valid_before_utc.strftime(fmt)}
        )
    if at > cert.not_valid_after_utc:
        raise CertificateNotValidNow(
            _("Chứng thư số đã hết hạn từ ngày %(d)s.")
            % {"d": cert.not_valid_after_utc.strftime(fmt)}
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise CertificateNotForSigning(
            _("Chứng thư số này không được cấp cho mục đích ký số (thiếu quyền “chữ ký số”).")
        )
    holder = certificate_name(cert)
    if signer_name and fold(holder).upper() != fold(signer_name).upper():
        raise SignerMismatch(
            _(
                "Chứng thư số cấp cho “%(holder)s”, không phải người ký “%(signer)s”. Dùng "
                "chứng thư số của chính người ký."
            )
            % {"holder": holder, "signer": signer_name}
        )


def _signer_box(pdf: bytes, signer_name: str) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, box) for the visible field: just above the signer's printed name.

    The name is looked for on every page (the decision's signer block is before the annex);
    not found, the field goes at the foot of the last page's right half.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    wanted = re.sub(r"\s+", " ", signer_name).strip()
    x1 = SIGNER_COLUMN_CENTRE - BOX_WIDTH / 2
    x2 = SIGNER_COLUMN_CENTRE + BOX_WIDTH / 2
    if wanted:
        for index, page in enumerate(reader.pages):
            found: list[float] = []

            def visit(
                text: str, cm: Any, tm: Any, font: Any, size: Any, found: list[float] = found
            ) -> None:
                x = cm[4] + tm[4] * cm[0]
                if wanted in re.sub(r"\s+", " ", text) and x > SIGNER_COLUMN_CENTRE - 120:
                    found.append(float(cm[5] + tm[5] * cm[3]))

            page.extract_text(visitor_text=visit)
            if found:
                baseline = found[-1]
                return index, (x1, baseline + 16, x2, baseline + 16 + BOX_HEIGHT)
    return len(reader.pages) - 1, (x1, 60.0, x2, 60.0 + BOX_HEIGHT)


def _stamp_pdf(signer: str, at: dt.datetime, reason: str) -> bytes:
    from nominations.files.pdf import render_pdf

    return render_pdf(
        "pdf/signature_stamp.html",
        {
            "signer": signer,
            "at": timezone.localtime(at).strftime("%H:%M %d/%m/%Y"),
            "reason": reason,
            "width": f"{BOX_WIDTH:.0f}",
            "height": f"{BOX_HEIGHT:.0f}",
        },
    )


def _static_style(stamp: bytes) -> Any:
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp.static import StaticStampStyle

    class _PdfBytesPage(content.PdfContent):
        """pyHanko's ImportedPdfPage, from bytes in memory."""

        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(stamp)))
            self.resources.xobject["/Stamp"] = xobj
            bx1, by1, bx2, by2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(bx1 - bx2), height=abs(by1 - by2))
            return b"/Stamp Do"

    return StaticStampStyle(background=_PdfBytesPage(), border_width=0)


def sign_pdf(
    pdf: bytes,
    p12: bytes,
    password: str,
    *,
    signer_name: str,
    reason: str = "",
    location: str = "",
    at: dt.datetime | None = None,
) -> bytes:
    """``pdf`` with a PAdES signature by the PKCS#12 bundle's key (the whole file, signed).

    ``password`` as typed (empty for an unprotected bundle). ``signer_name``: the name printed
    in the signer block; the certificate must be issued to it (compared without diacritics or
    case) and the visible field sits just above it. ``at``: the signing time (now). Raises a
    :class:`SigningError` subclass: :class:`NotPkcs12`, :class:`WrongPassword`,
    :class:`CertificateNotValidNow`, :class:`CertificateNotForSigning`,
    :class:`SignerMismatch`, :class:`AlreadySigned`; or ``SigningError`` when the
    time-stamping authority does not answer.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    at = at or timezone.now()
    bundle = _load_bundle(p12, password)
    _check_certificate(bundle.certificate, signer_name, at)
    if PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        raise AlreadySigned(_("Tệp PDF đã có chữ ký số; không ký lại một văn bản đã ký."))
    page, box = _signer_box(pdf, signer_name)
    holder = certificate_name(bundle.certificate)
    return _sign_with(
        pdf,
        bundle,
        field_name=FIELD_NAME,
        page=page,
        box=box,
        stamp=_stamp_pdf(holder, at, reason),
        reason=reason,
        location=location,
    )


def _sign_with(
    pdf: bytes,
    bundle: _Bundle,
    *,
    field_name: str,
    page: int,
    box: tuple[float, float, float, float],
    stamp: bytes,
    reason: str,
    location: str,
) -> bytes:
    """One PAdES signature by ``bundle`` as an incremental update, visible in ``box`` of
    ``page`` with ``stamp`` (a one-page PDF) as its appearance."""
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    registry = SimpleCertificateStore()
    registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in bundle.chain])
    signer = signers.SimpleSigner(
        signing_key=translate_pyca_cryptography_key_to_asn1(bundle.key),
        signing_cert=translate_pyca_cryptography_cert_to_asn1(bundle.certificate),
        cert_registry=registry,
    )
    holder = certificate_name(bundle.certificate)
    tsa_url = getattr(settings, "SIGNING_TSA_URL", "") or ""
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason or None,
            location=location or None,
            name=holder,
            subfilter=fields.SigSeedSubFilter.PADES,
            use_pades_lta=False,
        ),
        signer=signer,
        timestamper=HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None,
        stamp_style=_static_style(stamp),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=page,
            box=(round(box[0]), round(box[1]), round(box[2]), round(box[3])),
        ),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    try:
        out = pdf_signer.sign_pdf(writer)
    except Exception as err:  # the timestamp server, or pyHanko refusing the key
        raise SigningError(
            _("Không ký số được tệp PDF: %(e)s") % {"e": str(err)[:200] or type(err).__name__}
        ) from err
    return bytes(out.getvalue())


# --------------------------------------------------------------------------- the seal

SEAL_FIELD_NAME = "DauCoQuan"
TEXT_LEFT, TEXT_RIGHT = 85.04, 552.76  # A4 text area (margins 30 mm left, 15 mm right)
HEADER_SPLIT = TEXT_LEFT + 0.4 * (TEXT_RIGHT - TEXT_LEFT)  # .header .left is 40% wide


class NotSignedYet(SigningError):
    """The seal goes on a file the signer has signed (and only once)."""


class SealMismatch(SigningError):
    """The seal certificate is issued to someone other than the issuing authority."""


def _header_lines(pdf: bytes) -> tuple[float, float] | None:
    """Baselines (pt from the page foot) of the "Số:" line and the date line on page 1."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    number: list[float] = []
    date: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        x = cm[4] + tm[4] * cm[0]
        y = float(cm[5] + tm[5] * cm[3])
        if "Số:" in text and x < HEADER_SPLIT:
            number.append(y)
        elif "ngày" in text and x > HEADER_SPLIT - 20:
            date.append(y)

    page.extract_text(visitor_text=visit)
    if not number or not date:
        return None
    return number[0], max(date)


def seal_pdf(
    pdf: bytes,
    p12: bytes,
    password: str,
    *,
    authority_name: str,
    number_line: str,
    date_line: str,
    reason: str = "",
    at: dt.datetime | None = None,
) -> bytes:
    """The văn thư's registration on a signed decision (Nghị định 30/2020/NĐ-CP, Điều 15, 18):
    a second PAdES signature by the authority's certificate, added as an incremental update
    after the signer's, whose visible appearance prints ``number_line`` ("Số: 05/QĐ-UBND")
    and ``date_line`` ("Phường X, ngày 05 tháng 01 năm 2026") over the blanks the signed page
    left. The signer's signature stays valid (a later signature is a permitted change).

    The certificate must be issued to ``authority_name`` (compared without diacritics or
    case). Raises the :class:`SigningError` subclasses of :func:`sign_pdf`,
    :class:`NotSignedYet` when ``pdf`` carries no signature or already a seal,
    :class:`SealMismatch`.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    at = at or timezone.now()
    bundle = _load_bundle(p12, password)
    _check_certificate(bundle.certificate, "", at)
    holder = certificate_name(bundle.certificate)
    if fold(holder).upper() != fold(authority_name).upper():
        raise SealMismatch(
            _(
                "Chứng thư số cấp cho “%(holder)s”, không phải cơ quan ban hành “%(authority)s”. "
                "Dùng chứng thư số của cơ quan."
            )
            % {"holder": holder, "authority": authority_name}
        )
    existing = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    if len(existing) != 1:
        raise NotSignedYet(
            _("Tệp quyết định chưa được người có thẩm quyền ký số, hoặc đã được vào sổ.")
            if not existing
            else _("Tệp quyết định đã được đóng số và ngày, không vào sổ lại.")
        )
    lines = _header_lines(pdf)
    if lines is None:
        raise SigningError(_("Không tìm thấy dòng “Số:” và dòng ngày tháng trên tệp quyết định."))
    number_y, date_y = lines
    low, high = min(number_y, date_y) - 5, max(number_y, date_y) + 13
    box = (TEXT_LEFT, low, TEXT_RIGHT, high)
    stamp = _seal_stamp(number_line, date_line, box, number_y, date_y)
    return _sign_with(
        pdf,
        bundle,
        field_name=SEAL_FIELD_NAME,
        page=0,
        box=box,
        stamp=stamp,
        reason=reason,
        location="",
    )


def _seal_stamp(
    number_line: str,
    date_line: str,
    box: tuple[float, float, float, float],
    number_y: float,
    date_y: float,
) -> bytes:
    from nominations.files.pdf import render_pdf

    x1, _y1, x2, y2 = (round(v) for v in box)
    ascent = 10.9  # 13 pt Liberation Serif, line-height 1: baseline 0.8375 em below the top
    return render_pdf(
        "pdf/seal_stamp.html",
        {
            "number_line": number_line,
            "date_line": date_line,
            "width": f"{x2 - x1}",
            "height": f"{round(box[3]) - round(box[1])}",
            "left_width": f"{HEADER_SPLIT - x1:.1f}",
            "number_top": f"{y2 - number_y - ascent:.1f}",
            "date_top": f"{y2 - date_y - ascent:.1f}",
        },
    )


def _trust_roots() -> list[Any]:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for path in getattr(settings, "SIGNING_TRUST_ROOTS", []) or []:
        data = Path(path).read_bytes()
        if pem.detect(data):
            for _name, _headers, der in pem.unarmor(data, multiple=True):
                roots.append(asn1_x509.Certificate.load(der))
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def _one_signature(embedded: Any, context: Any, last: bool) -> SignatureInfo:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        status = validate_pdf_signature(embedded, context)
    except Exception:
        return SignatureInfo("", None, False, False, _("Chữ ký số bị hỏng, không kiểm tra được."))
    signer = ""
    if status.signing_cert is not None:
        common = status.signing_cert.subject.native.get("common_name")
        signer = str(common or status.signing_cert.subject.human_friendly)
    signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        signed_at = status.timestamp_validity.timestamp
    coverage = status.coverage.name if status.coverage is not None else ""
    if last:
        covered = coverage == "ENTIRE_FILE"
    else:  # a later revision may only add signatures (form filling), nothing else
        level = status.modification_level
        covered = coverage in ("ENTIRE_FILE", "ENTIRE_REVISION") and (
            level is not None
            and level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        )
    bytes_ok = bool(status.intact and status.valid)
    trusted = bool(status.trusted)
    if not bytes_ok:
        problem = _("Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn giá trị.")
    elif not covered:
        problem = _(
            "Tệp đã bị thêm nội dung sau khi ký: phần thêm vào không được chữ ký số bảo đảm."
        )
    elif not trusted:
        problem = _(
            "Chữ ký nguyên vẹn nhưng chứng thư số không do tổ chức được tin cậy cấp "
            "(hoặc không kiểm tra được chuỗi chứng thư)."
        )
    else:
        problem = ""
    return SignatureInfo(signer, signed_at, bytes_ok and covered, trusted, problem)


def validate_pdf(pdf: bytes) -> SignatureReport:
    """Validate every embedded signature of ``pdf`` against the configured trust roots.

    A signature followed by a later one (the authority's seal added at registration) stays
    intact when the later revision only adds that signature; any other change after a
    signature (text, pages, annotations) or a changed byte makes the report invalid. Never
    raises for a bad file: an unreadable PDF, a missing signature, a changed byte or an
    appended update each give a report with ``valid`` False and a Vietnamese ``problem``.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    digest = hashlib.sha256(pdf).hexdigest()
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:
        return SignatureReport(
            False, False, "", None, digest, _("Tệp PDF bị hỏng, không đọc được."), signed=False
        )
    if not signatures:
        return SignatureReport(
            False, False, "", None, digest, _("Tệp PDF không có chữ ký số."), signed=False
        )
    try:
        roots = _trust_roots()
    except Exception:
        roots = []
    infos = tuple(
        _one_signature(
            embedded,
            ValidationContext(trust_roots=roots, allow_fetching=False),
            last=index == len(signatures) - 1,
        )
        for index, embedded in enumerate(signatures)
    )
    intact = all(i.intact for i in infos)
    trusted = all(i.trusted for i in infos)
    first_problem = next((i.problem for i in infos if not i.intact), "") or next(
        (i.problem for i in infos if i.problem), ""
    )
    return SignatureReport(
        valid=intact and trusted,
        intact=intact,
        signer=infos[0].signer,
        signed_at=infos[0].signed_at,
        sha256=digest,
        problem=first_problem,
        trusted=trusted,
        signatures=infos,
    )


def cached_report(pdf: bytes) -> SignatureReport:
    """``validate_pdf``, kept in the cache by the file's SHA-256 and the trust roots in force
    (a changed file has another hash; a changed trust list another key)."""
    roots = "|".join(str(p) for p in getattr(settings, "SIGNING_TRUST_ROOTS", []) or [])
    digest = hashlib.sha256(pdf).hexdigest()
    trust = hashlib.sha256(roots.encode()).hexdigest()[:16]
    key = f"pdf-signature:{digest}:{trust}:{get_language() or ''}"
    report = cache.get(key)
    if not isinstance(report, SignatureReport):
        report = validate_pdf(pdf)
        cache.set(key, report, CACHE_SECONDS)
    return report
