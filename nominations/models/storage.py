"""Where uploads live: public derivatives under MEDIA_ROOT, private evidence elsewhere.

File names are random (uuid4 hex) so that a path cannot be guessed and never carries the
uploader's name (no ``../``, no Vietnamese characters in paths).
"""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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
