from typing import Any

from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Hệ thống và tài khoản")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from emulation import audit, checks, page_cache  # noqa: F401 (checks registers)

        audit.connect()
        page_cache.connect()
        user_logged_in.connect(_note_two_factor, dispatch_uid="thidua-two-factor-login")


def _note_two_factor(sender: object, request: Any, user: Any, **kwargs: Any) -> None:
    """At each login: remember in the session whether the user enrolled in two-factor sign-in
    (emulation.accounts.services.note_login)."""
    if request is not None and hasattr(request, "session"):
        from emulation.accounts import services

        services.note_login(request, user)


class AxesConfig(axes_apps.AppConfig):
    """django-axes (login throttling) under a name of ours in the admin: it has none to
    translate (its label, "Axes"). Its models' names are in locale/vi. Named in
    INSTALLED_APPS; never the default configuration of this module (EmulationConfig is)."""

    default = False
    verbose_name = _("Đăng nhập sai và khóa tài khoản")
