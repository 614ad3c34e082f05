from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The shared library: learnings, tools, publications, reuse and appropriation."""

    name = "library"
    verbose_name = _("Bibliothèque")

    def ready(self) -> None:
        from . import (  # noqa: F401 - registers index sources, page hooks, panels
            item_page,  # noqa: F401 - the context of the item pages
            panels,
            panels_appropriation,  # noqa: F401 - following a partnership from its page
            panels_valorisation,  # noqa: F401 - contributions on the partners' pages
            personal_data,  # noqa: F401 - the person's section of the Loi 25 export
            search,
            signals,
        )
