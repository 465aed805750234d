"""``{% notice_settings %}``: the notices section of the account page (the account page lives
in ``emulation``, which may not import this app)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from emulation.site import absolute_url
from nominations.notices import services
from nominations.notices.forms import EmailChoicesForm

register = template.Library()


@register.inclusion_tag("notices/account_section.html", takes_context=True)
def notice_settings(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    feed = services.calendar_feed(user)
    return {
        "user": user,
        "form": EmailChoicesForm(user),
        "campaigns_url": absolute_url(reverse("calendar-campaigns")),
        "meetings_url": absolute_url(reverse("calendar-meetings", args=[feed.secret])),
    }
