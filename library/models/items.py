"""The library's content types, as Wagtail pages under /bibliotheque/."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from library.querysets import LibraryItemManager

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

#: Builders ``(request, page) -> dict`` of an item page's context. library/item_page.py
#: registers the page's own when the app loads, so that the model imports no module that
#: reads it (which would be an import circle).
ItemContext = Callable[[HttpRequest, "LibraryItem"], dict]
_ITEM_CONTEXT: list[ItemContext] = []


def register_item_context(builder: ItemContext) -> None:
    """Add what ``builder(request, page)`` returns to the context of every item page."""
    if builder not in _ITEM_CONTEXT:
        _ITEM_CONTEXT.append(builder)


class ItemKind(models.TextChoices):
    LEARNING = "apprentissage", _("Apprentissage")
    TOOL = "outil", _("Outil")
    PUBLICATION = "publication", _("Publication")
    DOSSIER = "dossier", _("Dossier")
    NEWS = "actualite", _("Actualité")


class PublicationKind(models.TextChoices):
    REPORT = "rapport", _("Rapport")
    EVALUATION = "evaluation", _("Évaluation")
    RESEARCH = "synthese", _("Synthèse de recherche")


class LibraryIndexPage(Page):
    """The root of the library in one language; items are its children."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "library.LearningPage",
        "library.ToolPage",
        "library.PublicationPage",
        "library.DossierPage",
        "library.NewsPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("bibliothèque")
        verbose_name_plural = _("bibliothèques")


