"""Search synonyms in Wagtail's admin, where knowledge editors already work.

Editors of the group « Éditeurs des savoirs » add, change and delete synonyms
(permissions given by migration 0004); searches use a change at once, since saving
or deleting a synonym empties the synonyms' cache (see SearchConfig.ready).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .analysis import terms
from .models import Synonym

UNSEARCHABLE = gettext_lazy(
    "« %(text)s » ne contient aucun mot cherchable : seulement des mots trop courants ou de la ponctuation."
)


class SynonymForm(WagtailAdminModelForm):
    """Refuses a term or an equivalent that the search could never match (« le », « ! »)."""

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        if not terms(term):
            raise forms.ValidationError(UNSEARCHABLE % {"text": term})
        return term

    def clean_equivalents(self) -> str:
        lines = [" ".join(line.split()) for line in self.cleaned_data["equivalents"].splitlines()]
        lines = [line for line in lines if line]
        unusable = [line for line in lines if not terms(line)]
        if unusable:
            raise forms.ValidationError(UNSEARCHABLE % {"text": unusable[0]})
        return "\n".join(lines)


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = gettext_lazy("Synonymes de recherche")
    menu_name = "search-synonyms"
    add_to_admin_menu = True
    menu_order = 500
    list_display = ["term", "equivalents", "updated_at"]
    list_per_page = 50
    ordering = ["term"]
    # A few hundred rows: the database's own filtering is enough, no search index needed.
    search_backend_name = None
    search_fields = ["term", "equivalents"]
    edit_handler = ObjectList([FieldPanel("term"), FieldPanel("equivalents")], base_form_class=SynonymForm)


register_snippet(SynonymViewSet)
