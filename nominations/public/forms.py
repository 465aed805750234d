"""Residents' forms on the public site."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import Form

# A certificate's code: letters and digits only (nominations.models.decision), 12 at most.
CODE_PATTERN = re.compile(r"[A-Z0-9]{4,12}")


def clean_code(value: str) -> str | None:
    """The code as stored ("ab12 cd34 " → "AB12CD34"), or None when it cannot be a code."""
    code = "".join(value.split()).upper()
    return code if CODE_PATTERN.fullmatch(code) else None


class VerifyForm(Form):
    code = forms.CharField(label=_("Mã xác minh"), max_length=40)

    def clean_code(self) -> str:
        code = clean_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Mã không hợp lệ: mã xác minh gồm 4–12 chữ cái và chữ số in trên giấy khen.")
            )
        return code
