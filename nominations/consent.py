"""What of a dossier the public may see: consent records, the reviewed public story, the
checker's hits on public fields, and the public copies of the photo.

- The person's consent is a :class:`~nominations.models.Consent` row (who, when, how, for
  what); the dossier's ``consent_public`` / ``consent_photo`` / ``consent_story`` flags are
  set here only, from the active rows (Nghị định 13/2023/NĐ-CP, art. 11–12).
- The public story shows only once a named staff member approved its current text; editing
  the text clears the approval (``story_changed``).
- Public fields go through :func:`emulation.privacy.find_private` before a dossier is sent and
  before a story is approved: every hit must be fixed or confirmed by staff.
- The photo and its sizes live in private storage; ``public_medium`` and ``public_thumb`` are
  copies that exist only while the exemplar and its photo are public. Whenever a dossier is
  saved with less public than it had when loaded (consent withdrawn, award revoked), the
  copies are deleted and the page cache's last good copies forgotten on every worker
  (``emulation.page_cache.forget_last_copies``), once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation import page_cache
from emulation.privacy import Hit, find_private
from nominations import permissions
from nominations.models import Consent, ConsentMethod, Nomination, Transition

if TYPE_CHECKING:
    from emulation.models import User

# The fields a public page shows, with their labels (nominee fields first).
PUBLIC_FIELDS = {
    "nominee.full_name": gettext_lazy("Họ và tên"),
    "nominee.position": gettext_lazy("Chức vụ, nghề nghiệp"),
    "nominee.workplace": gettext_lazy("Nơi công tác / tổ dân phố"),
    "public_summary": gettext_lazy("Tóm tắt thành tích (công khai)"),
    "initiative": gettext_lazy("Sáng kiến được công nhận"),
    "story": gettext_lazy("Câu chuyện (công khai)"),
}


class PublicationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldHit:
    """A checker hit in one public field: ``field`` (a key of PUBLIC_FIELDS), its ``label``,
    the field's whole ``value`` and the ``hit``; ``confirmed`` once staff said it may stay."""

    field: str
    label: str
    value: str
    hit: Hit
    confirmed: bool

    @property
    def key(self) -> str:
        return f"{self.field}:{self.hit.key}"

    @property
    def before(self) -> str:
        return self.value[max(0, self.hit.start - 60) : self.hit.start]

    @property
    def after(self) -> str:
        return self.value[self.hit.end : self.hit.end + 60]


def _value(nom: Nomination, field: str) -> str:
    if field.startswith("nominee."):
        return str(getattr(nom.nominee, field.split(".", 1)[1]) or "")
    return str(getattr(nom, field) or "")


def public_field_hits(nom: Nomination) -> list[FieldHit]:
    """Every hit of the checker in the dossier's public fields, confirmed or not."""
    confirmed = set(nom.privacy_confirmed or [])
    found = []
    for field, label in PUBLIC_FIELDS.items():
        value = _value(nom, field)
        for hit in find_private(value):
            key = f"{field}:{hit.key}"
            found.append(FieldHit(field, str(label), value, hit, key in confirmed))
    return found


def unconfirmed_hits(nom: Nomination, fields: set[str] | None = None) -> list[FieldHit]:
    return [
        h
        for h in public_field_hits(nom)
        if not h.confirmed and (fields is None or h.field in fields)
    ]


def require_reviewed(nom: Nomination, fields: set[str] | None = None) -> None:
    """Refuse (PublicationError) while a hit in the public fields is neither fixed nor
    confirmed. Called by ``workflow.submit`` and :func:`approve_story`."""
    pending = unconfirmed_hits(nom, fields)
    if pending:
        listed = "; ".join(f"{h.label}: “{h.hit.text}” ({h.hit.label})" for h in pending)
        raise PublicationError(
            _("Phần công khai còn thông tin cá nhân chưa được sửa hoặc xác nhận: %(hits)s.")
            % {"hits": listed}
        )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("nominee", "ward")
        .get(pk=nomination.pk)
    )


def _note(nom: Nomination, actor: User, action: str, comment: str = "") -> None:
    Transition.objects.create(
        nomination=nom,
        actor=actor,
        action=action,
        from_state=nom.state,
        to_state=nom.state,
        comment=comment,
    )


def _check(actor: User, nom: Nomination) -> None:
    if not permissions.can_manage_publication(actor, nom):
        raise PublicationError(_("Bạn không có quyền với phần công khai của hồ sơ này."))


@transaction.atomic
def confirm_hits(nomination: Nomination, actor: User, keys: list[str]) -> Nomination:
    """Staff confirm that the listed hits (``FieldHit.key``) may stay public."""
    nom = _locked(nomination)
    _check(actor, nom)
    current = {h.key: h for h in public_field_hits(nom)}
    chosen = [k for k in keys if k in current and not current[k].confirmed]
    if not chosen:
        raise PublicationError(_("Chưa chọn thông tin nào để xác nhận."))
    nom.privacy_confirmed = sorted({*nom.privacy_confirmed, *chosen})
    nom.save(update_fields=["privacy_confirmed", "updated_at"])
    listed = "; ".join(f"{current[k].label}: “{current[k].hit.text}”" for k in chosen)
    _note(nom, actor, "privacy_confirm", listed)
    return nom


def story_changed(nom: Nomination, new_story: str) -> None:
    """Clear the approval when the story's text changes (the caller saves)."""
    if (new_story or "") != (nom.story or ""):
        nom.story_approved_by = None
        nom.story_approved_at = None


