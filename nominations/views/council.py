"""Council pages: review queue, meetings, votes, decisions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Placeholder until the council issue."""
    return render(request, "staff/home.html", {})


@login_required
def council_home(request: HttpRequest) -> HttpResponse:
    """Placeholder: the council dashboard."""
    return render(request, "staff/home.html", {})
