"""PAdES digital signatures on issued PDFs (pyHanko), and their validation.

``sign_pdf`` adds one signature, with a visible field over the signer block of the decision
(the box between "CHỦ TỊCH" and the signer's name), to a PDF that has none; the signer's key
comes from a PKCS#12 bundle (.p12/.pfx) held in memory only, never written anywhere. The
signature is PAdES B-B, or B-T when ``settings.SIGNING_TSA_URL`` names a time-stamping
authority. Every refusal is a :class:`SigningError` subclass with a Vietnamese message.

``validate_pdf`` checks the embedded signature against ``settings.SIGNING_TRUST_ROOTS`` (PEM
files): cryptographically intact, covering the whole file (an incremental update appended
after signing fails), chained to a trusted root. Validation takes 50–200 ms, so callers cache
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
class SignatureReport:
    """What validation found. ``sha256``: hex digest of the validated bytes.

    ``valid``: intact, covers the whole file and chains to a trusted root. ``intact``: the
    signed bytes are unchanged and the signature covers the whole file (intact but not
    ``trusted`` means an unknown issuer). ``signed``: False when the file has no signature.
    ``problem``: a Vietnamese sentence when not valid, else "".
    """

    valid: bool
    intact: bool
    signer: str
    signed_at: dt.datetime | None
    sha256: str
    problem: str
    signed: bool = True
    trusted: bool = False

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
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    at = at or timezone.now()
    bundle = _load_bundle(p12, password)
    _check_certificate(bundle.certificate, signer_name, at)
    if PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        raise AlreadySigned(_("Tệp PDF đã có chữ ký số; không ký lại một văn bản đã ký."))
    page, box = _signer_box(pdf, signer_name)
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
            field_name=FIELD_NAME,
            reason=reason or None,
            location=location or None,
            name=holder,
            subfilter=fields.SigSeedSubFilter.PADES,
            use_pades_lta=False,
        ),
        signer=signer,
        timestamper=HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None,
        stamp_style=_static_style(_stamp_pdf(holder, at, reason)),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=FIELD_NAME,
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


def validate_pdf(pdf: bytes) -> SignatureReport:
    """Validate the (last) embedded signature of ``pdf`` against the configured trust roots.

    Never raises for a bad file: an unreadable PDF, a missing signature, a changed byte or an
    appended update each give a report with ``valid`` False and a Vietnamese ``problem``.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
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
    embedded = signatures[-1]
    try:
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
    except Exception:
        return SignatureReport(
            False, False, "", None, digest, _("Chữ ký số bị hỏng, không kiểm tra được.")
        )
    signer = ""
    if status.signing_cert is not None:
        common = status.signing_cert.subject.native.get("common_name")
        signer = str(common or status.signing_cert.subject.human_friendly)
    signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        signed_at = status.timestamp_validity.timestamp
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    intact = bool(status.intact and status.valid and whole)
    trusted = bool(status.trusted)
    if not (status.intact and status.valid):
        problem = _("Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn giá trị.")
    elif not whole:
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
    return SignatureReport(
        valid=intact and trusted,
        intact=intact,
        signer=signer,
        signed_at=signed_at,
        sha256=digest,
        problem=problem,
        trusted=trusted,
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
