"""A throw-away certification authority for the signing tests: a root, and PKCS#12 bundles
for signers (valid, expired, not yet valid, without the digital-signature usage, issued to
someone else) and for the authority's seal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.UTC)
CHAIRMAN = "Lê Tuấn Định"  # AuthorityFactory's chairman_name: the name the decision prints
PASSWORD = "Mật-khẩu 123"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class CA:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def issue(
        self,
        name: str = CHAIRMAN,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        signing: bool = True,
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key = _key()
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - dt.timedelta(days=30))
            .not_valid_after(not_after or NOW + dt.timedelta(days=365))
            .add_extension(
                x509.KeyUsage(
                    digital_signature=signing,
                    content_commitment=signing,
                    key_encipherment=not signing,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        return key, cert

    def p12(self, name: str = CHAIRMAN, password: str = PASSWORD, **kwargs: object) -> bytes:
        key, cert = self.issue(name, **kwargs)  # type: ignore[arg-type]
        return pkcs12.serialize_key_and_certificates(
            b"chu-ky",
            key,
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption(),
        )


def make_ca(name: str = "CA thử nghiệm Thi đua") -> CA:
    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=365))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return CA(key, cert)
