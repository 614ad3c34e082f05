"""The form people fill in on the site to propose a library item, or to change it when asked.

One form class whose fields depend on the kind chosen first (a learning has its sections,
a tool its files, a publication its genre, authors and document, a dossier its parts).
The same form validates the API's submissions, so that both answer the same errors.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ids import IdMultipleChoiceField
from library.actions.submission import (
    check_credits,
    check_files,
    creditable_actions,
    creditable_organisations,
    creditable_partnerships,
    to_editable_text,
    to_rich_text,
)
from library.models import LibraryItem
from library.models.items import ItemKind, LearningPage, PublicationKind
from library.uploads import ACCEPT
from partners.models import Partnership
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System, Theme
from territories.models import Region

#: Long enough for a detailed learning, short enough that nobody pastes a book.
MAX_TEXT = 50_000
MAX_PARTS = 30

TAG_MODELS = {
    "systems": (System, gettext_lazy("Systèmes")),
    "protective_factors": (ProtectiveFactor, gettext_lazy("Facteurs de protection")),
    "themes": (Theme, gettext_lazy("Thèmes")),
    "age_periods": (AgePeriod, gettext_lazy("Périodes d'âge")),
    "populations": (Population, gettext_lazy("Populations")),
    "action_types": (ActionType, gettext_lazy("Types d'action")),
    "regions": (Region, gettext_lazy("Régions")),
}

SECTION_HELP = {
    "context": gettext_lazy("Le territoire, les besoins, ce qui a motivé l'initiative."),
    "what_was_done": gettext_lazy("Les activités, qui les a menées, avec quels moyens."),
    "results": gettext_lazy("Ce qui a changé pour les tout-petits, les familles ou les partenaires."),
    "success_conditions": gettext_lazy("Ce qui a rendu la réussite possible."),
    "challenges": gettext_lazy("Les difficultés rencontrées et comment elles ont été surmontées."),
    "reuse_advice": gettext_lazy("Ce qu'un autre regroupement devrait savoir pour s'en inspirer."),
    "contacts": gettext_lazy("Qui joindre pour en savoir plus (nom, organisation, courriel)."),
}

RICH_TEXT_HELP = gettext_lazy(
    "Du texte simple : une ligne vide sépare les paragraphes. Le HTML simple est aussi accepté "
    "(titres, gras, listes, liens) ; le reste est retiré."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned as a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActionChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(action)s (plan « %(plan)s »)") % {"action": obj.title, "plan": obj.plan.title}


def _rich_textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SubmissionForm(forms.Form):
    """A proposed item of one kind, with its tags, credits and files."""

    title = forms.CharField(
        label=gettext_lazy("Titre"),
        max_length=255,
        error_messages={"required": gettext_lazy("Inscrivez un titre.")},
    )
    summary = forms.CharField(
        label=gettext_lazy("Résumé"),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Deux ou trois phrases, montrées dans les listes et les résultats de recherche."
        ),
        error_messages={"required": gettext_lazy("Inscrivez un résumé.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Texte"),
        required=False,
        max_length=MAX_TEXT,
        widget=_rich_textarea(10),
        help_text=RICH_TEXT_HELP,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        kind: str,
        editing: LibraryItem | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        if editing is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = initial_from(editing)
        super().__init__(*args, **kwargs)
        self.user = user
        self.kind = kind
        self.editing = editing
        if editing is None:
            self.fields["language"] = forms.ChoiceField(
                label=gettext_lazy("Langue du contenu"),
                choices=settings.LANGUAGES,
                widget=forms.RadioSelect,
                initial=self.initial.get("language") or "fr",
                help_text=gettext_lazy("La bibliothèque française ou anglaise."),
            )
        self._add_kind_fields()
        self._add_tag_fields()
        self._add_credit_fields()

    # Fields ---------------------------------------------------------------------------------

    def _add_kind_fields(self) -> None:
        if self.kind == ItemKind.LEARNING:
            self.fields["body"].label = gettext_lazy("En bref")
            self.fields["body"].widget.attrs["rows"] = 5
            for name in LearningPage.SECTIONS:
                model_field = LearningPage._meta.get_field(name)
                self.fields[name] = forms.CharField(
                    label=capfirst(model_field.verbose_name),
                    required=False,
                    max_length=MAX_TEXT,
                    widget=_rich_textarea(),
                    help_text=SECTION_HELP[name],
                )
        elif self.kind == ItemKind.NEWS:
            self.fields["body"].required = True
            self.fields["body"].error_messages["required"] = _("Inscrivez le texte de l'actualité.")
        elif self.kind == ItemKind.TOOL:
            self.fields["files"] = MultipleFileField(
                label=gettext_lazy("Fichiers de l'outil"),
                required=False,
                widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                help_text=gettext_lazy(
                    "PDF, Word (DOCX), Excel (XLSX), image PNG ou JPEG ; 20 Mo au plus par fichier. "
                    "Vous pouvez en choisir plusieurs."
                ),
            )
            if self.editing is not None:
                current = [(row.document_id, row.label) for row in self.editing.documents.all()]
                if current:
                    self.fields["remove_documents"] = forms.TypedMultipleChoiceField(
                        label=gettext_lazy("Fichiers à retirer"),
                        choices=current,
                        coerce=int,
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
        elif self.kind == ItemKind.PUBLICATION:
            self.fields["publication_kind"] = forms.ChoiceField(
                label=gettext_lazy("Genre de publication"),
                choices=PublicationKind.choices,
                initial=PublicationKind.REPORT,
            )
            self.fields["authors"] = forms.CharField(
                label=gettext_lazy("Auteurs"),
                max_length=300,
                required=False,
                help_text=gettext_lazy("Les personnes ou les organisations qui signent la publication."),
            )
            self.fields["document"] = forms.FileField(
                label=gettext_lazy("Document"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                help_text=(
                    gettext_lazy("Choisissez un fichier seulement pour remplacer le document actuel.")
                    if self.editing is not None
                    else gettext_lazy("PDF, Word (DOCX), Excel (XLSX), image PNG ou JPEG ; 20 Mo au plus.")
                ),
            )
        elif self.kind == ItemKind.DOSSIER:
            self.fields["parts"] = forms.CharField(
                label=gettext_lazy("Parties du dossier"),
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=gettext_lazy(
                    "L'adresse de chaque élément publié de la bibliothèque, une par ligne, dans l'ordre "
                    "de lecture (par exemple /bibliotheque/ateliers-d-eveil/)."
                ),
                error_messages={"required": gettext_lazy("Indiquez au moins une partie.")},
            )

    def _add_tag_fields(self) -> None:
        for name, (model, label) in TAG_MODELS.items():
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=label,
                queryset=model.objects.all(),
                to_field_name="code",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("« %(value)s » ne fait pas partie des choix.")},
            )

    def _add_credit_fields(self) -> None:
        organisations = creditable_organisations(self.user)
        partnerships = creditable_partnerships(self.user)
        self.fields["organisations"] = IdMultipleChoiceField(
            label=gettext_lazy("Partenaires auteurs"),
            queryset=organisations,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("Les organisations pour lesquelles vous travaillez."),
            error_messages={"invalid_choice": _("« %(value)s » ne fait pas partie de vos partenaires.")},
        )
        self.fields["partnerships"] = IdMultipleChoiceField(
            label=gettext_lazy("Regroupements auteurs"),
            queryset=partnerships,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy(
                "Les regroupements que vous coordonnez ou dont votre organisation est membre."
            ),
            error_messages={"invalid_choice": _("« %(value)s » ne fait pas partie de vos regroupements.")},
        )
        self.fields["source_actions"] = ActionChoiceField(
            label=gettext_lazy("Actions d'origine"),
            queryset=creditable_actions(self.user),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("Les actions de vos plans d'où vient ce contenu, s'il y a lieu."),
            error_messages={
                "invalid_choice": _("« %(value)s » ne fait pas partie des actions de vos plans.")
            },
        )
        if self.editing is None and not self.is_bound:
            # By default the item is credited to the person's organisations, or to the
            # partnerships they coordinate when they work for none.
            self.fields["organisations"].initial = list(organisations.values_list("pk", flat=True))
            if not self.fields["organisations"].initial:
                self.fields["partnerships"].initial = list(
                    Partnership.objects.filter(coordinators=self.user).values_list("pk", flat=True)
                )

    # Groups shown as sections of the page ------------------------------------------------------

    def groups(self) -> list[dict[str, Any]]:
        content = ["language", "title", "summary", "body", "publication_kind", "authors", "parts"]
        groups = [
            {"legend": _("Le contenu"), "fields": [self[n] for n in content if n in self.fields]},
        ]
        if self.kind == ItemKind.LEARNING:
            groups.append(
                {
                    "legend": _("Les sections de l'apprentissage"),
                    "help": _(
                        "Remplissez au moins une section ; les sections vides ne seront pas affichées."
                    ),
                    "fields": [self[n] for n in LearningPage.SECTIONS],
                }
            )
        files = [self[n] for n in ("files", "remove_documents", "document") if n in self.fields]
        if files:
            groups.append({"legend": _("Fichiers"), "fields": files, "files": True})
        groups.append({"legend": _("Classement"), "fields": [self[n] for n in TAG_MODELS]})
        groups.append(
            {
                "legend": _("Auteurs et origine"),
                "fields": [self[n] for n in ("organisations", "partnerships", "source_actions")],
            }
        )
        return groups

    # Validation --------------------------------------------------------------------------------

    def _clean_rich(self, name: str) -> str:
        return to_rich_text(self.cleaned_data.get(name, ""))

    def clean_body(self) -> str:
        return self._clean_rich("body")

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not any(character.isalnum() for character in title):
            raise ValidationError(_("Le titre doit contenir des lettres ou des chiffres."))
        return title

    def clean_summary(self) -> str:
        return self.cleaned_data["summary"].strip()

    def clean_parts(self) -> list[LibraryItem]:
        lines = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        if len(lines) > MAX_PARTS:
            raise ValidationError(_("Un dossier compte au plus %(max)s parties.") % {"max": MAX_PARTS})
        # Each line is an item's address, or its number (as the API gives them).
        wanted = [(line, int(line) if line.isdigit() else _slug_and_language(line)) for line in lines]
        condition = Q(pk__in=[key for _line, key in wanted if isinstance(key, int)])
        for _line, key in wanted:
            if isinstance(key, tuple):
                condition |= Q(slug=key[0], locale__language_code=key[1])
        items: dict[Any, LibraryItem] = {}
        for item in LibraryItem.objects.published().select_related("locale").filter(condition):
            items[item.pk] = item
            items[(item.slug, item.locale.language_code)] = item
        found, unknown = [], []
        for line, key in wanted:
            item = items.get(key) if key is not None else None
            if item is None:
                unknown.append(line)
            elif item not in found:
                found.append(item)
        if unknown:
            raise ValidationError(
                _("Aucun élément publié de la bibliothèque à ces adresses : %(lines)s.")
                % {"lines": ", ".join(unknown)}
            )
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.kind == ItemKind.LEARNING:
            for name in LearningPage.SECTIONS:
                if name in cleaned:
                    cleaned[name] = self._clean_rich(name)
            if not any(cleaned.get(name) for name in LearningPage.SECTIONS) and not self.has_error(
                LearningPage.SECTIONS[0]
            ):
                self.add_error(
                    LearningPage.SECTIONS[0],
                    _("Remplissez au moins une section de l'apprentissage."),
                )
        if not any(self.has_error(n) for n in ("organisations", "partnerships", "source_actions")):
            try:
                check_credits(self.user, cleaned)
            except ValidationError as error:
                self.add_error(None, error)
        self._check_files(cleaned)
        return cleaned

    def _check_files(self, cleaned: dict[str, Any]) -> None:
        if self.kind == ItemKind.TOOL and not self.has_error("files"):
            files = cleaned.get("files") or []
            remaining = (
                len(self.editing.documents.all()) - len(cleaned.get("remove_documents") or [])
                if self.editing is not None
                else 0
            )
            if not files and remaining <= 0:
                self.add_error("files", _("Joignez au moins un fichier à l'outil."))
                return
            try:
                check_files(self.kind, files, field="files")
            except ValidationError as error:
                self.add_error(None, error)
        elif self.kind == ItemKind.PUBLICATION and not self.has_error("document"):
            document = cleaned.get("document")
            if document:
                try:
                    check_files(self.kind, [document], field="document")
                except ValidationError as error:
                    self.add_error(None, error)

    # What the actions receive ----------------------------------------------------------------

    def submission_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["kind"] = self.kind
        data.pop("files", None)
        data.pop("document", None)
        return data

    def uploaded_files(self) -> list:
        if self.kind == ItemKind.TOOL:
            return list(self.cleaned_data.get("files") or [])
        if self.kind == ItemKind.PUBLICATION and self.cleaned_data.get("document"):
            return [self.cleaned_data["document"]]
        return []

    def add_action_errors(self, error: ValidationError) -> None:
        """Refusals of the action (checked again there) shown on the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)

    @property
    def files_were_chosen(self) -> bool:
        return bool(self.files)


