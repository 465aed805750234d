"""Residents' suggestions of good people: the form, its spam defences, and the officer's
conversion of a suggestion into a draft nomination.

Spam defences, without any third-party service:
- a honeypot field that people never see (bots fill it): the post is dropped silently;
- a minimum fill time, carried by a signed timestamp field (a forged or replayed value fails);
- a limit per IP address and hour (``settings.SUGGESTIONS_PER_IP_PER_HOUR``), counted from
  ``Suggestion.ip_hash``: the address is hashed with the SECRET_KEY, never stored;
- text size limits; the photo goes through the same checks as a nomination's photo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from emulation.text import fold
from nominations import notices, permissions
from nominations.files import images
from nominations.models import (
    Nomination,
    NominationState,
    Nominee,
    Suggestion,
    SuggestionState,
    Transition,
)

if TYPE_CHECKING:
    from emulation.models import User
    from nominations.suggestions.forms import SuggestionForm

TIMESTAMP_SALT = "nominations.suggestions.started"
MAX_FORM_AGE_SECONDS = 24 * 3600
DEEDS_MIN_CHARS = 30
DEEDS_MAX_CHARS = 5000


def min_fill_seconds() -> int:
    return int(getattr(settings, "SUGGESTION_MIN_FILL_SECONDS", 5))


def new_timestamp() -> str:
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(str(int(time.time())))


def seconds_since(token: str) -> float | None:
    """Seconds since the form was shown, or None for a missing, forged or stale token."""
    try:
        value = signing.TimestampSigner(salt=TIMESTAMP_SALT).unsign(
            token or "", max_age=MAX_FORM_AGE_SECONDS
        )
        return time.time() - int(value)
    except (signing.BadSignature, ValueError):
        return None


def hash_ip(ip: str) -> str:
    """HMAC-SHA256 of the address with the SECRET_KEY: countable, not reversible."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR only: X-Forwarded-For is set by the client and would defeat the limit.
    Behind a reverse proxy, the proxy must set REMOTE_ADDR (see docs/decisions.md)."""
    return request.META.get("REMOTE_ADDR", "") or ""


def over_limit(ip_hash: str, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    recent = Suggestion.objects.filter(
        ip_hash=ip_hash, created_at__gte=now - dt.timedelta(hours=1)
    ).count()
    return recent >= settings.SUGGESTIONS_PER_IP_PER_HOUR


def save_suggestion(form: SuggestionForm, ip: str) -> Suggestion:
    """Store a valid suggestion with a cleaned photo (one JPEG, metadata stripped)."""
    with transaction.atomic():
        suggestion = form.save(commit=False)
        suggestion.photo = None
        suggestion.ip_hash = hash_ip(ip)
        if form.photo_files is not None:
            suggestion.photo.save(
                "photo.jpg", ContentFile(form.photo_files.medium.read()), save=False
            )
        suggestion.save()
        notices.suggestion_arrived(suggestion)
    return suggestion


# --- the ward officer's inbox ----------------------------------------------------------------


class SuggestionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


GOOD_DEED_WORDS = "nguoi tot"  # "Người tốt, việc tốt", folded: the movement a good deed belongs to


def good_deed_campaign(campaigns: list[Campaign]) -> Campaign | None:
    """The one open campaign whose name is a "Người tốt, việc tốt" movement, else None.

    A resident's suggestion tells of a good deed; it is never pre-filed under whichever
    campaign closes first (an initiative contest, say). With none or several such campaigns the
    officer chooses (docs/decisions.md, "Every role's day").
    """
    matches = [c for c in campaigns if GOOD_DEED_WORDS in fold(c.name)]
    return matches[0] if len(matches) == 1 else None


def convert(suggestion: Suggestion, actor: User, campaign: Campaign) -> Nomination:
    """Turn a new suggestion into a DRAFT nomination of the suggestion's ward, in one step.

    Only the name and the place are carried over; nothing the resident wrote becomes public."""
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not permissions.can_handle_suggestion(actor, locked):
            raise SuggestionError(_("Bạn không được xử lý giới thiệu này."))
        if locked.state != SuggestionState.NEW:
            raise SuggestionError(_("Giới thiệu này đã được xử lý."))
        if not Campaign.objects.accepting_nominations().filter(pk=campaign.pk).exists():
            raise SuggestionError(_("Phong trào này hiện không nhận hồ sơ."))
        nominee = Nominee.objects.create(
            ward=locked.ward,
            full_name=locked.nominee_name[:200],
            workplace=locked.nominee_where[:200],
        )
        nomination = Nomination(
            ward=locked.ward,
            campaign=campaign,
            nominee=nominee,
            state=NominationState.DRAFT,
            # The resident's text stays staff-only (it is read on the suggestion): the public
            # summary and story are written, checked and approved by staff (nominations.consent).
            consent_public=False,
            created_by=actor,
        )
        if locked.photo:
            with locked.photo.open("rb") as photo:
                images.attach_photo(nomination, ContentFile(photo.read(), name="photo.jpg"))
        nomination.refresh_search_text()
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:  # the person already has an active dossier in this campaign
            raise SuggestionError(_("Người này đã có hồ sơ khác trong phong trào này.")) from None
        Transition.objects.create(
            nomination=nomination,
            actor=actor,
            action="from_suggestion",
            from_state="",
            to_state=NominationState.DRAFT,
            comment=_("Từ giới thiệu số %(n)s của %(writer)s, gửi ngày %(d)s.")
            % {
                "n": locked.pk,
                "writer": locked.writer_name,
                "d": timezone.localtime(locked.created_at).strftime("%d/%m/%Y"),
            },
        )
        locked.state = SuggestionState.CONVERTED
        locked.nomination = nomination
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.save(update_fields=["state", "nomination", "handled_by", "handled_at"])
    return nomination


def already_converted(suggestion: Suggestion) -> bool:
    """Whether the suggestion has become a dossier (read afresh from the database)."""
    return Suggestion.objects.filter(
        pk=suggestion.pk, state=SuggestionState.CONVERTED, nomination__isnull=False
    ).exists()


def already_dismissed(suggestion: Suggestion) -> bool:
    """Whether the suggestion has been dismissed (read afresh from the database)."""
    return Suggestion.objects.filter(pk=suggestion.pk, state=SuggestionState.DISMISSED).exists()


def dismiss(suggestion: Suggestion, actor: User) -> Suggestion:
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not permissions.can_handle_suggestion(actor, locked):
            raise SuggestionError(_("Bạn không được xử lý giới thiệu này."))
        if locked.state != SuggestionState.NEW:
            raise SuggestionError(_("Giới thiệu này đã được xử lý."))
        locked.state = SuggestionState.DISMISSED
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.save(update_fields=["state", "handled_by", "handled_at"])
    return locked
