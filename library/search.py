"""How library items appear in the site-wide search, and the reuse counts of actions."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from search import registry
from search.registry import DocumentData
from search.service import Scope
from taxonomy.models import Theme

from .models import ItemKind, LearningPage, LibraryItem
from .text import html_to_text, item_path

for kind in ItemKind:
    registry.register_kind(kind.value, kind.label, "library")
registry.register_facet(
    "theme", _("Thème"), lambda: [(t.code, t.label) for t in Theme.objects.all()], order=30
)


def _default_sort(text: str) -> str:
    return "relevance" if text.strip() else "date"


#: The library's listing (/bibliotheque/ and /api/v1/library): the site's search kept to
#: the library's kinds, newest first without words.
SCOPE = Scope(
    kinds=[kind.value for kind in ItemKind],
    default_sort=_default_sort,
    suggest_when_empty=False,
    filename=_("bibliotheque"),
)


def item_document(item: LibraryItem) -> DocumentData | None:
    if not item.live:
        return None
    # A learning's sections live in its own table, joined by the source's queryset.
    try:
        learning = item.learningpage
    except LearningPage.DoesNotExist:
        learning = None
    sections = [item.body] + [getattr(learning, name, "") for name in LearningPage.SECTIONS if learning]
    facets = [f"system:{s.code}" for s in item.systems.all()]
    facets += [f"factor:{f.code}" for f in item.protective_factors.all()]
    facets += [f"theme:{t.code}" for t in item.themes.all()]
    facets += [f"region:{r.code}" for r in item.regions.all()]
    facets += [f"age:{a.code}" for a in item.age_periods.all()]
    return DocumentData(
        kind=item.kind,
        title=item.title,
        url=item_path(item),
        summary=item.summary,
        body=" ".join(html_to_text(text) for text in sections if text),
        language=item.locale.language_code,
        date=item.first_published_at,
        reuse_count=item.reuse_total,
        facets=facets,
    )


def _items():
    return (
        LibraryItem.objects.select_related("locale", "learningpage")
        .prefetch_related("systems", "protective_factors", "themes", "regions", "age_periods")
        .annotate(reuse_total=Count("reinvestments__partnership", distinct=True))
    )


registry.register_source("library", _items, item_document)

# Actions: how many partnerships reinvested each one (the plans app knows no reuse).
_plain_actions = registry.SOURCES["action"].queryset
registry.SOURCES["action"].queryset = lambda: _plain_actions().annotate(
    reuse_total=Count("reinvestments__partnership", distinct=True)
)
