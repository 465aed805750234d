"""The "what the public may see" panel of a dossier (story, consent, the checker's hits),
shown on the ward's dossier page and the council's."""

from __future__ import annotations

from typing import Any

from django import template

from nominations import consent, permissions
from nominations.dossiers.forms import ConsentWithdrawForm
from nominations.models import Nomination

register = template.Library()


@register.inclusion_tag("staff/_publication.html", takes_context=True)
def publication_panel(context: dict[str, Any], nomination: Nomination) -> dict[str, Any]:
    """Context: the nomination, its consents (newest first), the checker's hits in its public
    fields, and whether this user may act on them."""
    user = context["request"].user
    hits = consent.public_field_hits(nomination)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "nomination": nomination,
        "consents": list(nomination.consents.select_related("recorded_by", "withdrawn_by")),
        "hits": hits,
        "pending": [h for h in hits if not h.confirmed],
        "may_manage": permissions.can_manage_publication(user, nomination),
        "withdraw_form": ConsentWithdrawForm(),
        "story_hits": [h for h in hits if h.field == "story"],
    }
