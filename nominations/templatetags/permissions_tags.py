"""``{% if user|may:"edit"|of:nomination %}``: templates ask nominations.permissions."""

from __future__ import annotations

from django import template

from nominations.permissions import may as ask

register = template.Library()


@register.filter
def may(user, action: str):
    return (user, action)


@register.filter(name="of")
def of(user_action, obj) -> bool:
    user, action = user_action
    return ask(user, action, obj)
