from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search engine: French analysis, the index and the query; no domain model."""

    name = "search"
    verbose_name = _("Recherche")

    def ready(self) -> None:
        from .models import SuggestionKey, Synonym
        from .query import forget_synonyms

        # Editors change synonyms in the admin; searches must see them at once.
        def synonyms_changed(**kwargs) -> None:
            forget_synonyms()

        # weak=False: the receiver is a local function, which a weak reference would lose at once.
        post_save.connect(synonyms_changed, sender=Synonym, weak=False, dispatch_uid="search-synonyms-saved")
        post_delete.connect(
            synonyms_changed, sender=Synonym, weak=False, dispatch_uid="search-synonyms-deleted"
        )

        # The themes and protective factors offered while typing are reference data, edited
        # in the admin and loaded by migrations: written again after either.
        from core.models import ReferenceItem

        from . import suggestions

        def reference_changed(sender, raw=False, **kwargs) -> None:
            # Rows loaded as they are (fixtures, a test's restored database) bring their own keys.
            if issubclass(sender, ReferenceItem) and not raw:
                suggestions.refresh_facets()

        def migrated(using="default", **kwargs) -> None:
            # Not when the search app is migrated back before its suggestions existed.
            if SuggestionKey._meta.db_table in connections[using].introspection.table_names():
                suggestions.refresh_facets()

        post_save.connect(reference_changed, weak=False, dispatch_uid="search-reference-saved")
        post_delete.connect(reference_changed, weak=False, dispatch_uid="search-reference-deleted")
        post_migrate.connect(migrated, sender=self, weak=False, dispatch_uid="search-suggestions-migrated")
