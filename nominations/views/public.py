"""Public pages for residents (no account)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from nominations.public import public_exemplars


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    exemplars = public_exemplars()
    context = {
        "featured": list(exemplars.filter(featured=True)[:4]),
        "latest": list(exemplars[:8]),
        "open_campaigns": list(Campaign.objects.filter(
            status=CampaignStatus.OPEN, opens_on__lte=today, deadline__gte=today
        ).order_by("deadline")[:6]),
        "count_year": exemplars.filter(awarded_on__year=today.year).count(),
        "count_total": exemplars.count(),
        "ward_count": exemplars.values("ward").distinct().count(),
    }
    return render(request, "public/home.html", context)
