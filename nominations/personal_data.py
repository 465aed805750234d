"""Retention and a person's requests (Nghị định 13/2023/NĐ-CP: art. 14 to see one's data,
art. 16 to have it erased; personal data kept no longer than its purpose needs).

- :func:`purge_expired`: private fields of dossiers that ended without an award (not
  recommended, withdrawn) and residents' suggestions are purged once older than
  ``settings.PERSONAL_DATA_RETENTION_DAYS`` (run daily: ``manage.py purge_personal_data``).
- :func:`export_person` / :func:`erase_person`: the administrator answers a request, logged
  as a :class:`~nominations.models.PersonalDataRequest`. What an issued decision must keep
  stays: the award's frozen copy, and an awarded dossier's report and evidence (the basis of
  the decision, archived with it); the person's contact details, photo and story go.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nominations.models import (
    Consent,
    Evidence,
    Nomination,
    NominationState,
    Nominee,
    PersonalDataRequest,
    Suggestion,
)

if TYPE_CHECKING:
    from emulation.models import User

ENDED_WITHOUT_AWARD = [NominationState.NOT_RECOMMENDED, NominationState.WITHDRAWN]
KEPT_BY_DECISION = [NominationState.AWARDED, NominationState.REVOKED]


def retention_days() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 730))


def _delete_files(nom: Nomination, evidence: bool) -> None:
    for field in (
        nom.photo,
        nom.photo_medium,
        nom.photo_thumb,
        nom.public_medium,
        nom.public_thumb,
    ):
        if field:
            field.delete(save=False)
    nom.photo_width = nom.photo_height = nom.thumb_width = nom.thumb_height = None
    if evidence:
        for item in nom.evidence.all():
            item.file.delete(save=False)
        Evidence.objects.filter(nomination=nom).delete()


def _clear_dossier(nom: Nomination, keep_report: bool) -> None:
    """Empty a dossier's private fields and files; end its consents (the records stay)."""
    _delete_files(nom, evidence=not keep_report)
    if not keep_report:
        nom.achievement_report = ""
        nom.return_reason = ""
    nom.story = ""
    nom.story_approved_by = None
    nom.story_approved_at = None
    Consent.objects.filter(nomination=nom, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawal_note="Xóa dữ liệu cá nhân"
    )
    nom.consent_public = nom.consent_photo = nom.consent_story = False
    nom.refresh_search_text()
    nom.save()


def _clear_suggestions(nom: Nomination) -> None:
    """What residents wrote about the person and their photo of him (the suggestion stays as
    a record that it was received, with the person's name)."""
    for suggestion in Suggestion.objects.filter(nomination=nom).exclude(photo=""):
        suggestion.photo.delete(save=False)
    Suggestion.objects.filter(nomination=nom).update(
        deeds="", nominee_where="", writer_contact="", photo=""
    )


def _clear_nominee(nominee: Nominee) -> None:
    nominee.phone = ""
    nominee.address = ""
    nominee.gender = ""
    nominee.save(update_fields=["phone", "address", "gender"])


def purge_expired(now: dt.datetime | None = None) -> dict[str, int]:
    """Purge what the retention period no longer covers; returns counts by kind."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    counts = {"dossiers": 0, "nominees": 0, "suggestions": 0}
    ended = Nomination.objects.filter(state__in=ENDED_WITHOUT_AWARD, updated_at__lt=cutoff)
    for nom in ended.select_related("nominee", "ward").iterator(chunk_size=200):
        with transaction.atomic():
            _clear_dossier(nom, keep_report=False)
            counts["dossiers"] += 1
            others = nom.nominee.nominations.exclude(
                state__in=ENDED_WITHOUT_AWARD, updated_at__lt=cutoff
            ).exclude(pk=nom.pk)
            if not others.exists() and (nom.nominee.phone or nom.nominee.address):
                _clear_nominee(nom.nominee)
                counts["nominees"] += 1
    for suggestion in Suggestion.objects.filter(created_at__lt=cutoff).iterator(chunk_size=200):
        with transaction.atomic():
            if suggestion.photo:
                suggestion.photo.delete(save=False)
            suggestion.delete()
            counts["suggestions"] += 1
    return counts


def export_person(nominee: Nominee) -> dict[str, Any]:
    """Everything held about the person, as JSON-ready data."""
    dossiers = []
    for nom in nominee.nominations.select_related("campaign").prefetch_related("consents"):
        dossiers.append(
            {
                "campaign": nom.campaign.name,
                "state": nom.get_state_display(),
                "public_summary": nom.public_summary,
                "achievement_report": nom.achievement_report,
                "story": nom.story,
                "initiative": nom.initiative,
                "photo": bool(nom.photo),
                "evidence": [e.original_name for e in nom.evidence.all()],
                "consents": [
                    {
                        "given_by": c.given_by,
                        "given_on": c.given_on.isoformat(),
                        "method": c.get_method_display(),
                        "name": c.covers_name,
                        "photo": c.covers_photo,
                        "story": c.covers_story,
                        "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                    }
                    for c in nom.consents.all()
                ],
                "suggestions": [
                    {"deeds": s.deeds, "received": s.created_at.isoformat()}
                    for s in nom.suggestions.all()
                ],
            }
        )
    return {
        "full_name": nominee.full_name,
        "ward": nominee.ward.name,
        "gender": nominee.get_gender_display() if nominee.gender else "",
        "birth_year": nominee.birth_year,
        "position": nominee.position,
        "workplace": nominee.workplace,
        "phone": nominee.phone,
        "address": nominee.address,
        "dossiers": dossiers,
    }


@transaction.atomic
def log_request(nominee: Nominee, actor: User, kind: str, requested_by: str, summary: str) -> None:
    PersonalDataRequest.objects.create(
        kind=kind,
        nominee_name=nominee.full_name,
        nominee_id_at_request=nominee.pk,
        requested_by=requested_by,
        handled_by=actor,
        summary=summary,
    )


@transaction.atomic
def erase_person(nominee: Nominee, actor: User, requested_by: str = "") -> str:
    """Erase the person's personal data except what an issued decision keeps; returns and
    logs a one-line summary."""
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    kept = 0
    cleared = 0
    for nom in nominee.nominations.select_related("ward").select_for_update(of=("self",)):
        keep = nom.state in KEPT_BY_DECISION or nom.awards.exists()
        _clear_dossier(nom, keep_report=keep)
        _clear_suggestions(nom)
        kept += keep
        cleared += not keep
    _clear_nominee(nominee)
    summary = (
        f"Đã xóa số điện thoại, địa chỉ, ảnh, câu chuyện của {cleared + kept} hồ sơ; "
        f"giữ báo cáo và minh chứng của {kept} hồ sơ đã có quyết định khen thưởng."
    )
    log_request(nominee, actor, PersonalDataRequest.Kind.ERASE, requested_by, summary)
    return summary
