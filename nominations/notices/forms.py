"""The account page's choice of e-mail per notice kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from emulation.forms import Form
from emulation.models import User
from nominations.models import NoticeKind
from nominations.notices import services


class EmailChoicesForm(Form):
    """One tick per kind the user can receive: ticked, the kind also comes by e-mail."""

    email = forms.MultipleChoiceField(
        label=gettext_lazy("Nhận thêm qua thư điện tử"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(NoticeKind.choices)
        field = self.fields["email"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kind, labels[kind]) for kind in services.kinds_for(user)]
        if not self.is_bound:
            self.initial["email"] = [k for k, on in services.email_choices(user).items() if on]
