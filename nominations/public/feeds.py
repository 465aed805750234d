"""Atom feed of newly honoured exemplars (public, from public_exemplars() only).

Every text taken from the database goes through ``xml_safe``: Django's feed generator raises
on a control character (a vertical tab pasted from Word and stored before the input rule).
Texts are sent as plain text (``type="text"``, issue #14): a summary written by a ward is
never markup to a feed reader, whatever it contains.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from emulation.site import absolute_url
from emulation.text import xml_safe
from nominations.models import Nomination
from nominations.public.services import exemplar_url, public_exemplars

FEED_SIZE = 30


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose item summaries are ``type="text"`` (Django writes ``type="html"``): the
    reader shows ``<b>`` as the four characters it is, never as markup."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class ExemplarFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = _("Gương người tốt, việc tốt mới được tôn vinh")
    subtitle = _("Những người dân được khen thưởng trong các phong trào thi đua")

    # Absolute on SITE_URL: Django would otherwise prefix the request's Host.
    def link(self) -> str:
        return absolute_url(reverse("gallery"))

    def feed_url(self) -> str:
        return absolute_url(reverse("exemplar-feed"))

    def items(self) -> list[Nomination]:
        return list(public_exemplars()[:FEED_SIZE])

    def item_title(self, item: Nomination) -> str:
        award = item.award_kind.name if item.award_kind else ""
        return xml_safe(f"{item.nominee.full_name} — {award}")

    def item_description(self, item: Nomination) -> str:
        return xml_safe(item.public_summary)

    def item_link(self, item: Nomination) -> str:
        return absolute_url(exemplar_url(item))

    def item_pubdate(self, item: Nomination) -> dt.datetime:
        day = item.awarded_on or item.updated_at.date()
        return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))

    def item_updateddate(self, item: Nomination) -> dt.datetime:
        return self.item_pubdate(item)

    def item_categories(self, item: Nomination) -> list[str]:
        return [xml_safe(item.campaign.name), xml_safe(item.ward.name)]
