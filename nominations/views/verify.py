"""Public verification of a certificate (Giấy khen) by its code or QR code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from nominations.council_forms import VerifyForm
from nominations.models import Award


def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"].strip().upper())
    return render(request, "public/verify_form.html", {"form": form})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Name, award, decision number and date; or "does not exist". Nothing private."""
    award = (Award.objects.select_related("decision", "nomination__nominee",
                                          "nomination__award_kind", "nomination__ward",
                                          "revoked_by")
             .filter(verification_code=code.strip().upper(), decision__state="issued",
                     decision__kind="award").first())
    response = render(request, "public/verify.html", {"award": award, "code": code},
                      status=200 if award else 404)
    response["X-Robots-Tag"] = "noindex"
    return response