@transaction.atomic
def approve_story(nomination: Nomination, actor: User) -> Nomination:
    """A named staff member approves the current story for the public page."""
    nom = _locked(nomination)
    _check(actor, nom)
    if not nom.story.strip():
        raise PublicationError(_("Hồ sơ chưa có câu chuyện để duyệt."))
    require_reviewed(nom)
    nom.story_approved_by = actor
    nom.story_approved_at = timezone.now()
    nom.refresh_search_text()
    nom.save(update_fields=["story_approved_by", "story_approved_at", "search_text", "updated_at"])
    _note(nom, actor, "story_approve")
    return nom


def _apply_flags(nom: Nomination) -> None:
    active = [c for c in nom.consents.all() if c.active]
    nom.consent_public = any(c.covers_name for c in active)
    nom.consent_photo = nom.consent_public and any(c.covers_photo for c in active)
    nom.consent_story = nom.consent_public and any(c.covers_story for c in active)
    nom.refresh_search_text()
    nom.save(
        update_fields=[
            "consent_public",
            "consent_photo",
            "consent_story",
            "search_text",
            "updated_at",
        ]
    )


@transaction.atomic
def record_consent(
    nomination: Nomination,
    actor: User,
    *,
    given_by: str,
    given_on: dt.date,
    method: str,
    covers_name: bool,
    covers_photo: bool,
    covers_story: bool,
    relation: str = "",
    statement: str = "",
    scan: ContentFile | None = None,
) -> Consent:
    """Record a consent (a signed form's scan, or the person's words noted by the officer)."""
    nom = _locked(nomination)
    _check(actor, nom)
    if not given_by.strip():
        raise PublicationError(_("Cần ghi họ tên người đồng ý."))
    if given_on > timezone.localdate():
        raise PublicationError(_("Ngày đồng ý không thể ở tương lai."))
    if method == ConsentMethod.SIGNED_FORM and scan is None:
        raise PublicationError(_("Cần tải lên bản quét phiếu đồng ý có chữ ký."))
    if method == ConsentMethod.STATEMENT and not statement.strip():
        raise PublicationError(_("Cần ghi lại ý kiến đồng ý của người được đề nghị."))
    if method not in ConsentMethod.values:
        raise PublicationError(_("Hình thức đồng ý không hợp lệ."))
    if not covers_name:
        raise PublicationError(
            _("Ảnh và câu chuyện chỉ công khai cùng họ tên: hãy chọn công khai họ tên.")
        )
    consent = Consent(
        nomination=nom,
        given_by=given_by.strip(),
        relation=relation.strip(),
        given_on=given_on,
        method=method,
        statement=statement.strip(),
        covers_name=covers_name,
        covers_photo=covers_photo,
        covers_story=covers_story,
        recorded_by=actor,
    )
    if scan is not None:
        consent.scan.save(scan.name or "scan.pdf", scan, save=False)
    consent.save()
    _apply_flags(nom)
    _note(nom, actor, "consent_record", str(consent))
    return consent


@transaction.atomic
def withdraw_consent(nomination: Nomination, actor: User, note: str = "") -> Nomination:
    """The person withdraws consent: every active consent ends now, and with it every public
    trace of the dossier (pages, search, feed, sitemap, outage copies, photo copies)."""
    nom = _locked(nomination)
    _check(actor, nom)
    now = timezone.now()
    changed = Consent.objects.filter(nomination=nom, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor, withdrawal_note=note.strip()
    )
    if not changed and not nom.consent_public:
        raise PublicationError(_("Hồ sơ không có sự đồng ý nào đang có hiệu lực."))
    _apply_flags(nom)
    _note(nom, actor, "consent_withdraw", note.strip())
    return nom


# --- public copies of the photo -------------------------------------------------------------


def _public_copy(source: Any) -> str:
    token = uuid.uuid4().hex
    with source.open("rb") as handle:
        return default_storage.save(f"photos/{token[:2]}/{token}.jpg", ContentFile(handle.read()))


def sync_public_photo(pk: int) -> None:
    """Make the public copies of a dossier's photo exist exactly while its photo is public."""
    nom = Nomination.objects.filter(pk=pk).first()
    if nom is None:
        return
    wanted = "photo" in nom.public_footprint() and bool(nom.photo_medium)
    has = bool(nom.public_medium or nom.public_thumb)
    if wanted and not has:
        copies = {"public_medium": _public_copy(nom.photo_medium)}
        if nom.photo_thumb:
            copies["public_thumb"] = _public_copy(nom.photo_thumb)
        Nomination.objects.filter(pk=pk).update(**copies)
    elif has and not wanted:
        _take_down_photo(pk)
        return
    else:
        return
    page_cache.bump()


def _take_down_photo(pk: int) -> None:
    names = Nomination.objects.filter(pk=pk).values_list("public_medium", "public_thumb").first()
    if not names or not any(names):
        return
    for name in names:
        if name:
            default_storage.delete(name)
    Nomination.objects.filter(pk=pk).update(public_medium="", public_thumb="")
    page_cache.bump()


def _after_save(sender: type[Nomination], instance: Nomination, **kwargs: Any) -> None:
    """Less public than when loaded: take the photo copies and the outage copies down now
    (files and sequences do not roll back; a rollback leaves the dossier as it was, and the
    next sync gives the copies back), and again once committed. More public: the copies are
    made once committed."""
    before = instance._loaded_footprint
    now = instance.public_footprint()
    instance._loaded_footprint = now
    pk = instance.pk
    if before - now:
        if "photo" not in now:
            _take_down_photo(pk)
        page_cache.forget_last_copies()
        transaction.on_commit(page_cache.forget_last_copies, robust=True)
    if before != now or ("photo" in now) != bool(instance.public_medium):
        transaction.on_commit(lambda: sync_public_photo(pk), robust=True)


def connect() -> None:
    post_save.connect(_after_save, sender=Nomination, dispatch_uid="consent-after-save")
