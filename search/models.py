"""The search index: one row per searchable object, whatever app it comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Lanes of a FacetVector, each holding three facet values' counters (search.facets).
LANES = 40


class Document(models.Model):
    """A searchable object as the engine sees it: texts, facets and where it lives."""

    type = models.CharField(_("type"), max_length=20)
    kind = models.CharField(_("genre"), max_length=20, db_index=True)
    object_id = models.PositiveBigIntegerField(_("numéro de l'objet"))
    language = models.CharField(_("langue"), max_length=5, default="fr")
    title = models.CharField(_("titre"), max_length=300)
    summary = models.TextField(_("résumé"), blank=True)
    body = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True, db_index=True)
    reuse_count = models.PositiveIntegerField(_("réinvestissements"), default=0)
    # Null for public objects; otherwise only members of this partnership may find it.
    audience = models.PositiveBigIntegerField(_("réservé au regroupement"), null=True, blank=True)
    facets = models.TextField(_("facettes"), blank=True)

    class Meta:
        verbose_name = _("document indexé")
        verbose_name_plural = _("documents indexés")
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="search_document_unique_object"),
        ]
        indexes = [
            # Searches exclude the few reserved documents as one set, read from this index.
            models.Index(
                fields=["audience"],
                name="search_document_reserved",
                condition=models.Q(audience__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FacetValue(models.Model):
    """A facet value (« region:06 », « system:famille »), numbered once for every document.

    Documents point to it by number: counting facets groups small integers, not strings.
    """

    value = models.CharField(max_length=80, unique=True)
    # Its place in every document's FacetVector (see search.facets); null once the vector
    # is full, and such values are counted from DocumentFacet rows instead.
    slot = models.PositiveIntegerField(null=True, blank=True, unique=True)

    def __str__(self) -> str:
        return self.value


class DocumentFacet(models.Model):
    """One facet value of a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="facet_rows")
    facet = models.ForeignKey(FacetValue, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["facet", "document"], name="search_facet_value_doc")]
        constraints = [
            models.UniqueConstraint(fields=["document", "facet"], name="search_facet_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.facet_id}"


class RowNumberField(models.BigIntegerField):
    """A 64-bit key that SQLite keeps as the table's row number (« integer primary key »)."""

    def db_type(self, connection):
        # Only the exact type « integer » makes a primary key the rowid itself: a lookup by
        # it reads one B-tree instead of an index and then the table.
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class FacetVector(models.Model):
    """A document's facet values packed as counters: summing the vectors of the hits counts every value.

    Each value with a slot owns a 21-bit field of one lane (see search.facets): adding up
    a few lanes per hit replaces joining and grouping several DocumentFacet rows per hit.
    The narrow row (no text) is read by the document's number, next to the full-text
    match; search.index writes and deletes it with its document. It also carries what
    the ranking needs of every hit: its type (to mix the kinds of answer) and the number
    of its answer (search.analysis.collapse_number: the same action in many plans, the
    editions of a tool), so that neither reads the wide document row.
    """

    document_id = RowNumberField(primary_key=True)
    # Database defaults: rows written by plain SQL without them (migration 0007) stay valid.
    type = models.CharField(max_length=20, default="", db_default="")
    answer = models.BigIntegerField(default=0, db_default=0, db_index=True)

    def __str__(self) -> str:
        return str(self.document_id)


for _lane in range(LANES):
    FacetVector.add_to_class(f"lane{_lane}", models.BigIntegerField(default=0))


class Term(models.Model):
    """A word of the indexed texts (folded) and how many documents hold it: what typos are corrected to.

    search.index keeps it as it writes and deletes documents; search.vocabulary reads it.
    """

    word = models.CharField(max_length=40, primary_key=True)
    stem = models.CharField(max_length=40, db_index=True)
    documents = models.IntegerField(default=0)
    #: As first written, accents included: what « Vouliez-vous dire » shows.
    display = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.word


class TermKey(models.Model):
    """A word's beginning with up to two letters deleted (SymSpell): words sharing a key are near.

    A typed word's own keys, looked up in this table, give every word of the vocabulary
    within two edits of it without comparing it to the whole vocabulary.
    """

    key = models.CharField(max_length=7)
    word = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "word"], name="search_termkey_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.word}"


class Synonym(models.Model):
    """Words or phrases that mean the same thing in a search (« CPE » and its full name)."""

    term = models.CharField(
        _("terme"),
        max_length=120,
        unique=True,
        help_text=_("Le sigle ou le mot tapé, par exemple « CPE »."),
    )
    equivalents = models.TextField(
        _("équivalents"),
        help_text=_("Un équivalent par ligne, par exemple « centre de la petite enfance »."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def equivalent_list(self) -> list[str]:
        return [line.strip() for line in self.equivalents.splitlines() if line.strip()]


class SuggestionKey(models.Model):
    """One way into a suggestion while typing: its label's folded words from one word on.

    « Petite enfance et jeux » has the keys « petite enfance et jeux », « enfance et jeux »
    and « jeux » (no key starts at a stop word), so typing « petite enf » or « enf »
    finds it with one indexed prefix lookup (search.suggestions). Titles of indexed
    documents are written and deleted with their document; facet values (themes,
    protective factors) are written in each language when the reference data changes.
    """

    key = models.CharField(max_length=60)
    #: What the list is ordered by, smallest first: the label's start before a later word,
    #: then the most reinvested, then the shortest (search.suggestions.rank).
    rank = models.BigIntegerField(default=0)
    #: "" for a document (found whatever the page's language), else the label's language.
    language = models.CharField(max_length=5, blank=True, default="")
    # Null for public documents; otherwise only members of this partnership may see it.
    audience = models.PositiveBigIntegerField(null=True, blank=True)
    #: A document's type (library, organisation, partnership) or a facet's name (theme, factor).
    source = models.CharField(max_length=20)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    #: A facet value's code; "" for a document.
    code = models.CharField(max_length=80, blank=True, default="")
    label = models.CharField(max_length=300)
    #: A document's address as indexed; "" for a facet value (its search is built when shown).
    url = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        indexes = [
            # The prefix lookup and its order read this index alone; PostgreSQL needs the
            # pattern operator class to use it for LIKE 'abc%' outside the C locale.
            models.Index(
                fields=["key", "rank", "language", "audience"],
                name="search_suggestion_prefix",
                opclasses=["varchar_pattern_ops", "int8_ops", "varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["document"], name="search_suggestion_document"),
            models.Index(fields=["source", "code"], name="search_suggestion_facet"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.label}"