def _slug_and_language(address: str) -> tuple[str, str] | None:
    """(slug, language) of an item from its address: /bibliotheque/<slug>/ or /en/bibliotheque/<slug>/."""
    segments = [s for s in urlsplit(address).path.split("/") if s]
    language = "fr"
    if segments and segments[0] in {code for code, _name in settings.LANGUAGES}:
        language, segments = segments[0], segments[1:]
    if len(segments) != 2 or segments[0] != "bibliotheque":
        return None
    return segments[1], language


def initial_from(page: LibraryItem) -> dict[str, Any]:
    """The form's values from an item's latest revision."""
    initial: dict[str, Any] = {
        "title": page.title,
        "summary": page.summary,
        "body": to_editable_text(page.body),
    }
    for name in (*TAG_MODELS, "organisations", "partnerships", "source_actions"):
        initial[name] = list(getattr(page, name).all())
    if isinstance(page, LearningPage):
        for name in LearningPage.SECTIONS:
            initial[name] = to_editable_text(getattr(page, name))
    if page.item_kind == ItemKind.PUBLICATION:
        initial["publication_kind"] = page.publication_kind
        initial["authors"] = page.authors
    if page.item_kind == ItemKind.DOSSIER:
        initial["parts"] = "\n".join(_public_path(part.item) for part in page.parts.all())
    return initial


def _public_path(item: LibraryItem) -> str:
    from library.text import item_path

    return item_path(item)
