from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search engine: French analysis, the index and the query; no domain model."""

    name = "search"
    verbose_name = _("Recherche")

    def ready(self) -> None:
        from .models import Synonym
        from .query import forget_synonyms

        # Editors change synonyms in the admin; searches must see them at once.
        def synonyms_changed(**kwargs) -> None:
            forget_synonyms()

        # weak=False: the receiver is a local function, which a weak reference would lose at once.
        post_save.connect(synonyms_changed, sender=Synonym, weak=False, dispatch_uid="search-synonyms-saved")
        post_delete.connect(
            synonyms_changed, sender=Synonym, weak=False, dispatch_uid="search-synonyms-deleted"
        )
