"""The search service: what the search page, the library's listing and the API all call.

A request is read and validated (``read_criteria``: unknown values are a French 400),
run through ``search.query.search`` with the requester's audience, and shaped for the
templates (``build_page``): hits with their kind, address and language, facets with
their counts, the active filters with a link that removes each one, pagination. A
download (``?format=csv|xlsx``) runs the same search without pagination.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext, override
from django.utils.translation import gettext as _

from core.exports import Sheet, export_response
from core.facets import Facet, FacetOption
from core.http import InvalidRequest, NotFound
from core.listing import page_number, page_of

from . import registry
from .analysis import collapse_key
from .forms import SORT_LABELS, SearchForm, is_truncated
from .query import Hit, Results, search

PER_PAGE = 20
#: The most rows a download holds; the engine pages them in one query.
EXPORT_LIMIT = 5_000
#: Offsets are capped here: no list is that long, and databases refuse huge integers.
MAX_OFFSET = 2**31

LANGUAGE_LABELS = {"fr": gettext_lazy("En français"), "en": gettext_lazy("En anglais")}
EXPORT_LANGUAGES = {"fr": gettext_lazy("français"), "en": gettext_lazy("anglais")}

# Searches that people of the network often type (content words, kept in French:
# the library is written in French).
SUGGESTED_QUERIES = [
    "éveil à la lecture",
    "halte-garderie",
    "CPE",
    "transition scolaire",
    "soutien aux parents",
    "engagement des pères",
]


@dataclass
class Scope:
    """What a page searches: some kinds or all, its default order, its empty state."""

    kinds: list[str] | None = None
    #: Order when none is asked: f(words typed) -> sort.
    default_sort: Callable[[str], str] = lambda text: "relevance"
    #: Without words nor filter, show suggestions instead of every document.
    suggest_when_empty: bool = True
    filename: str = ""


@dataclass
class Criteria:
    """A validated request: words, facet values, order and page number."""

    text: str
    filters: dict[str, list[str]]
    sort: str
    page: int
    form: SearchForm
    specs: list[registry.FacetSpec]
    truncated: bool = False
    #: One answer's copies only (a collapse key), or "".
    group: str = ""

    @property
    def asked(self) -> bool:
        return bool(self.text.strip() or self.filters or self.group)


@dataclass
class HitView:
    """One result as the page shows it."""

    hit: Hit
    kind_label: str
    url: str
    #: « En anglais » when the document is not in the page's language.
    language_label: str = ""
    #: Names of who is credited (authoring organisations of a library item).
    credits: list[str] = field(default_factory=list)
    #: The query string listing every copy of this answer (« dans 14 plans d'action »), if several.
    group_query: str = ""

    @property
    def document(self):
        return self.hit.document

    @property
    def copies(self) -> int:
        return self.hit.copies

    @property
    def copies_label(self) -> str:
        """How many documents this answer stands for, in the words of its type."""
        n = self.hit.copies
        if self.document.type == "action":
            return ngettext("dans %(count)s plan d'action", "dans %(count)s plans d'action", n) % {"count": n}
        if self.document.type == "library":
            return ngettext("%(count)s version", "%(count)s versions", n) % {"count": n}
        return ngettext("%(count)s résultat semblable", "%(count)s résultats semblables", n) % {"count": n}


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_query: str


@dataclass
class SearchPage:
    criteria: Criteria
    results: Results | None
    hits: list[HitView]
    facets: list[Facet]
    page: Page | None
    active_filters: list[ActiveFilter]
    sorts: list[tuple[str, str, bool]]
    query_without_page: str
    download_query: str
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    browse_themes: list[tuple[str, str]] = field(default_factory=list)
    #: The query string of « Vouliez-vous dire », when the words have a better spelling.
    spelling_query: str = ""

    @property
    def spelling(self) -> str:
        """The words typed with a better spelling (« allaitement »), or ""."""
        return self.results.suggestion if self.results else ""

    @property
    def corrected(self) -> bool:
        """Nothing matched the words typed: the results are those of the better spelling."""
        return bool(self.results and self.results.corrected)

    @property
    def count(self) -> int:
        return self.results.count if self.results else 0

    @property
    def unusable_query(self) -> bool:
        return bool(self.results and self.results.unusable_query)

    @property
    def asked(self) -> bool:
        return self.criteria.asked

    @property
    def text(self) -> str:
        return self.criteria.text

    @property
    def export_limit(self) -> int:
        return EXPORT_LIMIT

    @property
    def show_counts(self) -> bool:
        return self.results is not None and not self.unusable_query


# Reading the request ----------------------------------------------------------------------


class InvalidSearch(InvalidRequest):
    """A French 400 that also lists each parameter in error (for the API)."""

    def __init__(self, form: SearchForm) -> None:
        super().__init__(" ".join(form.error_sentences()))
        self.errors = [
            {"field": name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]


def read_criteria(data: QueryDict, scope: Scope) -> Criteria:
    """Validate the parameters; anything unknown is a French 400 naming the parameter."""
    specs = registry.facet_specs()
    form = SearchForm(data, specs=specs, kinds=scope.kinds)
    if not form.is_valid():
        raise InvalidSearch(form)
    text = form.cleaned_data["q"] or ""
    sort = form.cleaned_data["sort"] or scope.default_sort(text)
    return Criteria(
        text=text,
        filters=form.filters(),
        sort=sort,
        page=page_number(data.get("page", "1")),
        form=form,
        specs=specs,
        truncated=is_truncated(text),
        group=form.cleaned_data.get("group") or "",
    )


def engine_filters(criteria: Criteria, scope: Scope) -> dict[str, list[str]]:
    """The filters as the engine takes them: a page limited to some kinds keeps to them."""
    filters = dict(criteria.filters)
    if scope.kinds is not None and not filters.get("type"):
        filters["type"] = list(scope.kinds)
    return filters


def run(
    request: HttpRequest,
    criteria: Criteria,
    scope: Scope,
    *,
    offset: int,
    limit: int,
    facets: bool = True,
    highlight: bool = True,
) -> Results:
    """The search as the requester may see it (members-only actions of their partnerships).

    Across every type, in relevance order, each type's best answers come first.
    """
    audience = registry.audience_of(request.user)
    filters = engine_filters(criteria, scope)
    return search(
        criteria.text,
        filters=filters,
        sort=criteria.sort,
        offset=min(offset, MAX_OFFSET),
        limit=limit,
        partnership_ids=audience or (),
        everyone=audience is None,
        facet_names=[spec.name for spec in criteria.specs] if facets else (),
        highlight_hits=highlight,
        group=criteria.group,
        suggest=True,
        interleave=bool(criteria.text.strip()) and criteria.sort == "relevance" and not filters.get("type"),
    )


# Shaping the page -------------------------------------------------------------------------


def page_url(document) -> str:
    """The document's address in the page's language.

    Django's pages exist in every language (« /en/… » in English); Wagtail's pages
    (library items) exist in one language at their own address, kept as indexed.
    """
    language = get_language() or settings.LANGUAGE_CODE
    url = document.url
    if language == settings.LANGUAGE_CODE or url.startswith(f"/{language}/"):
        return url
    with override(settings.LANGUAGE_CODE):
        try:
            match = resolve(url)
        except Resolver404:
            return url
    if getattr(match.func, "__module__", "").startswith("wagtail."):
        return url
    return f"/{language}{url}"


def hit_views(hits: Iterable[Hit]) -> list[HitView]:
    """The hits as the page shows them."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    views = []
    for hit in hits:
        kind = registry.KINDS.get(hit.document.kind)
        views.append(
            HitView(
                hit=hit,
                kind_label=str(kind.label) if kind else hit.document.kind,
                url=page_url(hit.document),
                language_label=(
                    str(LANGUAGE_LABELS.get(hit.document.language, hit.document.language))
                    if hit.document.language != language
                    else ""
                ),
                group_query=group_query(hit) if hit.copies > 1 else "",
            )
        )
    return views


