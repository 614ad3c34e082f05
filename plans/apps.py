from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans d'action")

    def ready(self) -> None:
        from . import (
            panels,  # noqa: F401 - the partnership page's links to its plans
            personal_data,  # noqa: F401 - the person's section of the Loi 25 export
            search,  # noqa: F401 - registers what the site-wide search indexes
        )
