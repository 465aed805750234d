"""The ballot box of secret votes: each choice sealed with a key the database never holds.

Threat (docs/decisions.md, "Secret ballots"): whoever reads the database, its dumps, its
backups or its WAL (the secretary or the administrator with database access, a database
administrator) must not learn any member's secret choice. The row saying *who* voted
(``BallotCast``) and the row holding *what* was voted (``Ballot``) are written in the same
transaction, so they share ``xmin`` and sit side by side in a dump: that pairing is harmless
only because ``Ballot.sealed`` cannot be opened without the item's key.

- The key: 32 random bytes in a file ``BALLOT_KEY_DIR/<key id>.key`` on the application
  server (mode 0600); the database keeps only the random key id (``AgendaItem.ballot_key``).
- A sealed ballot (``SEALED_BYTES`` = 49 bytes whatever the choice): a 16-byte random nonce,
  the choice's one-byte code XORed with HMAC-SHA256(key, "stream" ‖ nonce), and a 32-byte
  HMAC-SHA256 tag over the item id, the ballot's random id, the nonce and the ciphertext (a
  row forged, copied or moved to another item does not open).
- At the count the ballots are opened, counted, deleted, and the key file is overwritten and
  removed once the count has committed: a dump or a backup taken during the vote then holds
  ciphertexts whose key no longer exists.

Standard library only (``hmac``, ``hashlib``, ``secrets``): HMAC-SHA256 used as a keyed
pseudo-random function gives a one-byte stream cipher and an authentication tag.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from pathlib import Path

from django.conf import settings

KEY_BYTES = 32
NONCE_BYTES = 16
TAG_BYTES = 32
SEALED_BYTES = NONCE_BYTES + 1 + TAG_BYTES
CODES: dict[str, int] = {"yes": 1, "no": 2, "abstain": 3}
CHOICES: dict[int, str] = {code: choice for choice, code in CODES.items()}


class BallotBoxError(Exception):
    """A key is missing or a sealed ballot does not open: the count must stop."""


def key_dir() -> Path:
    return Path(settings.BALLOT_KEY_DIR)


def _key_path(key_id: str) -> Path:
    if not (len(key_id) == 32 and all(c in "0123456789abcdef" for c in key_id)):
        raise BallotBoxError(f"malformed ballot key id {key_id!r}")
    return key_dir() / f"{key_id}.key"


def new_key() -> str:
    """Create a fresh random key file and return its id (32 hex digits)."""
    directory = key_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_id = uuid.uuid4().hex
    fd = os.open(_key_path(key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES))
        handle.flush()
        os.fsync(handle.fileno())
    return key_id


def load_key(key_id: str) -> bytes:
    try:
        key = _key_path(key_id).read_bytes()
    except FileNotFoundError as err:
        raise BallotBoxError(f"ballot key {key_id} is missing") from err
    if len(key) != KEY_BYTES:
        raise BallotBoxError(f"ballot key {key_id} is damaged")
    return key


def destroy_key(key_id: str) -> None:
    """Overwrite the key file with zeros and remove it; a missing file is already destroyed."""
    path = _key_path(key_id)
    try:
        with path.open("r+b") as handle:
            handle.write(bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        return


def _tag(key: bytes, item_id: int, ballot_id: uuid.UUID, nonce: bytes, body: bytes) -> bytes:
    message = b"tag" + str(item_id).encode() + b"\x1f" + ballot_id.bytes + nonce + body
    return hmac.new(key, message, hashlib.sha256).digest()


def _pad(key: bytes, nonce: bytes) -> int:
    return hmac.new(key, b"stream" + nonce, hashlib.sha256).digest()[0]


def seal(key: bytes, item_id: int, ballot_id: uuid.UUID, choice: str) -> bytes:
    """The sealed form of ``choice`` ("yes", "no", "abstain"): ``SEALED_BYTES`` bytes, random
    each time (two "yes" never look alike)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = bytes([CODES[choice] ^ _pad(key, nonce)])
    return nonce + body + _tag(key, item_id, ballot_id, nonce, body)


def unseal(key: bytes, item_id: int, ballot_id: uuid.UUID, sealed: bytes) -> str:
    """The choice in a sealed ballot; ``BallotBoxError`` if it was forged or moved."""
    sealed = bytes(sealed)
    if len(sealed) != SEALED_BYTES:
        raise BallotBoxError("a sealed ballot has the wrong length")
    nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(key, item_id, ballot_id, nonce, body)):
        raise BallotBoxError("a sealed ballot does not open with its item's key")
    code = body[0] ^ _pad(key, nonce)
    if code not in CHOICES:
        raise BallotBoxError("a sealed ballot holds no known choice")
    return CHOICES[code]