def group_query(hit: Hit) -> str:
    """The query string listing every copy of this answer (what its « dans 14 plans » counts)."""
    params = QueryDict(mutable=True)
    params["group"] = collapse_key(hit.document.type, hit.document.title)
    return params.urlencode()


def _spelling_query(data: QueryDict, spelling: str) -> str:
    params = data.copy()
    for key in ("page", "format", "group"):
        params.pop(key, None)
    params["q"] = spelling
    return params.urlencode()


def _without(data: QueryDict, name: str, value: str | None = None) -> str:
    """The query string without one value of ``name`` (or all of them), page and format."""
    params = data.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    if value is None:
        params.pop(name, None)
    else:
        params.setlist(name, [v for v in params.getlist(name) if v != value])
    return params.urlencode()


def facets_of(criteria: Criteria, results: Results | None) -> list[Facet]:
    """Every facet with each of its values, its count and whether it is ticked."""
    counts = results.facet_counts if results else {}
    facets = []
    for name in criteria.form.facet_names:
        form_field = criteria.form.fields[name]
        selected = set(criteria.filters.get(name, ()))
        options = [
            FacetOption(
                value=value, label=label, count=counts.get(name, {}).get(value, 0), selected=value in selected
            )
            for value, label in criteria.form.facet_choices[name]
        ]
        facets.append(Facet(name=name, label=str(form_field.label), options=options))
    return facets


