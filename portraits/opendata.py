"""Open data: full exports of the public network, plans and library, with their data dictionary.

Five datasets (organisations, partnerships, plans, actions, library items) are written in
three formats each — CSV (UTF-8 with BOM, ``;`` separator, decimal comma: what French
Excel opens), XLSX and JSON — to the ``opendata`` storage (``var/opendata/``, or the
bucket's ``opendata/`` prefix shared by every server), with a data dictionary
(``dictionnaire.*``) and a ``manifest.json`` (generation date, row counts, sizes and a
SHA-256 per file). Each dataset declares its fields once (name, type, French and English
description, example); the three formats, the dictionary, the page ``/donnees-ouvertes/``
and the API all read that one declaration.

Only public data is exported, read as the portraits read it (``portraits.scopes``): active
organisations and partnerships, public plans of active partnerships and their actions,
published library items. Personal data is never exported. What each model holds about
people, and why it stays out:

- ``accounts.User`` (names, e-mail addresses) and ``partners.Affiliation`` (who works
  where, job title): not exported at all;
- ``Partnership.coordinators`` and ``Partnership.email``, ``Organisation.email`` (a contact
  address is often a person's own) and ``Organisation.address`` (a home childcare service
  is run from a person's home): left out;
- plans and actions: ``StageChange.changed_by``, ``Measurement.recorded_by``, history
  tables (who changed what) and evaluation texts are left out;
- library: owners, authors of publications (``PublicationPage.authors``), a learning's
  « personnes-ressources » (``LearningPage.contacts``), comments, votes, bookmarks, follows,
  collections and who reinvested: left out; only the summary is exported, not the body.

Free texts that are exported (names, titles, descriptions, summaries) are public on the
site, but anyone may type an e-mail address into them: every e-mail address found in an
exported text is replaced by « [courriel retiré] ».

Files are written to local temporary files and stored only once every requested dataset
has been written, so a failure never leaves a half-written or mismatched file; each
stored file replaces its namesake whole (a rename on disk, one upload to a bucket), and
the manifest is stored last.

Memory stays modest at ten times the real network: rows are read by primary-key ranges
of ``CHUNK_SIZE`` (one query for the rows, one per related list), written to the three
files as they come, and openpyxl's write-only mode streams the XLSX sheet.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import LIST_SEPARATOR, safe_text, xlsx_cell
from core.storage import read_bytes
from library.models import LibraryItem, Reinvestment
from library.text import item_path
from partners.models import Membership, Organisation
from plans.models import Action, Reach
from portraits.scopes import QUEBEC

CHUNK_SIZE = 2000
MANIFEST = "manifest.json"
DICTIONARY_STEM = "dictionnaire"
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    "attribution": "Agir tôt",
}
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REPLACEMENT = "[courriel retiré]"


def storage() -> Storage:
    """Where the files live: the ``opendata`` storage (``agirtot/settings/storage.py``)."""
    return storages["opendata"]


def _localized(french: str, english: str) -> str:
    return english if (get_language() or "fr").startswith("en") else french


# Declarations ---------------------------------------------------------------------------

#: Type code → (French label, English label); the code is what the dictionary files hold.
TYPES = {
    "integer": ("entier", "integer"),
    "decimal": ("nombre décimal", "decimal number"),
    "text": ("texte", "text"),
    "code": ("code", "code"),
    "date": ("date (AAAA-MM-JJ)", "date (YYYY-MM-DD)"),
    "url": ("adresse Web", "web address"),
    "codes": ("liste de codes", "list of codes"),
    "integers": ("liste d'entiers", "list of integers"),
}
LIST_TYPES = {"codes", "integers"}


@dataclass(frozen=True)
class Field:
    """One column of a dataset, as its data dictionary describes it."""

    name: str
    type: str
    description_fr: str
    description_en: str
    example: str = ""

    @property
    def description(self) -> str:
        """The description in the active language."""
        return _localized(self.description_fr, self.description_en)

    @property
    def type_label(self) -> str:
        """The type in words, in the active language."""
        return _localized(*TYPES[self.type])

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES


@dataclass(frozen=True)
class Dataset:
    """A downloadable table: its identity, its fields and how to read its rows by batches."""

    key: str
    stem: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    fields: tuple[Field, ...]
    queryset: Callable[[], QuerySet]
    batches: Callable[[QuerySet], Iterator[list[dict[str, Any]]]]

    @property
    def title(self) -> str:
        """The title in the active language."""
        return _localized(self.title_fr, self.title_en)

    @property
    def description(self) -> str:
        """The description in the active language."""
        return _localized(self.description_fr, self.description_en)

    def filenames(self) -> dict[str, str]:
        """Format → file name, e.g. ``{"csv": "organisations.csv", …}``."""
        return {fmt: f"{self.stem}.{fmt}" for fmt in FORMATS}

    def count(self) -> int:
        """How many rows the export will hold."""
        return self.queryset().count()

    def rows(self) -> Iterator[list[dict[str, Any]]]:
        """The rows, by batches of at most ``CHUNK_SIZE``, every text cleaned of e-mail addresses."""
        names = [f.name for f in self.fields]
        for batch in self.batches(self.queryset()):
            yield [{name: _scrub(row.get(name)) for name in names} for row in batch]


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL_RE.sub(EMAIL_REPLACEMENT, value)
    return value


# Reading rows by batches ----------------------------------------------------------------


def _chunks(queryset: QuerySet, *fields: str) -> Iterator[list[dict[str, Any]]]:
    """Rows as dicts, in primary-key order, ``CHUNK_SIZE`` at a time (keyset pagination)."""
    queryset = queryset.order_by("pk")
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).values("pk", *fields)[:CHUNK_SIZE])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _related(queryset: QuerySet, ids: list[int], path: str) -> dict[int, list]:
    """For each id, the distinct codes reached by ``path`` (``…__code`` of reference data),
    in the reference data's display order."""
    found: dict[int, list] = defaultdict(list)
    position = path.removesuffix("code") + "position"
    rows = (
        queryset.filter(pk__in=ids)
        .order_by("pk", position, path)
        .values_list("pk", path, position)
        .distinct()
    )
    for pk, value, _position in rows:
        if value is not None:
            found[pk].append(value)
    return found


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _page_urls(url_name: str) -> Callable[[int], str]:
    """The public French address of the object numbered pk, reversed once for the whole export."""
    with translation.override("fr"):
        pattern = reverse(url_name, args=[999999999])
    return lambda pk: _absolute(pattern.replace("999999999", str(pk)))


