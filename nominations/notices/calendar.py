"""Calendar feeds (.ics, RFC 5545) written with icalendar: the open campaigns' deadlines
(public) and a staff member's meetings (behind his secret address)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from campaigns.models import Campaign, CampaignStatus
from emulation.site import absolute_url, site_host
from nominations.models import Meeting

MEETING_LENGTH = dt.timedelta(hours=2)  # a meeting's end is not recorded: two hours


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Thi dua - Khen thuong//thidua//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return cal


def open_campaigns() -> Iterable[Campaign]:
    return Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("deadline", "pk")


def campaign_deadlines() -> bytes:
    """One all-day event per open campaign, on its deadline for dossiers."""
    with translation.override("vi"):
        cal = _calendar(_("Hạn nộp hồ sơ các phong trào thi đua"))
        stamp = timezone.now()
        for campaign in open_campaigns():
            event = Event()
            event.add("uid", f"campaign-{campaign.pk}-deadline@{site_host()}")
            event.add("dtstamp", stamp)
            event.add("summary", _("Hạn nộp hồ sơ: %(name)s") % {"name": campaign.name})
            event.add("dtstart", campaign.deadline)
            event.add("dtend", campaign.deadline + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            url = absolute_url(reverse("campaign-detail", args=[campaign.slug]))
            event.add("url", url)
            event.add("description", f"{campaign.summary}\n{url}".strip())
            cal.add_component(event)
    return cal.to_ical()


def meetings(rows: Iterable[Meeting]) -> bytes:
    """One event per meeting: time, place, its page; cancelled ones are not kept."""
    with translation.override("vi"):
        cal = _calendar(_("Lịch họp Hội đồng Thi đua - Khen thưởng"))
        stamp = timezone.now()
        for meeting in rows:
            event = Event()
            event.add("uid", f"meeting-{meeting.pk}@{site_host()}")
            event.add("dtstamp", stamp)
            event.add("summary", _("Họp Hội đồng Thi đua - Khen thưởng"))
            event.add("dtstart", meeting.held_at)
            event.add("dtend", meeting.held_at + MEETING_LENGTH)
            event.add("location", meeting.place)
            event.add("url", absolute_url(reverse("meeting-detail", args=[meeting.pk])))
            event.add("status", "CONFIRMED")
            cal.add_component(event)
    return cal.to_ical()
