"""FastSelect renders what Django's template-based Select renders, escaping included."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from emulation.widgets import FastSelect

CHOICES = [("", "Tất cả"), ("a", "Ánh <Sáng>"), ("b", 'Bình "Minh" & Co')]


@pytest.mark.parametrize("value", [None, "", "a", "b", "không có"])
def test_same_html_as_django_select(value):
    attrs = {"class": "form-select", "id": "id_x", "aria-label": "Lọc <x>"}
    ours = FastSelect(attrs=attrs, choices=CHOICES).render("x", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    assert parse_html(ours) == parse_html(django)


def test_groups_and_escaping():
    choices = [("Nhóm <1>", [("1", "Một"), ("2", "<b>Hai</b>")]), ("3", "Ba")]
    ours = FastSelect(choices=choices).render("n", "2")
    assert parse_html(ours) == parse_html(forms.Select(choices=choices).render("n", "2"))
    assert "<b>" not in ours
    assert '<option value="2" selected>&lt;b&gt;Hai&lt;/b&gt;</option>' in ours


@pytest.mark.django_db
def test_model_choices(ward, other_ward):
    from emulation.models import Ward

    field = forms.ModelChoiceField(
        Ward.objects.order_by("name"), widget=FastSelect, empty_label="Tất cả phường"
    )
    html = field.widget.render("ward", ward.pk)
    assert html == (
        f'<select name="ward"><option value="">Tất cả phường</option>'
        f'<option value="{ward.pk}" selected>Cát Linh</option>'
        f'<option value="{other_ward.pk}">Thịnh Quang</option></select>'
    )
