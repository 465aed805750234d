"""Template helpers of the public site."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

from nominations.management.portraits import initials as _initials
from nominations.management.portraits import tone
from nominations.models import Nomination
from nominations.public.services import exemplar_url as _exemplar_url

register = template.Library()


@register.filter
def exemplar_url(nomination: Nomination) -> str:
    """``{{ e|exemplar_url }}`` → /guong-sang/12-ngo-thanh-thuy/"""
    return _exemplar_url(nomination)


@register.simple_tag
def page_query(query_string: str, number: int) -> str:
    """``?…&trang=N`` keeping the cleaned filters."""
    extra = urlencode({"trang": number})
    return f"?{query_string}&{extra}" if query_string else f"?{extra}"


@register.filter
def portrait_tone(full_name: str) -> int:
    """``tone-{{ name|portrait_tone }}``: the colour of the person's generated portrait."""
    return tone(full_name)


@register.filter
def initials(full_name: str) -> str:
    """ "Ngô Thanh Thủy" → "NT", as on the generated portraits."""
    return _initials(full_name)
