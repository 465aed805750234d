"""``{% if user|may:"edit"|of:nomination %}``: templates ask nominations.permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from nominations.permissions import may as ask

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from emulation.models import User

register = template.Library()


@register.filter
def may(user: User | AnonymousUser, action: str) -> tuple[User | AnonymousUser, str]:
    return (user, action)


@register.filter(name="of")
def of(user_action: tuple[User | AnonymousUser, str], obj: object) -> bool:
    user, action = user_action
    return ask(user, action, obj)
