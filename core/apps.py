from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from core import pagecache
        from core.ids import IdConverter

        pagecache.connect_signals()

        # core is the first installed app: « <id:…> » is known before any URL module loads.
        register_converter(IdConverter, "id")
