"""Residents' forms on the public site."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import Form


class VerifyForm(Form):
    code = forms.CharField(label=_("Mã xác minh"), max_length=12)
