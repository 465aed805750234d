"""The audit log: who changed what, when, field by field.

Captured through model signals (pre_save / post_save / post_delete) for the models listed in
``AUDITED``, whenever a staff user is acting: ``CurrentUserMiddleware`` puts the request's user
in a context variable; scripts can use ``with acting_as(user):``. Changes made without a user
(migrations, ``seed_demo``, ``seed_bulk``) are not staff changes and are not logged.

Each entry stores ``changes`` as ``{field: [old, new]}`` in JSON. Secrets are never copied:
a password change is logged as ``["***", "***"]``, and so are the personal fields of
``PERSONAL_FIELDS`` (a phone number, an address, a story); ``last_login`` (written at every login) is
not logged. Bulk operations (``bulk_create``, ``QuerySet.update``) bypass signals by design:
only the bulk loader and data migrations use them.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

if TYPE_CHECKING:
    from emulation.models import User

# app_label.ModelName of every audited model.
AUDITED = [
    "nominations.Nomination",
    "nominations.Nominee",
    "nominations.Decision",
    "nominations.Award",
    "emulation.Ward",
    "emulation.Authority",
    "emulation.User",
    "campaigns.AwardKind",
    "campaigns.BaseSalary",
    "campaigns.Campaign",
]
SECRET_FIELDS = {"password"}
# Personal data (docs/privacy.md): the log says *that* these changed, never the values, so an
# erasure or the retention purge leaves no copy behind here (Nghị định 13/2023/NĐ-CP, art. 16).
PERSONAL_FIELDS: dict[str, set[str]] = {
    "nominations.Nominee": {"phone", "address", "gender"},
    "nominations.Nomination": {"story", "achievement_report", "return_reason"},
}
IGNORED_FIELDS = {"last_login", "updated_at", "version", "search_text", "name_folded", "sort_key"}
MASK = "***"

_actor: contextvars.ContextVar[Callable[[], object] | None] = contextvars.ContextVar(
    "thidua_audit_actor", default=None
)


def set_actor_lazy(getter: Callable[[], object]) -> contextvars.Token:
    """Remember how to find the acting user (resolved only when something is saved)."""
    return _actor.set(getter)


def reset_actor(token: contextvars.Token) -> None:
    _actor.reset(token)


@contextmanager
def acting_as(user: User) -> Iterator[None]:
    """``with acting_as(user): …``: changes inside are logged as made by ``user``."""
    token = _actor.set(lambda: user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> User | None:
    """The authenticated staff user acting now, or None."""
    getter = _actor.get()
    if getter is None:
        return None
    user = getter()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return cast("User", user)


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def snapshot(instance: Model) -> dict[str, object]:
    """Field name → JSON-able value of every concrete, non-ignored field."""
    data: dict[str, object] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        data[field.name] = MASK if field.name in SECRET_FIELDS else _jsonable(value)
    return data


def diff(old: dict[str, object], new: dict[str, object]) -> dict[str, list[object]]:
    changes: dict[str, list[object]] = {}
    for name in new.keys() | old.keys():
        before, after = old.get(name), new.get(name)
        if name in SECRET_FIELDS:
            if before != after:
                changes[name] = [MASK, MASK]
            continue
        if before != after:
            changes[name] = [before, after]
    return changes


def _raw_password(instance: Model) -> str | None:
    return getattr(instance, "password", None)


# ``instance`` is Any in the two save receivers: they keep ``_audit_before`` on it between them.
def _pre_save(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or current_actor() is None:
        return
    old = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
    if old is None:
        instance._audit_before = None
        return
    before = snapshot(old)
    if "password" in before:
        # Compare hashes without ever storing them.
        before["password"] = _raw_password(old)
    instance._audit_before = before


def _post_save(
    sender: type[Model], instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    actor = current_actor()
    if actor is None:
        return
    after = snapshot(instance)
    if "password" in after:
        after["password"] = _raw_password(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
        if "password" in changes:
            changes["password"] = [None, MASK]
        action = "create"
    else:
        changes = diff(before, after)
        action = "update"
        if not changes:
            return
    _write(actor, action, instance, changes)
    instance._audit_before = None


def _post_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    actor = current_actor()
    if actor is None:
        return
    before = snapshot(instance)
    changes = {k: [v, None] for k, v in before.items() if v not in (None, "")}
    _write(actor, "delete", instance, changes)


def _m2m_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    model: type[Model],
    pk_set: set[Any] | None,
    reverse: bool = False,
    **kwargs: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    actor = current_actor()
    if actor is None:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), "m2m"
    )
    label = {"post_add": "thêm", "post_remove": "bớt", "post_clear": "xóa hết"}[action]
    _write(actor, "update", instance, {field: [label, sorted(pk_set or [])]})


def record(
    actor: User, action: str, instance: Model, changes: dict[str, list[object]] | None = None
) -> None:
    """Log one event that is not a model save, e.g. ``record(user, "otp_enrol", user)``.

    *action* is one of ``AuditLog.ACTIONS``; *changes* follows the same ``{name: [old, new]}``
    shape as the signals' entries (never a secret: callers pass labels, not keys or codes).
    """
    _write(actor, action, instance, changes or {})


def masked(label: str, changes: dict[str, list[object]]) -> dict[str, list[object]]:
    """``changes`` with the values of ``label``'s personal fields replaced by ``MASK`` (an
    empty value stays empty: "cleared" is not personal)."""
    personal = PERSONAL_FIELDS.get(label, set())
    return {
        name: [v if v in (None, "") else MASK for v in values] if name in personal else values
        for name, values in changes.items()
    }


def _write(actor: User, action: str, instance: Model, changes: dict[str, list[object]]) -> None:
    from django.contrib.contenttypes.models import ContentType

    changes = masked(instance._meta.label, changes)

    AuditLog = apps.get_model("emulation", "AuditLog")
    AuditLog.objects.create(
        actor=actor if actor.pk else None,
        actor_name=str(getattr(actor, "username", actor))[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def connect() -> None:
    """Connect the signals (called once from EmulationConfig.ready)."""
    for label in AUDITED:
        model = apps.get_model(label)
        uid = f"thidua-audit-{label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}-del")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _m2m_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{field.name}",
            )