def _active_filters(data: QueryDict, criteria: Criteria, hits: list[HitView]) -> list[ActiveFilter]:
    active = []
    if criteria.text.strip():
        active.append(ActiveFilter(_("Mots"), criteria.text[:80], _without(data, "q")))
    if criteria.group:
        # The copies share their title: the first one names them.
        title = hits[0].document.title if hits else criteria.group.partition(":")[2]
        label = str(criteria.form.fields["group"].label)
        active.append(ActiveFilter(label, title[:80], _without(data, "group")))
    for name, values in criteria.filters.items():
        form_field = criteria.form.fields[name]
        labels = dict(criteria.form.facet_choices[name])
        for value in values:
            active.append(
                ActiveFilter(
                    str(form_field.label), str(labels.get(value, value)), _without(data, name, value)
                )
            )
    return active


def _paginate(count: int, number: int) -> Page:
    # A range stands for the results: the paginator only needs their number.
    return page_of(Paginator(range(count), PER_PAGE), number)


def build_page(request: HttpRequest, scope: Scope, criteria: Criteria | None = None) -> SearchPage:
    """Everything a search page shows, in a constant number of queries."""
    criteria = criteria or read_criteria(request.GET, scope)
    results = None
    page = None
    hits: list[HitView] = []
    if criteria.asked or not scope.suggest_when_empty:
        results = run(request, criteria, scope, offset=(criteria.page - 1) * PER_PAGE, limit=PER_PAGE)
        if not results.unusable_query:
            page = _paginate(results.count, criteria.page)
            hits = hit_views(results.hits)
    elif criteria.page != 1:
        raise NotFound(_("La page %(page)s n'existe pas.") % {"page": criteria.page})
    params = request.GET.copy()
    params.pop("page", None)
    search_page = SearchPage(
        criteria=criteria,
        results=results,
        hits=hits,
        facets=facets_of(criteria, results),
        page=page,
        active_filters=_active_filters(request.GET, criteria, hits),
        sorts=[(value, str(SORT_LABELS[value]), value == criteria.sort) for value in SORT_LABELS],
        query_without_page=params.urlencode(),
        download_query=_without(request.GET, "format"),
    )
    if results is not None and results.suggestion:
        search_page.spelling_query = _spelling_query(request.GET, results.suggestion)
    if not criteria.asked and scope.suggest_when_empty:
        search_page.suggestions = [(text, _query("q", text)) for text in SUGGESTED_QUERIES]
        theme_choices = criteria.form.facet_choices.get("theme")
        if theme_choices is not None:
            search_page.browse_themes = [(label, _query("theme", value)) for value, label in theme_choices]
    return search_page


def _query(name: str, value: str) -> str:
    params = QueryDict(mutable=True)
    params[name] = value
    return params.urlencode()


# Downloads ---------------------------------------------------------------------------------


def export(
    request: HttpRequest, scope: Scope, export_format: str, criteria: Criteria | None = None
) -> HttpResponse:
    """Every matching document (up to EXPORT_LIMIT) as CSV or XLSX, in the page's order."""
    criteria = criteria or read_criteria(request.GET, scope)
    results = run(request, criteria, scope, offset=0, limit=EXPORT_LIMIT, facets=False, highlight=False)

    def rows():
        for view in hit_views(results.hits):
            document = view.document
            yield [
                view.kind_label,
                document.title,
                document.summary,
                timezone.localtime(document.date).date() if document.date else None,
                str(EXPORT_LANGUAGES.get(document.language, document.language)),
                document.reuse_count,
                request.build_absolute_uri(view.url),
            ]

    sheet = Sheet(
        title=_("Résultats"),
        headers=[
            _("Type"),
            _("Titre"),
            _("Résumé"),
            _("Date"),
            _("Langue"),
            _("Réinvestissements"),
            _("Adresse"),
        ],
        rows=rows(),
    )
    return export_response(export_format, scope.filename or _("recherche"), [sheet])
