"""Where uploads live: public derivatives under MEDIA_ROOT, private evidence elsewhere.

File names are random (uuid4 hex) so that a path cannot be guessed and never carries the
uploader's name (no ``../``, no Vietnamese characters in paths).
"""

from __future__ import annotations

import uuid
import weakref
from typing import cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import Model
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage() -> FileSystemStorage:
    """Callable given to FileFields, so migrations do not freeze a machine's path (typed as the
    FileSystemStorage that the lazy object stands for)."""
    return cast(FileSystemStorage, private_storage)


def random_name(folder: str, extension: str) -> str:
    token = uuid.uuid4().hex
    return f"{folder}/{token[:2]}/{token}.{extension.lstrip('.')}"


def photo_path(instance: Model, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "jpg"
    return random_name("photos", ext if ext in {"jpg", "webp", "png"} else "jpg")


def evidence_path(instance: Model, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_name("evidence", ext if ext in {"pdf", "jpg", "png", "webp"} else "bin")


def suggestion_photo_path(instance: Model, filename: str) -> str:
    return random_name("suggestions", "jpg")


def decision_pdf_path(instance: Model, filename: str) -> str:
    return random_name("decisions", "pdf")


class _CommitMark:
    """Called by ``transaction.on_commit``; dropped unseen by Django when the transaction rolls
    back, which the ``weakref.finalize`` of :func:`save_private_until_rollback` notices."""

    def __init__(self) -> None:
        self.state = {"committed": False}

    def __call__(self) -> None:
        self.state["committed"] = True


def _delete_unless_committed(name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        private_storage.delete(name)


def save_private_until_rollback(path: str, content: bytes) -> str:
    """Write ``content`` to private storage now; return the stored name (``path`` or a variant).

    The file is deleted again if the database transaction open now rolls back, at any level
    (this function's caller or an outer ``atomic``): Django has no rollback hook, so the
    on-commit callback is watched with ``weakref.finalize``; a rollback discards it unseen
    and the finaliser (run at once by CPython's reference counting) deletes the file. On
    commit, or when no transaction is open, the file stays.
    """
    name = cast(FileSystemStorage, private_storage).save(path, ContentFile(content))
    mark = _CommitMark()
    weakref.finalize(mark, _delete_unless_committed, name, mark.state)
    transaction.on_commit(mark)
    return name
