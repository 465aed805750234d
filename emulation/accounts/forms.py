"""The code forms of two-factor sign-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import Form


class CodeForm(Form):
    """Six digits from the authenticator app, or (``recovery``) one recovery code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("Mã 6 chữ số đang hiển thị trong ứng dụng xác thực trên điện thoại."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


class RecoveryCodeForm(Form):
    code = forms.CharField(
        label=_("Mã dự phòng"),
        max_length=32,
        help_text=_("Mỗi mã dự phòng chỉ dùng được một lần."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
