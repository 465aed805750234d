from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Hệ thống và tài khoản")

    def ready(self) -> None:
        from emulation import audit, page_cache

        audit.connect()
        page_cache.connect()
