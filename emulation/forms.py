"""The one place where typed text is normalised: the base classes of every form of the
project, the admin's included.

Every text field (a ``forms.CharField`` or a subclass: e-mail, slug, URL …) gets its raw value
through :class:`NormalizedBoundField`, before the field cleans it: a ``Textarea`` field with
:func:`emulation.text.normalize_multiline` (paragraphs kept as "\\n"), any other with
:func:`emulation.text.normalize_line`. So "\\x00" is gone before Django's null-character
validator or PostgreSQL sees it, ``max_length`` counts what will be stored, and a form shown
again with its errors shows the normalised text. Two kinds of field are left as typed: a field
that does not strip (``strip=False``: passwords) and ``JSONField`` (its text is JSON).
"""

from __future__ import annotations

from typing import Any, Literal

from django import forms
from django.forms.boundfield import BoundField

from emulation.text import normalize_line, normalize_multiline

TextMode = Literal["line", "multiline"]


def text_mode(field: forms.Field) -> TextMode | None:
    """How a form field's raw value is normalised: ``"multiline"`` (a ``Textarea``),
    ``"line"`` (any other text field) or ``None`` (not text, a password, JSON)."""
    if not isinstance(field, forms.CharField) or isinstance(field, forms.JSONField):
        return None
    if not field.strip:
        return None
    return "multiline" if isinstance(field.widget, forms.Textarea) else "line"


def normalize_input(field: forms.Field, value: Any) -> Any:
    """``value`` as the field should receive it: a string normalised by :func:`text_mode`,
    anything else (None, a list, a file) unchanged."""
    mode = text_mode(field)
    if mode is None or not isinstance(value, str):
        return value
    return normalize_multiline(value) if mode == "multiline" else normalize_line(value)


class NormalizedBoundField(BoundField):
    """A bound field whose submitted data is normalised (``data`` feeds both ``clean`` and
    the value shown again)."""

    @property
    def data(self) -> Any:
        return normalize_input(self.field, super().data)


class NormalizedFormMixin:
    """Mixed into a ``BaseForm`` subclass: every bound field is a :class:`NormalizedBoundField`."""

    bound_field_class: type[BoundField] | None = NormalizedBoundField


class Form(NormalizedFormMixin, forms.Form):
    """Base of every plain form of the project."""


class ModelForm(NormalizedFormMixin, forms.ModelForm):
    """Base of every model form of the project, and the admin's form (``emulation.admin``)."""
