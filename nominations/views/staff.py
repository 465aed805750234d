"""Staff pages of ward officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The dashboard: what each role comes for."""
    return render(request, "staff/home.html", {})


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    """Placeholder until the nominations issue: the ward's list."""
    return render(request, "staff/home.html", {})
