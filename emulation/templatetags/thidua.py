"""Template helpers: money in đồng, Vietnamese date lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from emulation import formats, once, site
from emulation.text import place_line as _place_line
from emulation.text import unit_phrase as _unit_phrase

register = template.Library()


@register.filter
def dong(amount: int | Decimal | str | None) -> str:
    """2340000 → "2.340.000 ₫" (emulation.formats.dong)."""
    return formats.dong(amount)


@register.filter
def dong_text(amount: int | Decimal | str | None) -> str:
    """2340000 → "2.340.000 đồng", in a document's text (emulation.formats.dong_text)."""
    return formats.dong_text(amount)


@register.filter
def date_line(day: dt.date | None, place: str = "") -> str:
    """ "Hà Nội, ngày 26 tháng 11 năm 2026"."""
    if not day:
        return ""
    # Decree 30/2020: a day below 10 and the months 1 and 2 take a leading zero.
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = _("ngày %(d)s tháng %(m)s năm %(y)d") % {"d": day_text, "m": month_text, "y": day.year}
    return f"{place}, {text}" if place else text


@register.filter
def join_dates(days: list[dt.date]) -> str:
    """``[date(2026, 3, 2), date(2026, 3, 5)]`` → ``"02/03/2026, 05/03/2026"``."""
    return ", ".join(f"{day:%d/%m/%Y}" for day in days)


@register.filter
def absolute(path: str) -> str:
    """ "/guong-sang/" → "https://thidua.example.vn/guong-sang/": on SITE_URL, never on the
    request's Host (emulation.site.absolute_url)."""
    return site.absolute_url(str(path)) if path else ""


@register.simple_tag(takes_context=True)
def once_field(context: template.Context) -> str:
    """The hidden one-time token of a form that creates something (emulation/once.py). The
    page is then never stored by the page cache: a stored copy would hand one token to two
    renderings, and the second form's post would pass for a replay of the first."""
    request = context.get("request")
    if request is not None:
        request.once_issued = True
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_token())


@register.simple_tag(takes_context=True)
def unit_label(context: template.Context) -> str:
    """The nominating unit's label as a page shows it ("Phường", or "Tổ dân phố" for a 2026
    ward): the authority's configuration in Vietnamese; in another interface language the
    translated default ("Ward"), since the configured label is Vietnamese only."""
    label = str(getattr(context.get("authority"), "unit_label", "") or "")
    if label and get_language() == "vi":
        return label
    return _("Phường")


@register.simple_tag(takes_context=True)
def unit_word(context: template.Context) -> str:
    """The nominating unit's label inside a sentence ("phường", "đơn vị"): the authority's
    configuration in Vietnamese, the translated default ("ward") in another language."""
    authority = context.get("authority")
    if authority is not None and get_language() == "vi":
        return str(authority.unit_word)
    return _("phường")


@register.simple_tag(takes_context=True)
def unit_named(context: template.Context, name: str) -> str:
    """A unit named in a sentence: "phường Cát Linh", "Tổ dân phố số 5" (``unit_phrase`` with
    the authority's label) in Vietnamese; the name alone in another language."""
    authority = context.get("authority")
    if authority is None:
        return str(name or "")
    return str(authority.unit_named(str(name or "")))


@register.filter
def unit_phrase(name: str, label: str) -> str:
    """``{{ unit.name|unit_phrase:authority.unit_word }}``: "phường Cát Linh", or the name
    alone when the label is generic (``emulation.text.unit_phrase``)."""
    return _unit_phrase(str(label or ""), str(name or ""))


@register.simple_tag
def place_line(*parts: str, ward: str = "", unit_label: str = "phường", said: str = "") -> str:
    """``emulation.text.place_line`` for templates: each place said once (escaped on output)."""
    return _place_line(*parts, ward=ward, unit_label=unit_label, said=said)
