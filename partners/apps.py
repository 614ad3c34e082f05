from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Réseau des partenaires")

    def ready(self) -> None:
        from . import (
            personal_data,  # noqa: F401 - the person's section of the Loi 25 export
            search,  # noqa: F401 - registers what the site-wide search indexes
        )
