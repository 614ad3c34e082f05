"""Open data: the downloadable exports of the public data, with their data dictionaries.

The same list as the page /donnees-ouvertes/ (``portraits.opendata.catalogue``): every
dataset, its row count and date when it has been built, its files (CSV, XLSX, JSON) with
their size and SHA-256, and its data dictionary in the request's language.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from api.schemas import ErrorOut, PageParams
from portraits import opendata

router = Router(tags=[_("Données ouvertes")])


class OpenDataFileOut(Schema):
    format: str = Field(description=_("Format du fichier : csv, xlsx ou json."))
    filename: str = Field(description=_("Nom du fichier, p. ex. organisations.csv."))
    url: str = Field(description=_("Chemin absolu du téléchargement sur le site."))
    size: int = Field(description=_("Taille en octets."))
    sha256: str = Field(description=_("Empreinte SHA-256 du fichier, en hexadécimal."))


class OpenDataFieldOut(Schema):
    name: str = Field(description=_("Nom du champ (colonne du CSV et du XLSX, clé du JSON)."))
    type: str = Field(
        description=_("Type : integer, decimal, text, code, date, url, codes (liste) ou integers (liste).")
    )
    description: str = Field(description=_("Ce que le champ contient, dans la langue de la requête."))
    example: str = Field(description=_("Un exemple de valeur, tel qu'il paraît dans le CSV."))


class OpenDataSetOut(Schema):
    dataset: str = Field(
        description=_("Identifiant du jeu : organisations, partnerships, plans, actions ou library.")
    )
    title: str = Field(description=_("Titre du jeu, dans la langue de la requête."))
    description: str = Field(description=_("Ce que le jeu contient et ce qu'il exclut."))
    rows: int | None = Field(
        description=_("Nombre de lignes du dernier export; null s'il n'est pas produit.")
    )
    generated_at: datetime.datetime | None = Field(
        description=_("Date et heure du dernier export de ce jeu; null s'il n'est pas produit.")
    )
    files: list[OpenDataFileOut] = Field(
        description=_("Les fichiers à télécharger; vide s'il n'est pas produit.")
    )
    dictionary: list[OpenDataFieldOut] = Field(description=_("Le dictionnaire des données du jeu."))


class OpenDataList(Schema):
    count: int
    items: list[OpenDataSetOut]


def _dataset_out(info: opendata.DatasetInfo) -> dict[str, Any]:
    return {
        "dataset": info.dataset.key,
        "title": info.dataset.title,
        "description": info.dataset.description,
        "rows": info.rows,
        "generated_at": info.generated_at,
        "files": [
            {"format": f.format, "filename": f.filename, "url": f.url, "size": f.size, "sha256": f.sha256}
            for f in info.files
        ],
        "dictionary": [
            {"name": f.name, "type": f.type, "description": f.description, "example": f.example}
            for f in info.dataset.fields
        ],
    }


@router.get(
    "/open-data",
    response={200: OpenDataList, 400: ErrorOut},
    url_name="open_data",
    summary=_("Données ouvertes"),
    description=_(
        "Les exports complets des données publiques (partenaires, regroupements, plans d'action, "
        "actions, bibliothèque) en CSV, XLSX et JSON, sous licence CC BY 4.0 « Agir tôt », avec "
        "leur dictionnaire des données. Aucune donnée personnelle n'y figure. Un jeu pas encore "
        "produit est listé avec rows et generated_at à null et sans fichiers."
    ),
)
def list_open_data(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The datasets in their fixed order, with the files of the last export."""
    datasets = opendata.catalogue().datasets
    return {
        "count": len(datasets),
        "items": [_dataset_out(info) for info in datasets[page.offset : page.offset + page.limit]],
    }
