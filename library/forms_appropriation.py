"""Forms of the appropriation pages: comments, collections, bookmarks, notes, the digest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ids import IdChoiceField
from library.actions.appropriation import COLLECTION_NAME_MAX, COMMENT_MAX, NOTE_MAX, REPORT_REASON_MAX
from library.models import Collection, DigestFrequency
from partners.models import Partnership


class CommentForm(forms.Form):
    """A comment or a question (top level), or a reply (``parent`` set)."""

    body = forms.CharField(
        label=_("Votre commentaire"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Texte simple, 5 000 caractères au plus. Il sera visible par tous les visiteurs."),
        error_messages={
            "required": _("Écrivez votre commentaire avant de le publier."),
            "max_length": _("Un commentaire compte au plus 5 000 caractères : raccourcissez-le."),
        },
    )
    is_question = forms.BooleanField(label=_("C'est une question pour les auteurs"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply_to: int | None = None, **kwargs) -> None:
        if reply_to is not None:
            kwargs.setdefault("auto_id", f"reponse-{reply_to}-%s")
            kwargs.setdefault("initial", {"parent": reply_to})
        else:
            kwargs.setdefault("auto_id", "commentaire-%s")
        super().__init__(*args, **kwargs)
        self.reply_to = reply_to
        if reply_to is not None:
            self.fields["body"].label = _("Votre réponse")
            del self.fields["is_question"]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi signalez-vous ce commentaire? (facultatif)"),
        max_length=REPORT_REASON_MAX,
        required=False,
    )


class CollectionForm(forms.Form):
    """Name and sharing of a collection."""

    name = forms.CharField(
        label=_("Nom de la collection"),
        max_length=COLLECTION_NAME_MAX,
        error_messages={"required": _("Donnez un nom à la collection.")},
    )
    partnership = IdChoiceField(
        label=_("Partage"),
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=_("Privée : vous seul la voyez"),
        help_text=_("Les personnes du regroupement choisi la consultent sans pouvoir la modifier."),
        error_messages={"invalid_choice": _("Choisissez l'un de vos regroupements.")},
    )

    def __init__(self, *args, partnerships=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = (
            partnerships if partnerships is not None else Partnership.objects.none()
        )
        self.fields["partnership"].label_from_instance = lambda p: (
            _("Partagée avec %(name)s") % {"name": p.name}
        )


class BookmarkForm(forms.Form):
    """Save an item in one of my collections, or in a new one named here."""

    collection = IdChoiceField(
        label=_("Collection"),
        queryset=Collection.objects.none(),
        required=False,
        empty_label=_("Choisissez une collection"),
        error_messages={"invalid_choice": _("Choisissez l'une de vos collections.")},
    )
    new_name = forms.CharField(
        label=_("Nom de la nouvelle collection"), max_length=COLLECTION_NAME_MAX, required=False
    )
    partnership = IdChoiceField(
        label=_("Partage de la nouvelle collection"),
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=_("Privée : vous seul la voyez"),
        error_messages={"invalid_choice": _("Choisissez l'un de vos regroupements.")},
    )

    def __init__(self, *args, collections=None, partnerships=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "signet-%s")
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = (
            collections if collections is not None else Collection.objects.none()
        )
        self.fields["partnership"].queryset = (
            partnerships if partnerships is not None else Partnership.objects.none()
        )

    def clean(self):
        # A typed name wins over the list: it names the new collection (or an existing one).
        data = super().clean()
        data["new_name"] = " ".join((data.get("new_name") or "").split())
        if not data.get("collection") and not data["new_name"] and not self.errors:
            self.add_error("new_name", _("Choisissez une collection ou nommez-en une nouvelle."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note personnelle"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vous seul la voyez, même dans une collection partagée."),
    )


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Recevoir le résumé par courriel"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une fréquence."),
            "invalid_choice": _("Choisissez une fréquence parmi celles proposées."),
        },
    )
