"""What residents may see: the one definition of a public exemplar."""

from __future__ import annotations

from django.db.models import QuerySet

from nominations.models import Nomination, NominationState


def public_exemplars() -> QuerySet[Nomination]:
    """Awarded, consenting, not revoked: the only nominations a public page may show."""
    return (Nomination.objects.filter(state=NominationState.AWARDED, consent_public=True)
            .select_related("nominee", "ward", "campaign", "award_kind")
            .order_by("-awarded_on", "nominee__sort_key"))
