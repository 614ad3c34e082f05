from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortraitsConfig(AppConfig):
    name = "portraits"
    verbose_name = _("Portraits et données ouvertes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portraits import (
            cache,
            panels,  # noqa: F401
            panels_network,  # noqa: F401
            panels_recommendations,  # noqa: F401
        )

        cache.connect_signals()
