"""The declarations of the datasets (fields, descriptions, examples, rows) and of their data dictionary."""

from __future__ import annotations

from typing import Any

from library.models import LibraryItem
from portraits.opendata.model import Dataset, Field
from portraits.opendata.rows import action_rows, library_rows, organisation_rows, partnership_rows, plan_rows
from portraits.scopes import QUEBEC

DICTIONARY_STEM = "dictionnaire"

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
            batches=organisation_rows,
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
            batches=partnership_rows,
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
            batches=plan_rows,
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
            batches=action_rows,
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
            batches=library_rows,
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
