from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The shared library: learnings, tools, publications, reuse and appropriation."""

    name = "library"
    verbose_name = _("Bibliothèque")

    def ready(self) -> None:
        from . import search, signals  # noqa: F401 - registers the index sources and page hooks
