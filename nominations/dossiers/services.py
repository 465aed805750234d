"""Writing a ward's dossiers: create and revise drafts, pick the nominee, files, deletion.

State changes are not made here (they belong to :mod:`nominations.workflow`); this module
writes the *content* of a dossier that is still with its ward (draft or returned). Every
function runs in one transaction and stores files only once every check has passed; a failure
after a file was written removes it again, so a refused save leaves nothing behind.

Optimistic locking: a save names the ``version`` the user started from; the row is locked and
compared, and a mismatch raises :class:`StaleDossier` carrying the current row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from campaigns.models import Campaign, NomineeKind
from emulation.text import fold, normalize
from nominations import consent, permissions, workflow
from nominations.files.images import ProcessedPhoto
from nominations.files.uploads import MAX_EVIDENCE_FILES, CheckedEvidence
from nominations.models import (
    Evidence,
    EvidenceKind,
    Nomination,
    NominationState,
    Nominee,
    Transition,
)
from nominations.models.nomination import ACTIVE_STATES

if TYPE_CHECKING:
    from emulation.models import User

NOMINEE_FIELDS: dict[str, list[str]] = {
    NomineeKind.INDIVIDUAL: ["full_name", "gender", "birth_year", "position", "workplace", "phone"],
    NomineeKind.COLLECTIVE: ["full_name", "member_count", "head_name", "workplace"],
    NomineeKind.HOUSEHOLD: ["head_name", "address"],
}
NOMINATION_FIELDS = [
    "award_kind",
    "procedure",
    "field",
    "public_summary",
    "achievement_report",
    "initiative",
    "period_start",
    "period_end",
    "story",
]


class DossierError(Exception):
    """A refused save; ``field`` names the form field the message belongs next to;
    ``existing`` is the active dossier of the same person and campaign that another request
    saved a moment earlier (two posts of the form at once), when that is the reason."""

    def __init__(self, message: str, field: str | None = None, existing: Nomination | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.existing = existing


class StaleDossier(Exception):
    """Someone saved the dossier since the user opened it; ``current`` is the row as it is."""

    def __init__(self, current: Nomination):
        super().__init__("stale")
        self.current = current


def household_name(head_name: str) -> str:
    # Stored data, not interface text: the same in every language of the interface.
    return f"Hộ gia đình {normalize(head_name)}"


def _nominee_values(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: data.get(name) for name in NOMINEE_FIELDS[kind]}
    for name, value in values.items():
        if value is None and name not in ("birth_year", "member_count"):
            values[name] = ""
    if kind == NomineeKind.HOUSEHOLD:
        values["full_name"] = household_name(values["head_name"])
    values["full_name"] = normalize(values["full_name"])
    return values


def resolve_nominee(
    ward_id: int,
    kind: str,
    data: dict,
    current: Nominee | None = None,
    nomination_pk: int | None = None,
) -> Nominee:
    """The nominee a dossier is about (caller holds the transaction).

    Re-used when the ward already has one of the same kind with the same folded name and
    birth year (people are re-nominated year after year); its details are refreshed with what
    the officer typed, unless another dossier of it has left the draft stage (submitted,
    reviewed, awarded …): a person on record is never rewritten by a draft (issue #12, item 1),
    so a draft that spells or describes him otherwise gets a new nominee. Otherwise the
    dossier's current nominee is updated in place when no other dossier uses it, or a new one
    is created.
    """
    values = _nominee_values(kind, data)
    matches = Nominee.objects.select_for_update().filter(
        ward_id=ward_id,
        kind=kind,
        name_folded=fold(values["full_name"]),
        birth_year=values.get("birth_year"),
    )
    match = next((n for n in matches.order_by("pk") if _may_take(n, values, nomination_pk)), None)
    target = match
    if target is None and current is not None:
        # pk=None (a new dossier) is "IS NULL" to Django: no row is excluded.
        shared = current.nominations.exclude(pk=nomination_pk).exists()  # type: ignore[misc]
        if not shared:
            target = current
    if target is None:
        target = Nominee(ward_id=ward_id, kind=kind)
    for name, value in values.items():
        setattr(target, name, value)
    target.save()
    return target


def _may_take(nominee: Nominee, values: dict[str, Any], nomination_pk: int | None) -> bool:
    """Whether a draft may use ``nominee`` with ``values``: they change nothing, or no other
    dossier of it has left the draft stage."""
    if all(getattr(nominee, name) == value for name, value in values.items()):
        return True
    others = nominee.nominations.exclude(pk=nomination_pk)  # type: ignore[misc]
    return not others.exclude(state=NominationState.DRAFT).exists()


def _duplicate(nominee_id: int, campaign_id: int, exclude_pk: int | None) -> bool:
    qs = Nomination.objects.filter(
        nominee_id=nominee_id, campaign_id=campaign_id, state__in=ACTIVE_STATES
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


class _Written:
    """Files written during a save; removed again when the transaction does not commit."""

    def __init__(self) -> None:
        self.files: list[tuple[Storage, str]] = []

    def save(self, fieldfile: FieldFile, name: str, content: File) -> None:
        fieldfile.save(name, content, save=False)
        assert fieldfile.name is not None  # the name it was just saved under
        self.files.append((fieldfile.storage, fieldfile.name))

    def discard(self) -> None:
        for storage, name in self.files:
            with contextlib.suppress(OSError):
                storage.delete(name)


def _stored(fieldfiles: Iterable[FieldFile]) -> list[tuple[Storage, str]]:
    return [(f.storage, f.name) for f in fieldfiles if f.name]  # f.name: the test of bool(f)


def _delete_later(names: list[tuple[Storage, str]]) -> None:
    """Remove replaced or deleted files once the transaction has committed."""

    def _remove() -> None:
        for storage, name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(_remove)


def _store_photo(nom: Nomination, photo: ProcessedPhoto, written: _Written) -> None:
    old = _stored([nom.photo, nom.photo_medium, nom.photo_thumb])
    written.save(nom.photo, "photo.jpg", photo.original)
    written.save(nom.photo_medium, "photo.jpg", photo.medium)
    written.save(nom.photo_thumb, "photo.jpg", photo.thumb)
    nom.thumb_width, nom.thumb_height = photo.thumb_size
    _delete_later(old)


def _store_evidence(
    nom: Nomination,
    files: list[CheckedEvidence],
    actor: User,
    written: _Written,
    kind: str = EvidenceKind.OTHER,
) -> None:
    if not files:
        return
    if nom.evidence.count() + len(files) > MAX_EVIDENCE_FILES:
        raise DossierError(
            _("Mỗi hồ sơ có tối đa %(n)d tệp minh chứng.") % {"n": MAX_EVIDENCE_FILES}, "evidence"
        )
    for checked in files:
        item = Evidence(
            nomination=nom,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
            kind=kind,
        )
        written.save(item.file, f"evidence.{checked.extension}", checked.content)
        item.save()


def _apply(nom: Nomination, data: dict) -> None:
    for name in NOMINATION_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("award_kind", "period_start", "period_end"):
                value = ""
            setattr(nom, name, value)


def _record(nom: Nomination, actor: User, action: str, comment: str = "") -> None:
    Transition.objects.create(
        nomination=nom,
        actor=actor,
        action=action,
        from_state=nom.state,
        to_state=nom.state,
        comment=comment,
    )


def create_draft(
    actor: User,
    campaign: Campaign,
    kind: str,
    data: dict,
    photo: ProcessedPhoto | None = None,
    evidence: list[CheckedEvidence] | None = None,
) -> Nomination:
    """A new draft of the actor's own ward (the ward never comes from the request)."""
    if not permissions.can_create_nomination(actor):
        raise DossierError(_("Chỉ cán bộ phường được lập hồ sơ."))
    assert actor.ward_id is not None  # a ward officer has a ward
    written = _Written()
    try:
        with transaction.atomic():
            nominee = resolve_nominee(actor.ward_id, kind, data)
            nom = Nomination(
                ward_id=actor.ward_id,
                campaign=campaign,
                nominee=nominee,
                created_by=actor,
                state=NominationState.DRAFT,
            )
            _apply(nom, data)
            try:
                workflow.check_eligibility(nom)
            except workflow.WorkflowError as err:
                field = err.fields[0] if err.fields else "campaign"
                if field == "nominee":
                    field = _name_field(kind)
                raise DossierError(err.message, field) from None
            if photo is not None:
                _store_photo(nom, photo, written)
            nom.refresh_search_text()
            _save_unique(nom, kind)
            _store_evidence(nom, evidence or [], actor, written)
            Transition.objects.create(
                nomination=nom, actor=actor, action="create", from_state="", to_state=nom.state
            )
    except BaseException:
        written.discard()
        raise
    return nom


def _name_field(kind: str) -> str:
    return "head_name" if kind == NomineeKind.HOUSEHOLD else "full_name"


def _save_unique(nom: Nomination, kind: str) -> None:
    """Save; the partial unique indexes are the last word on "one active dossier per person
    and campaign" (by nominee, and by person key: ward, folded name, birth year). A concurrent
    request that saved the same person first waits for nothing here: PostgreSQL holds this
    insert until that transaction ends, then refuses it; the error names its dossier."""
    try:
        with transaction.atomic():
            nom.save()
    except IntegrityError:
        existing = (
            Nomination.objects.filter(
                campaign_id=nom.campaign_id, person_key=nom.person_key, state__in=ACTIVE_STATES
            )
            .exclude(pk=nom.pk)
            .first()
        )
        raise DossierError(
            _("Người này đã có hồ sơ khác trong phong trào này."), _name_field(kind), existing
        ) from None


def update_dossier(
    actor: User,
    nomination: Nomination,
    version: int,
    data: dict,
    photo: ProcessedPhoto | None = None,
    evidence: list[CheckedEvidence] | None = None,
) -> Nomination:
    """Save the officer's revision if nobody saved in between (compare-and-set on version)."""
    written = _Written()
    try:
        with transaction.atomic():
            nom = (
                Nomination.objects.select_for_update(of=("self",))
                .select_related("nominee", "ward", "campaign", "award_kind")
                .get(pk=nomination.pk)
            )
            if nom.version != version:
                raise StaleDossier(nom)
            if not permissions.can_edit_nomination(actor, nom):
                raise DossierError(
                    _("Hồ sơ ở trạng thái “%(s)s” không sửa được.") % {"s": nom.get_state_display()}
                )
            kind = nom.nominee.kind
            nominee = resolve_nominee(
                nom.ward_id, kind, data, current=nom.nominee, nomination_pk=nom.pk
            )
            if _duplicate(nominee.pk, nom.campaign_id, nom.pk):
                raise DossierError(
                    _("Người này đã có hồ sơ khác trong phong trào này."), _name_field(kind)
                )
            previous = nom.nominee
            nom.nominee = nominee
            if "story" in data:
                consent.story_changed(nom, data["story"] or "")
            _apply(nom, data)
            if photo is not None:
                _store_photo(nom, photo, written)
            nom.version += 1
            nom.refresh_search_text()
            _save_unique(nom, kind)
            _store_evidence(nom, evidence or [], actor, written)
            _record(nom, actor, "edit")
            if previous.pk != nominee.pk and not previous.nominations.exists():
                previous.delete()
    except BaseException:
        written.discard()
        raise
    return nom


@transaction.atomic
def add_evidence(
    actor: User,
    nomination: Nomination,
    files: list[CheckedEvidence],
    kind: str = EvidenceKind.OTHER,
) -> None:
    """Store checked files on the dossier; ``kind`` "unit_review" marks the unit's minutes."""
    written = _Written()
    try:
        nom = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not permissions.can_manage_evidence(actor, nom):
            raise DossierError(_("Không thể thêm tài liệu cho hồ sơ ở trạng thái này."), "files")
        _store_evidence(nom, files, actor, written, kind)
        nom.version += 1
        nom.save(update_fields=["version", "updated_at"])
        _record(nom, actor, "add_evidence", ", ".join(f.original_name for f in files))
    except BaseException:
        written.discard()
        raise


@transaction.atomic
def remove_evidence(actor: User, item: Evidence) -> None:
    """Remove one evidence file; a file already removed (a concurrent second press, which
    waited for the first on the dossier's lock) is a no-op: no second history entry."""
    nom = Nomination.objects.select_for_update().get(pk=item.nomination_id)
    if not Evidence.objects.filter(pk=item.pk).exists():
        return
    if not permissions.can_manage_evidence(actor, nom):
        raise DossierError(_("Không thể xóa tài liệu của hồ sơ ở trạng thái này."))
    _delete_later(_stored([item.file]))
    name = item.original_name
    item.delete()
    nom.version += 1
    nom.save(update_fields=["version", "updated_at"])
    _record(nom, actor, "remove_evidence", name)


@transaction.atomic
def delete_draft(actor: User, nomination: Nomination) -> None:
    """A draft is the ward's own paper: it may be thrown away, with its files. A draft already
    deleted (a concurrent second press of the button, which waited for the first) is a no-op."""
    nom = Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
    if nom is None:
        return
    if not permissions.can_delete_nomination(actor, nom):
        raise DossierError(_("Chỉ xóa được hồ sơ đang là bản nháp."))
    files: list[FieldFile] = [nom.photo, nom.photo_medium, nom.photo_thumb]
    files += [item.file for item in nom.evidence.all()]
    _delete_later(_stored(files))
    nominee = nom.nominee
    nom.delete()
    if not nominee.nominations.exists():
        nominee.delete()


UNIT_REVIEW_FIELDS = (
    "unit_review_on",
    "unit_review_attendees",
    "unit_review_attendee_names",
    "unit_review_votes_for",
    "unit_review_votes_total",
)


@transaction.atomic
def set_unit_review(actor: User, nomination: Nomination, data: dict, version: int) -> Nomination:
    """Record the unit's own review (biên bản họp xét): date, attendance, the vote.

    ``data`` holds the cleaned ``UnitReviewForm`` fields; ``version`` the dossier's version
    the officer saw (an edit made meanwhile is refused, as for the dossier itself).
    """
    nom = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not permissions.can_edit_nomination(actor, nom):
        raise DossierError(_("Không thể sửa hồ sơ ở trạng thái này."))
    if nom.version != version:
        raise DossierError(_("Hồ sơ vừa được người khác sửa. Hãy tải lại trang và nhập lại."))
    for name in UNIT_REVIEW_FIELDS:
        value = data.get(name)
        setattr(nom, name, "" if value is None and name == "unit_review_attendee_names" else value)
    nom.version += 1
    nom.save(update_fields=[*UNIT_REVIEW_FIELDS, "version", "updated_at"])
    _record(nom, actor, "edit", str(_("Biên bản họp xét của đơn vị")))
    return nom