class LibraryItem(Page):
    """What every library item shares: summary, body, tags, credits and sources."""

    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices, editable=False, db_index=True)
    summary = models.TextField(_("résumé"), max_length=1_000)
    body = RichTextField(_("texte"), blank=True, features=RICH_TEXT_FEATURES)
    published_on = models.DateField(_("date de publication"), null=True, blank=True, db_index=True)
    featured = models.BooleanField(_("à la une"), default=False, db_index=True)

    systems = ParentalManyToManyField(
        "taxonomy.System", blank=True, related_name="library_items", verbose_name=_("systèmes")
    )
    protective_factors = ParentalManyToManyField(
        "taxonomy.ProtectiveFactor",
        blank=True,
        related_name="library_items",
        verbose_name=_("facteurs de protection"),
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", blank=True, related_name="library_items", verbose_name=_("thèmes")
    )
    age_periods = ParentalManyToManyField(
        "taxonomy.AgePeriod", blank=True, related_name="library_items", verbose_name=_("périodes d'âge")
    )
    populations = ParentalManyToManyField(
        "taxonomy.Population", blank=True, related_name="library_items", verbose_name=_("populations")
    )
    action_types = ParentalManyToManyField(
        "taxonomy.ActionType", blank=True, related_name="library_items", verbose_name=_("types d'action")
    )
    regions = ParentalManyToManyField(
        "territories.Region", blank=True, related_name="library_items", verbose_name=_("régions")
    )
    organisations = ParentalManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="library_items",
        verbose_name=_("organisations autrices"),
    )
    partnerships = ParentalManyToManyField(
        "partners.Partnership",
        blank=True,
        related_name="library_items",
        verbose_name=_("regroupements auteurs"),
    )
    source_actions = ParentalManyToManyField(
        "plans.Action", blank=True, related_name="library_items", verbose_name=_("actions d'origine")
    )

    objects = LibraryItemManager()

    is_creatable = False
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types: list[str] = []
    item_kind = ""

    tag_panels = [
        MultiFieldPanel(
            [
                FieldPanel("systems"),
                FieldPanel("protective_factors"),
                FieldPanel("themes"),
                FieldPanel("age_periods"),
                FieldPanel("populations"),
                FieldPanel("action_types"),
                FieldPanel("regions"),
            ],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [FieldPanel("organisations"), FieldPanel("partnerships"), FieldPanel("source_actions")],
            heading=_("Auteurs et origine"),
        ),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("published_on"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("élément de la bibliothèque")
        verbose_name_plural = _("éléments de la bibliothèque")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for builder in _ITEM_CONTEXT:
            context.update(builder(request, self))
        return context

    def save(self, *args, **kwargs):
        # The kind is the concrete page type, stored here so that lists need no join.
        self.kind = self.item_kind or self.kind
        return super().save(*args, **kwargs)


class LearningPage(LibraryItem):
    """Un apprentissage: what was learned from an initiative, in structured sections."""

    item_kind = ItemKind.LEARNING
    context = RichTextField(_("contexte"), blank=True, features=RICH_TEXT_FEATURES)
    what_was_done = RichTextField(_("ce qui a été fait"), blank=True, features=RICH_TEXT_FEATURES)
    results = RichTextField(_("résultats"), blank=True, features=RICH_TEXT_FEATURES)
    success_conditions = RichTextField(_("conditions de succès"), blank=True, features=RICH_TEXT_FEATURES)
    challenges = RichTextField(_("défis"), blank=True, features=RICH_TEXT_FEATURES)
    reuse_advice = RichTextField(_("conseils pour réinvestir"), blank=True, features=RICH_TEXT_FEATURES)
    contacts = RichTextField(_("personnes-ressources"), blank=True, features=RICH_TEXT_FEATURES)

    SECTIONS = (
        "context",
        "what_was_done",
        "results",
        "success_conditions",
        "challenges",
        "reuse_advice",
        "contacts",
    )

    content_panels = (
        LibraryItem.content_panels + [FieldPanel(name) for name in SECTIONS] + LibraryItem.tag_panels
    )
    is_creatable = True
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("apprentissage")
        verbose_name_plural = _("apprentissages")


class ToolPage(LibraryItem):
    """Un outil: a guide, template or grid, with its files."""

    item_kind = ItemKind.TOOL
    content_panels = (
        LibraryItem.content_panels
        + [InlinePanel("documents", label=_("Fichiers"), min_num=0)]
        + LibraryItem.tag_panels
    )
    is_creatable = True
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("outil")
        verbose_name_plural = _("outils")


class ToolDocument(Orderable):
    """A file attached to a tool (PDF, DOCX, XLSX or image), served as a download."""

    page = ParentalKey(ToolPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("fichier")
    )
    title = models.CharField(_("titre du fichier"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("fichier de l'outil")
        verbose_name_plural = _("fichiers de l'outil")

    @property
    def label(self) -> str:
        return self.title or self.document.title


class PublicationPage(LibraryItem):
    """Une publication: a report, an evaluation or a research summary."""

    item_kind = ItemKind.PUBLICATION
    publication_kind = models.CharField(
        _("genre de publication"),
        max_length=20,
        choices=PublicationKind.choices,
        default=PublicationKind.REPORT,
    )
    authors = models.CharField(_("auteurs"), max_length=300, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    content_panels = (
        LibraryItem.content_panels
        + [FieldPanel("publication_kind"), FieldPanel("authors"), FieldPanel("document")]
        + LibraryItem.tag_panels
    )
    is_creatable = True
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")


class DossierPage(LibraryItem):
    """Un dossier: an ordered series of library items on one subject."""

    item_kind = ItemKind.DOSSIER
    content_panels = (
        LibraryItem.content_panels + [InlinePanel("parts", label=_("Parties"))] + LibraryItem.tag_panels
    )
    is_creatable = True
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")


class DossierPart(Orderable):
    """One part of a dossier, pointing to another library item."""

    page = ParentalKey(DossierPage, on_delete=models.CASCADE, related_name="parts")
    item = models.ForeignKey(
        LibraryItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("élément")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [FieldPanel("item"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("partie du dossier")
        verbose_name_plural = _("parties du dossier")


class NewsPage(LibraryItem):
    """Une actualité: news of the network."""

    item_kind = ItemKind.NEWS
    content_panels = LibraryItem.content_panels + LibraryItem.tag_panels
    is_creatable = True
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")


KIND_MODELS = {
    ItemKind.LEARNING: LearningPage,
    ItemKind.TOOL: ToolPage,
    ItemKind.PUBLICATION: PublicationPage,
    ItemKind.DOSSIER: DossierPage,
    ItemKind.NEWS: NewsPage,
}