def _decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _organisation_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("partners:organisation")
    fields = ("name", "sector__code", "sector__label_fr", "scale", "municipality", "website", "description")
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        regions = _related(Organisation.objects.all(), ids, "regions__code")
        yield [
            {
                "id": row["pk"],
                "name": row["name"],
                "sector_code": row["sector__code"],
                "sector_label": row["sector__label_fr"],
                "scale": row["scale"],
                "region_codes": regions.get(row["pk"], []),
                "municipality": row["municipality"],
                "website": row["website"],
                "description": row["description"],
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def _partnership_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("partners:partnership")
    fields = (
        "name",
        "kind",
        "region__code",
        "territory_name",
        "territory_type",
        "children_0_5",
        "dpe_stage",
        "website",
        "description",
    )
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        members: dict[int, list[int]] = defaultdict(list)
        # Inactive organisations are hidden everywhere on the site, so they are not members here.
        memberships = (
            Membership.objects.of_active_organisations()
            .filter(partnership_id__in=ids)
            .order_by("partnership_id", "organisation_id")
            .values_list("partnership_id", "organisation_id")
        )
        for partnership_id, organisation_id in memberships:
            members[partnership_id].append(organisation_id)
        yield [
            {
                "id": row["pk"],
                "name": row["name"],
                "kind": row["kind"],
                "region_code": row["region__code"],
                "territory_name": row["territory_name"],
                "territory_type": row["territory_type"],
                "children_0_5": row["children_0_5"],
                "dpe_stage": row["dpe_stage"],
                "member_count": len(members.get(row["pk"], [])),
                "member_organisation_ids": members.get(row["pk"], []),
                "website": row["website"],
                "description": row["description"],
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def _plan_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("plans:plan")
    fields = ("partnership_id", "title", "start_year", "end_year", "status", "summary")
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        counts = dict(
            Action.objects.filter(plan_id__in=ids)
            .order_by()
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
        )
        yield [
            {
                "id": row["pk"],
                "partnership_id": row["partnership_id"],
                "title": row["title"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "status": row["status"],
                "summary": row["summary"],
                "action_count": counts.get(row["pk"], 0),
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def _action_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("plans:action")
    fields = (
        "plan_id",
        "plan__partnership_id",
        "title",
        "description",
        "action_type__code",
        "lead_id",
        "lead__is_active",
        "start_date",
        "end_date",
        "status",
        "progress",
        "budget",
        "in_kind",
    )
    actions = Action.objects.all()
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        contributors = _active_links(Action.contributors.through, "action_id", ids)
        ages = _related(actions, ids, "age_periods__code")
        populations = _related(actions, ids, "populations__code")
        factors = _related(actions, ids, "objectives__protective_factors__code")
        systems = _related(actions, ids, "objectives__system__code")
        reach = {
            row["action_id"]: row
            for row in Reach.objects.filter(action_id__in=ids)
            .order_by()
            .values("action_id")
            .annotate(children=Sum("children"), parents=Sum("parents"), families=Sum("families"))
        }
        yield [
            {
                "id": row["pk"],
                "plan_id": row["plan_id"],
                "partnership_id": row["plan__partnership_id"],
                "title": row["title"],
                "description": row["description"],
                "action_type_code": row["action_type__code"],
                "lead_organisation_id": row["lead_id"] if row["lead__is_active"] else None,
                "contributor_organisation_ids": contributors.get(row["pk"], []),
                "age_period_codes": ages.get(row["pk"], []),
                "population_codes": populations.get(row["pk"], []),
                "system_codes": systems.get(row["pk"], []),
                "protective_factor_codes": factors.get(row["pk"], []),
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "status": row["status"],
                "progress": row["progress"],
                "budget": _decimal(row["budget"]),
                "in_kind": _decimal(row["in_kind"]),
                "reach_children": reach.get(row["pk"], {}).get("children", 0),
                "reach_parents": reach.get(row["pk"], {}).get("parents", 0),
                "reach_families": reach.get(row["pk"], {}).get("families", 0),
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def _active_links(
    through: Any, owner: str, ids: list[int], target: str = "organisation"
) -> dict[int, list[int]]:
    """For each owner id, the ids of the active organisations or partnerships it links to.

    An inactive organisation or partnership is hidden everywhere on the site, and is not in
    the exports: a reference to it would lead nowhere.
    """
    found: dict[int, list[int]] = defaultdict(list)
    links = (
        through.objects.filter(**{f"{owner}__in": ids, f"{target}__is_active": True})
        .order_by(owner, f"{target}_id")
        .values_list(owner, f"{target}_id")
    )
    for owner_id, target_id in links:
        found[owner_id].append(target_id)
    return found


def _library_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    fields = (
        "kind",
        "title",
        "summary",
        "url_path",
        "locale__language_code",
        "published_on",
        "translation_key",
    )
    items = LibraryItem.objects.all()
    organisations_through = LibraryItem.organisations.through
    partnerships_through = LibraryItem.partnerships.through
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        tags = {
            name: _related(items, ids, f"{name}__code")
            for name in (
                "systems",
                "protective_factors",
                "themes",
                "age_periods",
                "populations",
                "action_types",
                "regions",
            )
        }
        organisations = _active_links(organisations_through, "libraryitem_id", ids)
        partnerships = _active_links(partnerships_through, "libraryitem_id", ids, target="partnership")
        reuses = dict(
            Reinvestment.objects.filter(source_item_id__in=ids)
            .order_by()
            .values("source_item_id")
            .annotate(n=Count("id"))
            .values_list("source_item_id", "n")
        )
        yield [
            {
                "id": row["pk"],
                "kind": row["kind"],
                "title": row["title"],
                "summary": row["summary"],
                "url": _absolute(item_path(_page_like(row))),
                "language": row["locale__language_code"],
                "translation_group": str(row["translation_key"]),
                "published_on": row["published_on"],
                "system_codes": tags["systems"].get(row["pk"], []),
                "protective_factor_codes": tags["protective_factors"].get(row["pk"], []),
                "theme_codes": tags["themes"].get(row["pk"], []),
                "age_period_codes": tags["age_periods"].get(row["pk"], []),
                "population_codes": tags["populations"].get(row["pk"], []),
                "action_type_codes": tags["action_types"].get(row["pk"], []),
                "region_codes": tags["regions"].get(row["pk"], []),
                "organisation_ids": organisations.get(row["pk"], []),
                "partnership_ids": partnerships.get(row["pk"], []),
                "reuse_count": reuses.get(row["pk"], 0),
            }
            for row in rows
        ]


def _page_like(row: dict[str, Any]) -> SimpleNamespace:
    # item_path reads an address and a language; building a Wagtail page per row would cost more.
    language = row["locale__language_code"]
    return SimpleNamespace(
        url_path=row["url_path"], locale_id=1, locale=SimpleNamespace(language_code=language)
    )


# The datasets ---------------------------------------------------------------------------

_ID = Field(
    "id", "integer", "Numéro de l'enregistrement sur la plateforme.", "Record number on the platform.", "42"
)
_URL_FIELD = Field(
    "url", "url", "Adresse de la page publique.", "Address of the public page.", "https://agirtot.org/…"
)

DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            key="organisations",
            stem="organisations",
            title_fr="Partenaires",
            title_en="Partner organisations",
            description_fr=(
                "Les organisations partenaires actives du réseau : secteur, échelle d'action, régions "
                "et municipalité. Ni courriel, ni adresse postale, ni personne."
            ),
            description_en=(
                "The network's active partner organisations: sector, scale, regions and "
                "municipality. No e-mail, no postal address, no person."
            ),
            fields=(
                _ID,
                Field(
                    "name",
                    "text",
                    "Nom de l'organisation.",
                    "Name of the organisation.",
                    "CPE Les Petits Pas",
                ),
                Field(
                    "sector_code",
                    "code",
                    "Code du secteur (voir les secteurs de la plateforme).",
                    "Sector code (see the platform's sectors).",
                    "services-de-garde",
                ),
                Field(
                    "sector_label",
                    "text",
                    "Libellé français du secteur.",
                    "French label of the sector.",
                    "Services de garde éducatifs",
                ),
                Field(
                    "scale",
                    "code",
                    "Échelle d'action : local, regional ou national.",
                    "Scale: local, regional or national.",
                    "local",
                ),
                Field(
                    "region_codes",
                    "codes",
                    "Codes officiels des régions administratives où l'organisation agit.",
                    "Official codes of the administrative regions where the organisation acts.",
                    "01 | 03",
                ),
                Field("municipality", "text", "Municipalité.", "Municipality.", "Rimouski"),
                Field(
                    "website",
                    "url",
                    "Site Web de l'organisation.",
                    "Website of the organisation.",
                    "https://…",
                ),
                Field(
                    "description",
                    "text",
                    "Présentation de l'organisation, telle que publiée.",
                    "Description of the organisation, as published.",
                    "",
                ),
                _URL_FIELD,
            ),
            queryset=QUEBEC.organisations,
            batches=_organisation_rows,
        ),
        Dataset(
            key="partnerships",
            stem="regroupements",
            title_fr="Regroupements",
            title_en="Partnerships",
            description_fr=(
                "Les regroupements actifs : regroupements locaux de partenaires, instances régionales "
                "et projets nationaux, avec leur territoire, leur étape de la démarche et leurs membres. "
                "Sans les personnes qui les coordonnent."
            ),
            description_en=(
                "Active partnerships: local partnerships, regional bodies and national projects, with "
                "their territory, their stage of the approach and their members. Without the people who "
                "coordinate them."
            ),
            fields=(
                _ID,
                Field(
                    "name",
                    "text",
                    "Nom du regroupement.",
                    "Name of the partnership.",
                    "Regroupement Naître et grandir à Rimouski",
                ),
                Field(
                    "kind",
                    "code",
                    "Type : regroupement_local, instance_regionale ou projet_national.",
                    "Kind: regroupement_local (local), instance_regionale (regional) or projet_national "
                    "(national).",
                    "regroupement_local",
                ),
                Field(
                    "region_code",
                    "code",
                    "Code officiel de la région administrative.",
                    "Official code of the administrative region.",
                    "01",
                ),
                Field(
                    "territory_name",
                    "text",
                    "Nom du territoire.",
                    "Name of the territory.",
                    "MRC de Rimouski-Neigette",
                ),
                Field(
                    "territory_type",
                    "code",
                    "Type de territoire : mrc, ville, quartier, region ou quebec.",
                    "Territory type: mrc, ville (city), quartier (neighbourhood), region or quebec.",
                    "mrc",
                ),
                Field(
                    "children_0_5",
                    "integer",
                    "Nombre d'enfants de 0 à 5 ans sur le territoire (vide si inconnu).",
                    "Number of children aged 0 to 5 on the territory (empty when unknown).",
                    "3200",
                ),
                Field(
                    "dpe_stage",
                    "code",
                    "Étape de la démarche partenariale écosystémique : mobilisation, analyse, "
                    "planification, mise_en_oeuvre ou evaluation.",
                    "Stage of the ecosystemic partnership approach: mobilisation, analyse (analysis), "
                    "planification (planning), mise_en_oeuvre (implementation) or evaluation.",
                    "planification",
                ),
                Field(
                    "member_count",
                    "integer",
                    "Nombre d'organisations membres actives.",
                    "Number of active member organisations.",
                    "12",
                ),
                Field(
                    "member_organisation_ids",
                    "integers",
                    "Numéros des organisations membres (jeu « Partenaires »).",
                    "Numbers of the member organisations (« Partner organisations » dataset).",
                    "3 | 17 | 42",
                ),
                Field(
                    "website", "url", "Site Web du regroupement.", "Website of the partnership.", "https://…"
                ),
                Field(
                    "description",
                    "text",
                    "Présentation du regroupement, telle que publiée.",
                    "Description of the partnership, as published.",
                    "",
                ),
                _URL_FIELD,
            ),
            queryset=QUEBEC.partnerships,
            batches=_partnership_rows,
        ),
        Dataset(
            key="plans",
            stem="plans",
            title_fr="Plans d'action concertés",
            title_en="Shared action plans",
            description_fr=(
                "Les plans d'action publics des regroupements actifs. Les plans réservés aux membres "
                "d'un regroupement n'y sont jamais."
            ),
            description_en=(
                "Public action plans of active partnerships. Plans reserved to a partnership's members "
                "are never included."
            ),
            fields=(
                _ID,
                Field(
                    "partnership_id",
                    "integer",
                    "Numéro du regroupement (jeu « Regroupements »).",
                    "Number of the partnership (« Partnerships » dataset).",
                    "7",
                ),
                Field(
                    "title",
                    "text",
                    "Titre du plan.",
                    "Title of the plan.",
                    "Plan d'action concerté 2024–2027",
                ),
                Field("start_year", "integer", "Année de début.", "First year.", "2024"),
                Field("end_year", "integer", "Année de fin.", "Last year.", "2027"),
                Field(
                    "status",
                    "code",
                    "Statut : brouillon, adopte, en_cours ou termine.",
                    "Status: brouillon (draft), adopte (adopted), en_cours (in progress) or termine (done).",
                    "en_cours",
                ),
                Field("summary", "text", "Résumé du plan.", "Summary of the plan.", ""),
                Field(
                    "action_count",
                    "integer",
                    "Nombre d'actions du plan.",
                    "Number of actions in the plan.",
                    "8",
                ),
                _URL_FIELD,
            ),
            queryset=QUEBEC.plans,
            batches=_plan_rows,
        ),
        Dataset(
            key="actions",
            stem="actions",
            title_fr="Actions",
            title_en="Actions",
            description_fr=(
                "Les actions des plans publics : type, porteur et partenaires contributeurs, "
                "tout-petits et populations visés, systèmes et facteurs de protection (par les "
                "changements visés), dates, avancement, budget et portée."
            ),
            description_en=(
                "Actions of the public plans: type, lead and contributing organisations, age periods and "
                "populations, systems and protective factors (through the intended changes), dates, "
                "progress, budget and reach."
            ),
            fields=(
                _ID,
                Field(
                    "plan_id",
                    "integer",
                    "Numéro du plan (jeu « Plans »).",
                    "Number of the plan (« Plans »).",
                    "12",
                ),
                Field(
                    "partnership_id",
                    "integer",
                    "Numéro du regroupement du plan.",
                    "Number of the plan's partnership.",
                    "7",
                ),
                Field(
                    "title", "text", "Titre de l'action.", "Title of the action.", "Ateliers parents-enfants"
                ),
                Field("description", "text", "Description de l'action.", "Description of the action.", ""),
                Field(
                    "action_type_code",
                    "code",
                    "Code du type d'action.",
                    "Code of the action type.",
                    "soutien-parental",
                ),
                Field(
                    "lead_organisation_id",
                    "integer",
                    "Numéro de l'organisation porteuse (vide si aucune).",
                    "Number of the lead organisation (empty when none).",
                    "42",
                ),
                Field(
                    "contributor_organisation_ids",
                    "integers",
                    "Numéros des organisations contributrices.",
                    "Numbers of the contributing organisations.",
                    "3 | 17",
                ),
                Field(
                    "age_period_codes",
                    "codes",
                    "Codes des périodes d'âge visées.",
                    "Codes of the age periods aimed at.",
                    "grossesse | 0-1",
                ),
                Field(
                    "population_codes",
                    "codes",
                    "Codes des populations visées.",
                    "Codes of the populations aimed at.",
                    "defavorisation",
                ),
                Field(
                    "system_codes",
                    "codes",
                    "Systèmes (enfant, famille, communaute) des changements visés par l'action.",
                    "Systems (enfant: child, famille: family, communaute: community) of the intended "
                    "changes the action serves.",
                    "enfant | famille",
                ),
                Field(
                    "protective_factor_codes",
                    "codes",
                    "Facteurs de protection des changements visés par l'action.",
                    "Protective factors of the intended changes the action serves.",
                    "habiletes-langagieres",
                ),
                Field("start_date", "date", "Date de début.", "Start date.", "2024-09-01"),
                Field("end_date", "date", "Date de fin.", "End date.", "2026-06-30"),
                Field(
                    "status",
                    "code",
                    "Statut : planifiee, en_cours, realisee, reportee ou abandonnee.",
                    "Status: planifiee (planned), en_cours (in progress), realisee (done), reportee "
                    "(postponed) or abandonnee (abandoned).",
                    "en_cours",
                ),
                Field(
                    "progress",
                    "integer",
                    "Avancement, en pour cent (0 à 100).",
                    "Progress, in percent.",
                    "40",
                ),
                Field(
                    "budget",
                    "decimal",
                    "Budget en dollars (virgule décimale dans le CSV).",
                    "Budget in dollars (decimal comma in the CSV).",
                    "12000,00",
                ),
                Field(
                    "in_kind",
                    "decimal",
                    "Contributions en nature, en dollars.",
                    "In-kind contributions, in dollars.",
                    "3000,00",
                ),
                Field(
                    "reach_children",
                    "integer",
                    "Enfants rejoints, toutes années additionnées.",
                    "Children reached, all years added up.",
                    "80",
                ),
                Field(
                    "reach_parents",
                    "integer",
                    "Parents rejoints, toutes années additionnées.",
                    "Parents reached, all years added up.",
                    "70",
                ),
                Field(
                    "reach_families",
                    "integer",
                    "Familles rejointes, toutes années additionnées.",
                    "Families reached, all years added up.",
                    "55",
                ),
                _URL_FIELD,
            ),
            queryset=QUEBEC.actions,
            batches=_action_rows,
        ),
        Dataset(
            key="library",
            stem="bibliotheque",
            title_fr="Bibliothèque",
            title_en="Library",
            description_fr=(
                "Les métadonnées des éléments publiés de la bibliothèque (apprentissages, outils, "
                "publications, dossiers, actualités) : titre, résumé, adresse, classement, "
                "organisations et regroupements crédités, nombre de réinvestissements. Jamais les "
                "auteurs, les personnes-ressources ni les propriétaires."
            ),
            description_en=(
                "Metadata of the library's published items (learnings, tools, publications, dossiers, "
                "news): title, summary, address, classification, credited organisations and "
                "partnerships, number of reinvestments. Never the authors, contact people or owners."
            ),
            fields=(
                _ID,
                Field(
                    "kind",
                    "code",
                    "Genre : apprentissage, outil, publication, dossier ou actualite.",
                    "Kind: apprentissage (learning), outil (tool), publication, dossier or actualite (news).",
                    "apprentissage",
                ),
                Field("title", "text", "Titre.", "Title.", "Ateliers d'éveil à la lecture"),
                Field("summary", "text", "Résumé.", "Summary.", ""),
                Field("url", "url", "Adresse de l'élément.", "Address of the item.", "https://agirtot.org/…"),
                Field("language", "code", "Langue : fr ou en.", "Language: fr or en.", "fr"),
                Field(
                    "translation_group",
                    "code",
                    "Identifiant commun aux traductions d'un même élément.",
                    "Identifier shared by the translations of one item.",
                    "5f0c…",
                ),
                Field("published_on", "date", "Date de publication.", "Publication date.", "2025-03-01"),
                Field("system_codes", "codes", "Systèmes.", "Systems.", "famille"),
                Field(
                    "protective_factor_codes",
                    "codes",
                    "Facteurs de protection.",
                    "Protective factors.",
                    "pratiques-parentales",
                ),
                Field("theme_codes", "codes", "Thèmes.", "Themes.", "eveil-lecture-ecriture"),
                Field("age_period_codes", "codes", "Périodes d'âge.", "Age periods.", "2-3"),
                Field("population_codes", "codes", "Populations.", "Populations.", "defavorisation"),
                Field("action_type_codes", "codes", "Types d'action.", "Action types.", "soutien-parental"),
                Field("region_codes", "codes", "Régions administratives.", "Administrative regions.", "01"),
                Field(
                    "organisation_ids",
                    "integers",
                    "Organisations créditées (jeu « Partenaires »).",
                    "Credited organisations (« Partner organisations » dataset).",
                    "42",
                ),
                Field(
                    "partnership_ids",
                    "integers",
                    "Regroupements crédités (jeu « Regroupements »).",
                    "Credited partnerships (« Partnerships » dataset).",
                    "7",
                ),
                Field(
                    "reuse_count",
                    "integer",
                    "Nombre de réinvestissements de l'élément dans des plans.",
                    "Number of times the item was reinvested into plans.",
                    "3",
                ),
            ),
            queryset=lambda: LibraryItem.objects.published(),
            batches=_library_rows,
        ),
    )
}

DICTIONARY_FIELDS = (
    Field("dataset", "code", "Jeu de données (nom du fichier).", "Dataset (file name).", "organisations"),
    Field("field", "code", "Nom du champ (colonne).", "Field (column) name.", "region_codes"),
    Field("type", "code", "Type du champ.", "Type of the field.", "codes"),
    Field("description_fr", "text", "Description en français.", "Description in French.", ""),
    Field("description_en", "text", "Description en anglais.", "Description in English.", ""),
    Field("example", "text", "Exemple de valeur.", "Example value.", ""),
)


def dictionary_rows() -> list[dict[str, Any]]:
    """Every field of every dataset: the data dictionary as rows."""
    return [
        {
            "dataset": dataset.stem,
            "field": f.name,
            "type": f.type,
            "description_fr": f.description_fr,
            "description_en": f.description_en,
            "example": f.example,
        }
        for dataset in DATASETS.values()
        for f in dataset.fields
    ]


# Writing the files ----------------------------------------------------------------------


def _csv_value(value: Any, f: Field) -> str:
    if value is None:
        return ""
    if f.is_list:
        return safe_text(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, Decimal):
        # French Excel reads a decimal comma.
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # A text a spreadsheet would run as a formula gets the apostrophe that makes it text.
        return safe_text(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _TableFiles:
    """The CSV, XLSX and JSON temporary files of one table, written batch by batch."""

    def __init__(self, directory: Path, stem: str, sheet_title: str, fields: tuple[Field, ...], header: dict):
        self.directory = directory
        self.stem = stem
        self.fields = fields
        self.count = 0
        self.temporary: dict[str, Path] = {}
        self._csv_handle = self._open("csv", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_handle, delimiter=";", lineterminator="\r\n")
        self._csv.writerow([f.name for f in fields])
        self._json_handle = self._open("json", encoding="utf-8")
        opening = json.dumps({**header, "fields": [f.name for f in fields]}, ensure_ascii=False, indent=1)
        # The items follow the header's keys; the count is known only at the end.
        self._json_handle.write(opening[:-2] + ',\n "items": [')
        self.temporary["xlsx"] = self._reserve("xlsx")
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(sheet_title[:31])
        for index, f in enumerate(fields, start=1):
            width = max(len(f.name), min(len(f.example), 40)) + 2
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        heading = []
        for f in fields:
            cell = WriteOnlyCell(self._sheet, value=f.name)
            cell.font = bold
            heading.append(cell)
        self._sheet.append(heading)

    def _reserve(self, fmt: str) -> Path:
        handle, name = tempfile.mkstemp(dir=self.directory, prefix=f".{self.stem}.", suffix=f".{fmt}.tmp")
        os.close(handle)
        return Path(name)

    def _open(self, fmt: str, **options: Any) -> IO[str]:
        path = self._reserve(fmt)
        self.temporary[fmt] = path
        return path.open("w", **options)

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by field name) to the three files."""
        for row in rows:
            values = [row.get(f.name) for f in self.fields]
            self._csv.writerow([_csv_value(v, f) for v, f in zip(values, self.fields, strict=True)])
            self._sheet.append([self._xlsx_cell(v, f) for v, f in zip(values, self.fields, strict=True)])
            item = {f.name: _json_value(v) for v, f in zip(values, self.fields, strict=True)}
            self._json_handle.write(
                ("\n  " if not self.count else ",\n  ") + json.dumps(item, ensure_ascii=False)
            )
            self.count += 1

    def _xlsx_cell(self, value: Any, f: Field) -> Any:
        if value is None:
            return None
        if f.is_list:
            value = LIST_SEPARATOR.join(str(v) for v in value)
        # Text, never a formula: the same rule as every download of the site.
        return xlsx_cell(self._sheet, value)

    def finish(self) -> None:
        """Close the three files; they are complete but still temporary."""
        self._csv_handle.close()
        self._json_handle.write(f'\n ],\n "count": {self.count}\n}}\n')
        self._json_handle.close()
        self._workbook.save(self.temporary["xlsx"])

    def abort(self) -> None:
        """Close whatever is open and delete the temporary files."""
        for handle in (self._csv_handle, self._json_handle):
            if not handle.closed:
                handle.close()
        if not self._sheet.closed:
            # openpyxl streams the sheet into a file of its own; finish and delete it now,
            # rather than when the garbage collector finds the half-written sheet.
            try:
                self._sheet.close()
                self._sheet._writer.cleanup()
            except (OSError, ValueError):
                pass
        for path in self.temporary.values():
            path.unlink(missing_ok=True)

    def describe(self) -> list[dict[str, Any]]:
        """Format, final name, size and SHA-256 of each finished file."""
        return [
            {
                "format": fmt,
                "filename": f"{self.stem}.{fmt}",
                "size": self.temporary[fmt].stat().st_size,
                "sha256": _sha256(self.temporary[fmt]),
            }
            for fmt in FORMATS
        ]

    def publish(self, target: Storage) -> None:
        """Store the finished files under their final names, each replacing its namesake whole."""
        for fmt, path in self.temporary.items():
            name = f"{self.stem}.{fmt}"
            with path.open("rb") as handle:
                stored = target.save(name, File(handle, name=name))
            if stored != name:
                raise OSError(f"the storage kept {name} as {stored}: it must replace files of the same name")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Progress:
    """What export() reports progress to; the command gives a tqdm bar, tests nothing."""

    def update(self, rows: int) -> None:
        """``rows`` more rows are written."""

    def close(self) -> None:
        """The dataset is done."""


@dataclass
class ExportResult:
    """What a run wrote: rows per dataset key, time taken, and the new manifest."""

    counts: dict[str, int]
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)


def export(
    keys: Iterable[str] | None = None, progress: Callable[[Dataset, int], Progress] | None = None
) -> ExportResult:
    """Rebuild the files of the given datasets (all by default), the dictionary and the manifest.

    Every file is first written to a local temporary file; only when all are complete are
    they stored, then the manifest. An error leaves the previous files as they were.
    """
    selected = [DATASETS[key] for key in keys] if keys else list(DATASETS.values())
    # The files are built on this machine's disk, and stored only when all are complete.
    with tempfile.TemporaryDirectory(prefix="agirtot-opendata-") as work:
        return _export(selected, Path(work), storage(), progress)


def _export(
    selected: list[Dataset],
    directory: Path,
    target: Storage,
    progress: Callable[[Dataset, int], Progress] | None,
) -> ExportResult:
    started = time.monotonic()
    generated_at = timezone.localtime().isoformat(timespec="seconds")
    header = {"licence": LICENCE, "generated_at": generated_at}
    tables: list[_TableFiles] = []
    entries: dict[str, dict[str, Any]] = {}
    try:
        for dataset in selected:
            bar = progress(dataset, dataset.count()) if progress else Progress()
            try:
                files = _TableFiles(
                    directory,
                    dataset.stem,
                    dataset.title_fr,
                    dataset.fields,
                    {"dataset": dataset.key, **header},
                )
                tables.append(files)
                for batch in dataset.rows():
                    files.write(batch)
                    bar.update(len(batch))
                files.finish()
            finally:
                bar.close()
            entries[dataset.key] = {
                "rows": files.count,
                "generated_at": generated_at,
                "files": files.describe(),
            }
        dictionary = _TableFiles(
            directory, DICTIONARY_STEM, "Dictionnaire", DICTIONARY_FIELDS, {"dataset": "dictionary", **header}
        )
        tables.append(dictionary)
        dictionary.write(dictionary_rows())
        dictionary.finish()
        dictionary_entry = {
            "rows": dictionary.count,
            "generated_at": generated_at,
            "files": dictionary.describe(),
        }
    except BaseException:
        for files in tables:
            files.abort()
        raise
    for files in tables:
        files.publish(target)
    manifest = _updated_manifest(entries, dictionary_entry, generated_at)
    _store_json(target, MANIFEST, manifest)
    return ExportResult(
        counts={key: entry["rows"] for key, entry in entries.items()},
        seconds=time.monotonic() - started,
        manifest=manifest,
    )


def _updated_manifest(
    entries: dict[str, dict], dictionary: dict[str, Any], generated_at: str
) -> dict[str, Any]:
    previous = read_manifest() or {}
    kept = previous.get("datasets", {})
    datasets = {}
    for key in DATASETS:
        if key in entries:
            datasets[key] = entries[key]
        elif key in kept and all(storage().exists(f["filename"]) for f in kept[key].get("files", [])):
            # Not rebuilt this time (--dataset): its files are still there and still right.
            datasets[key] = kept[key]
    return {
        "generated_at": generated_at,
        "licence": LICENCE,
        "datasets": datasets,
        "dictionary": dictionary,
    }


def _store_json(target: Storage, name: str, value: dict[str, Any]) -> None:
    content = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    target.save(name, ContentFile(content.encode("utf-8"), name=name))


# Reading what was built -----------------------------------------------------------------


def read_manifest() -> dict[str, Any] | None:
    """The manifest of the last run, or None when nothing was built (or the file is unreadable)."""
    try:
        content = read_bytes(storage(), MANIFEST)
        manifest = json.loads(content.decode("utf-8")) if content is not None else None
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("datasets"), dict):
        return None
    return manifest


def _entries(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from manifest.get("datasets", {}).values()
    if isinstance(manifest.get("dictionary"), dict):
        yield manifest["dictionary"]


def is_complete(manifest: dict[str, Any] | None = None) -> bool:
    """Every dataset and the dictionary are built and their files are stored."""
    manifest = manifest if manifest is not None else read_manifest()
    if manifest is None or set(manifest["datasets"]) != set(DATASETS) or "dictionary" not in manifest:
        return False
    target = storage()
    return all(target.exists(f["filename"]) for entry in _entries(manifest) for f in entry.get("files", []))


def downloadable(filename: str) -> tuple[str, str] | None:
    """The stored name and content type of a file the manifest lists (or the manifest), else None.

    Only names written by ``export`` are served: nothing a visitor types can reach
    another file (no path, no hidden or temporary file).
    """
    manifest = read_manifest()
    if manifest is None:
        return None
    names = {f.get("filename") for entry in _entries(manifest) for f in entry.get("files", [])}
    names.add(MANIFEST)
    if filename not in names or Path(filename).name != filename or filename.startswith("."):
        return None
    return filename, CONTENT_TYPES.get(filename.rsplit(".", 1)[-1], "application/octet-stream")


def file_size_label(size: int) -> str:
    """A file size as people read it: « 850 octets », « 12,4 ko », « 1,2 Mo »."""
    if size < 1024:
        return ngettext("%(size)s octet", "%(size)s octets", size) % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s ko") % {"size": number_format(round(size / 1024, 1), 1)}
    # number_format cuts decimals without rounding them.
    return _("%(size)s Mo") % {"size": number_format(round(size / 1024 / 1024, 1), 1, force_grouping=True)}


@dataclass(frozen=True)
class FileInfo:
    """One downloadable file as the page and the API show it."""

    format: str
    filename: str
    size: int
    sha256: str

    @property
    def url(self) -> str:
        return reverse("portraits:opendata_file", args=[self.filename])

    @property
    def size_label(self) -> str:
        return file_size_label(self.size)

    @property
    def format_label(self) -> str:
        return self.format.upper()


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset with what its last export produced (nothing yet when ``rows`` is None)."""

    dataset: Dataset
    rows: int | None = None
    generated_at: datetime.datetime | None = None
    files: tuple[FileInfo, ...] = ()

    @property
    def built(self) -> bool:
        return self.rows is not None


@dataclass(frozen=True)
class Catalogue:
    """Everything the page and the API list: datasets, dictionary files, date of the last run."""

    datasets: tuple[DatasetInfo, ...]
    dictionary_files: tuple[FileInfo, ...]
    generated_at: datetime.datetime | None

    @property
    def built(self) -> bool:
        return any(info.built for info in self.datasets)


def _date(value: Any) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _files(entry: dict[str, Any]) -> tuple[FileInfo, ...]:
    files = []
    for f in entry.get("files", []):
        try:
            files.append(FileInfo(str(f["format"]), str(f["filename"]), int(f["size"]), str(f["sha256"])))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(files)


def catalogue() -> Catalogue:
    """The datasets in their declared order, with the files of the last run when there is one."""
    manifest = read_manifest() or {"datasets": {}}
    infos = []
    for key, dataset in DATASETS.items():
        entry = manifest["datasets"].get(key)
        if isinstance(entry, dict) and isinstance(entry.get("rows"), int):
            infos.append(DatasetInfo(dataset, entry["rows"], _date(entry.get("generated_at")), _files(entry)))
        else:
            infos.append(DatasetInfo(dataset))
    dictionary = manifest.get("dictionary")
    return Catalogue(
        datasets=tuple(infos),
        dictionary_files=_files(dictionary) if isinstance(dictionary, dict) else (),
        generated_at=_date(manifest.get("generated_at")),
    )
