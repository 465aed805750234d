from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Hồ sơ và khen thưởng")

    def ready(self) -> None:
        from nominations import consent

        consent.connect()
