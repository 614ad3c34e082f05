"""Deterministic demo data for the partner network.

`plan_network(scale, seed)` draws a plausible Québec network in plain Python (no
database), from one `random.Random` per phase, so that the same scale and seed always
give the same organisations, partnerships, memberships and people. `write_network()`
then writes the plan with `bulk_create` in batches. Bulk writes skip the history of
django-simple-history, which is acceptable for demo data.

`generate()` and `flush()` are what `seed_demo` calls, first of the generators; the
other modules of this app provide the same pair for what the higher floors hold.

Web sites and e-mail addresses use the reserved `.example` top-level domain, so that
no real organisation or mailbox is ever named.
"""

from __future__ import annotations

import datetime
import json
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models

from core.text import fold
from demo.db import no_history
from demo.text import at, of
from partners.actions import organisation_search_text, partnership_search_text
from partners.models import (
    Affiliation,
    DpeStage,
    MemberRole,
    Membership,
    Organisation,
    Partnership,
    PartnershipKind,
    Scale,
    TerritoryType,
)
from taxonomy.models import Sector
from territories.models import Region

DEMO_EMAIL_DOMAIN = "agirtot.example"
DEFAULT_DEMO_PASSWORD = "agirtot-demo-2026"  # noqa: S105 - public, demo accounts only

# Figures at scale 1, close to the real network (~3,000 partners, ~140 partnerships).
ORGANISATIONS_PER_SCALE = 3100
PARTNERSHIPS_PER_SCALE = 150
REGIONAL_PARTNERSHIPS_PER_SCALE = 17
NATIONAL_PARTNERSHIPS_PER_SCALE = 5
MIN_MEMBERS, MAX_MEMBERS = 8, 40
MIN_SCALE = 0.01

# Fixed dates: the data must not depend on the day it is generated.
FIRST_YEAR = 2009
REFERENCE_DATE = datetime.date(2026, 3, 31)
REFERENCE_MOMENT = datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC)

BATCH_SIZE = 2000


# --- Reference material --------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    name: str
    type: str
    of: str  # the name with its preposition: « de la MRC de La Mitis », « du Plateau-Mont-Royal »
    population_k: float = 0.0


@dataclass(frozen=True)
class RegionData:
    code: str
    of: str  # « du Bas-Saint-Laurent »
    population_k: int  # 2021 census, thousands, rounded
    municipalities: tuple[tuple[str, float], ...]  # (name, population in thousands)
    mrcs: tuple[str, ...]
    neighbourhoods: dict[str, tuple[str, ...]]  # city -> neighbourhoods
    health: tuple[str, ...]
    school_centres: tuple[str, ...]
    postal: tuple[str, ...]
    other_territories: tuple[tuple[str, str], ...] = ()  # (name, « of » form)


def _load_regions() -> tuple[RegionData, ...]:
    """The regions of `data/regions.json`, with tuples where the generators expect them."""
    rows = json.loads((Path(__file__).parent / "data" / "regions.json").read_text(encoding="utf-8"))
    return tuple(
        RegionData(
            code=row["code"],
            of=row["of"],
            population_k=row["population_k"],
            municipalities=tuple((name, float(population)) for name, population in row["municipalities"]),
            mrcs=tuple(row["mrcs"]),
            neighbourhoods={city: tuple(hoods) for city, hoods in row["neighbourhoods"].items()},
            health=tuple(row["health"]),
            school_centres=tuple(row["school_centres"]),
            postal=tuple(row["postal"]),
            other_territories=tuple((name, of_form) for name, of_form in row["other_territories"]),
        )
        for row in rows
    )


# Municipalities with their population in thousands (they weigh where organisations are),
# MRCs, neighbourhoods of the large cities, health and school bodies, postal prefixes.
REGIONS: tuple[RegionData, ...] = _load_regions()
REGIONS_BY_CODE = {region.code: region for region in REGIONS}
REGION_LABELS = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}

# Share of organisations per sector, and how their scale is drawn (local, régional, national).
SECTOR_WEIGHTS = {
    "services-de-garde": 0.26,
    "communautaire-famille": 0.20,
    "education": 0.12,
    "sante-services-sociaux": 0.09,
    "municipal": 0.09,
    "bibliotheques-culture": 0.06,
    "autre": 0.06,
    "emploi-solidarite": 0.05,
    "philanthropie": 0.04,
    "recherche": 0.03,
}
SCALE_WEIGHTS = {
    "services-de-garde": (0.93, 0.05, 0.02),
    "communautaire-famille": (0.88, 0.08, 0.04),
    "education": (0.86, 0.13, 0.01),
    "sante-services-sociaux": (0.80, 0.18, 0.02),
    "municipal": (0.88, 0.12, 0.0),
    "bibliotheques-culture": (0.90, 0.08, 0.02),
    "autre": (0.80, 0.12, 0.08),
    "emploi-solidarite": (0.85, 0.12, 0.03),
    "philanthropie": (0.50, 0.30, 0.20),
    "recherche": (0.10, 0.50, 0.40),
}
SCALES = (Scale.LOCAL.value, Scale.REGIONAL.value, Scale.NATIONAL.value)

LITTLE_NAMES = (
    "Les Petits Bourgeons", "Les Trésors", "La Ribambelle", "Les Lucioles", "Les Petits Mousses",
    "Le Jardin des Frimousses", "La Clé des champs", "Les Coccinelles", "Les Petits Explorateurs",
    "L'Arc-en-ciel", "Les Bambins", "Les Marmots", "La Pirouette", "Le Petit Monde", "Les Petits Loups",
    "La Cabane enchantée", "Les Castors", "Les P'tits Soleils", "Les Petites Abeilles", "La Marelle",
    "Les Lutins", "Le Nid", "Les Minimousses", "Tournesol", "Pomme d'api", "Les Papillons",
    "La Petite Ourse", "Les Moussaillons", "Les Hiboux", "Bout d'chou", "Les Écureuils", "La Fourmilière",
    "Les Mésanges", "La Chrysalide", "Les Petits Pas", "Les Frimousses", "La Girouette", "Le Carrousel",
    "Les Flocons", "La Courte Échelle", "Les Petits Matelots", "La Maisonnée", "Les Câlinours",
    "Le Petit Prince", "Les Canetons", "La Pépinière", "Les Fripouilles", "Le Boisé enchanté",
)  # fmt: skip
SCHOOL_NAMES = (
    "Saint-Joseph", "Notre-Dame", "Sainte-Marie", "des Découvertes", "Jean-XXIII", "du Boisé",
    "de la Rivière", "Marguerite-Bourgeoys", "Sacré-Cœur", "Saint-Pierre", "des Érables",
    "des Trois-Saisons", "de l'Envol", "Félix-Leclerc", "Gabrielle-Roy", "Laure-Conan", "Saint-Rosaire",
    "Jacques-Cartier", "des Pionniers", "du Vieux-Moulin", "de la Source", "des Cheminots",
    "Marie-Victorin", "Sainte-Bernadette", "de l'Arc-en-ciel", "des Quatre-Vents", "Monseigneur-Parent",
    "du Bourg", "Paul-Hubert", "de la Clé-des-Champs",
)  # fmt: skip
PERSON_NAMES = (
    "Gabrielle-Roy", "Anne-Hébert", "Félix-Leclerc", "Michel-Tremblay", "Marie-Claire-Blais",
    "Gilles-Vigneault", "Germaine-Guèvremont", "Antonine-Maillet", "Émile-Nelligan", "Yves-Thériault",
    "Réjean-Ducharme", "Louis-Fréchette",
)  # fmt: skip
STREETS = (
    "rue Principale", "rue Saint-Jean", "boulevard René-Lévesque", "rue Notre-Dame", "avenue des Érables",
    "rue de l'Église", "chemin du Lac", "rue Sainte-Anne", "boulevard Saint-Joseph", "rue King",
    "3e Avenue", "rue du Parc", "rue Saint-Germain", "avenue du Collège", "rue de la Gare",
    "boulevard Laurier", "rue Racine", "rue des Pins", "rue Champlain", "rue du Couvent",
    "boulevard de la Rive", "rue Saint-Louis", "avenue Royale", "rue des Écoles", "chemin Sainte-Foy",
)  # fmt: skip
RESEARCH_TOPICS = (
    "le développement des tout-petits", "l'éveil à la lecture et à l'écriture", "la périnatalité sociale",
    "la transition scolaire", "l'engagement des pères", "les familles immigrantes et la petite enfance",
    "la qualité des services de garde éducatifs", "les politiques familiales",
    "le développement langagier", "les communautés favorables aux familles",
)  # fmt: skip
FIRST_NAMES = (
    ("Marie", "f"), ("Julie", "f"), ("Sophie", "f"), ("Isabelle", "f"), ("Nathalie", "f"),
    ("Geneviève", "f"), ("Catherine", "f"), ("Mélanie", "f"), ("Annie", "f"), ("Valérie", "f"),
    ("Stéphanie", "f"), ("Karine", "f"), ("Émilie", "f"), ("Audrey", "f"), ("Marie-Ève", "f"),
    ("Josée", "f"), ("Chantal", "f"), ("Caroline", "f"), ("Véronique", "f"), ("Amélie", "f"),
    ("Marie-Pier", "f"), ("Andréanne", "f"), ("Roxanne", "f"), ("Camille", "f"), ("Fatima", "f"),
    ("Amina", "f"), ("Yasmine", "f"), ("Lina", "f"), ("Mireille", "f"), ("Line", "f"),
    ("Jean", "m"), ("Martin", "m"), ("François", "m"), ("Éric", "m"), ("Patrick", "m"),
    ("Marc-André", "m"), ("Mathieu", "m"), ("Simon", "m"), ("Alexandre", "m"), ("Louis", "m"),
    ("Philippe", "m"), ("Guillaume", "m"), ("Sébastien", "m"), ("Olivier", "m"), ("Karim", "m"),
    ("Pierre-Luc", "m"), ("Samuel", "m"), ("Jean-François", "m"),
)  # fmt: skip
LAST_NAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
    "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
    "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc",
    "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard",
    "Grenier", "Lessard", "Bernier", "Richard", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte",
    "Lachance", "Parent", "Blais", "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers", "Perreault",
    "Boudreau", "Lemieux", "Cyr", "Perron", "Dufour", "Dion", "Mercier", "Bolduc", "Bérubé", "Boivin",
    "Langlois", "Ménard", "Nguyen", "Diallo", "Joseph", "Haddad", "Benali", "Mukendi", "Rodriguez",
    "Wong", "Petit-Frère",
)  # fmt: skip
JOB_TITLES = (
    ("Directrice générale", "Directeur général"),
    ("Éducatrice à la petite enfance", "Éducateur à la petite enfance"),
    ("Intervenante communautaire", "Intervenant communautaire"),
    ("Agente de développement", "Agent de développement"),
    ("Conseillère pédagogique", "Conseiller pédagogique"),
    ("Infirmière en périnatalité", "Infirmier en périnatalité"),
    ("Bibliothécaire jeunesse", "Bibliothécaire jeunesse"),
    ("Organisatrice communautaire", "Organisateur communautaire"),
    ("Travailleuse sociale", "Travailleur social"),
    ("Directrice adjointe", "Directeur adjoint"),
    ("Chargée de projet", "Chargé de projet"),
    ("Professionnelle de recherche", "Professionnel de recherche"),
)
FOCUSES = (
    "l'éveil à la lecture et à l'écriture", "la transition vers l'école", "l'engagement des pères",
    "l'accès aux services pour les familles immigrantes", "les saines habitudes de vie",
    "le développement langagier", "les environnements favorables aux familles", "la périnatalité",
    "la qualité des milieux de garde", "le soutien aux familles en contexte de défavorisation",
    "les compétences sociales et affectives", "le répit et le soutien parental",
)  # fmt: skip
DPE_STAGE_WEIGHTS = {
    DpeStage.MOBILISATION.value: 10,
    DpeStage.ANALYSIS.value: 18,
    DpeStage.PLANNING.value: 25,
    DpeStage.IMPLEMENTATION.value: 35,
    DpeStage.EVALUATION.value: 12,
}
LOCAL_PARTNERSHIP_NAMES = (
    "Regroupement Naître et grandir {of}",
    "Concertation petite enfance {of}",
    "Table de concertation 0-5 ans {of}",
    "Comité Tout-petits {of}",
    "Regroupement des partenaires en petite enfance {of}",
    "Alliance Éveil {of}",
    "Table Enfance-Famille {of}",
    "Regroupement Grandir ensemble {of}",
    "Comité Petite enfance en action {of}",
)
REGIONAL_PARTNERSHIP_NAMES = (
    "Instance régionale en petite enfance {of}",
    "Table régionale des partenaires en petite enfance {of}",
    "Comité régional Tout-petits {of}",
    "Alliance régionale pour les tout-petits {of}",
    "Chantier régional Famille-Enfance {of}",
    "Commission régionale en petite enfance {of}",
    "Réseau régional Éveil {of}",
    "Forum régional des tout-petits {of}",
    "Comité régional en périnatalité {of}",
    "Table régionale Transition scolaire {of}",
)
NATIONAL_PARTNERSHIP_NAMES = (
    "Projet national Éveil à la lecture et à l'écriture",
    "Chantier national sur la transition scolaire",
    "Projet national Pères engagés",
    "Initiative nationale Tout-petits en santé",
    "Projet national Familles immigrantes et petite enfance",
    "Chantier national Qualité des milieux éducatifs",
    "Projet national Périnatalité sociale",
    "Initiative nationale Communautés amies des familles",
)


# --- The plan ------------------------------------------------------------------------


@dataclass(slots=True)
class OrganisationSpec:
    name: str
    sector: str
    scale: str
    region: str
    regions: list[str]
    municipality: str
    address: str
    website: str
    email: str
    description: str


@dataclass(slots=True)
class MembershipSpec:
    organisation: int  # index in Plan.organisations
    role: str
    joined_on: datetime.date


@dataclass(slots=True)
class PartnershipSpec:
    name: str
    kind: str
    region: str
    territory_name: str
    territory_type: str
    children_0_5: int | None
    dpe_stage: str
    description: str
    website: str
    email: str
    members: list[MembershipSpec]


@dataclass(slots=True)
class PersonSpec:
    email: str
    first_name: str
    last_name: str
    date_joined: datetime.datetime
    affiliation: int  # index in Plan.organisations
    job_title: str
    coordinates: int | None = None  # index in Plan.partnerships


@dataclass
class Plan:
    organisations: list[OrganisationSpec] = field(default_factory=list)
    partnerships: list[PartnershipSpec] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)

    @property
    def membership_count(self) -> int:
        return sum(len(p.members) for p in self.partnerships)

    @property
    def region_link_count(self) -> int:
        return sum(len(o.regions) for o in self.organisations)


def allocate(total: int, weights: dict[str, float], *, at_least_one: bool = True) -> dict[str, int]:
    """Split `total` proportionally to `weights` (largest remainder), every key at least once if it fits."""
    keys = list(weights)
    floor = 1 if at_least_one and total >= len(keys) else 0
    remaining = total - floor * len(keys)
    weight_sum = sum(weights.values())
    exact = {key: remaining * weights[key] / weight_sum for key in keys}
    counts = {key: floor + int(exact[key]) for key in keys}
    leftover = total - sum(counts.values())
    by_remainder = sorted(keys, key=lambda key: (-(exact[key] - int(exact[key])), key))
    for key in by_remainder[:leftover]:
        counts[key] += 1
    return counts


class _UniqueNames:
    """Distinguishes repeated names with a place, then with a numbered suffix."""

    def __init__(self, suffix: str) -> None:
        self.used: set[str] = set()
        self.suffix = suffix
        self.next_number: dict[str, int] = {}

    def _candidates(self, name: str, places: Sequence[str]) -> list[str]:
        return [name] + [f"{name} ({place})" for place in places if place and place not in name]

    def is_free(self, name: str, *places: str) -> bool:
        return any(candidate not in self.used for candidate in self._candidates(name, places))

    def __call__(self, name: str, *places: str) -> str:
        for candidate in self._candidates(name, places):
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        number = self.next_number.get(name, 2)
        while f"{name} — {self.suffix} {number}" in self.used:
            number += 1
        self.next_number[name] = number + 1
        unique = f"{name} — {self.suffix} {number}"
        self.used.add(unique)
        return unique


def _slug(text: str, limit: int = 48) -> str:
    return "-".join(fold(text).split())[:limit].strip("-") or "organisme"


def _weighted(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _postal_code(rng: random.Random, region: RegionData) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{rng.choice(region.postal)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


class _OrganisationNamer:
    """Plausible names and descriptions per sector and scale."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def local(self, sector: str, region: RegionData, municipality: str, place: str) -> tuple[str, str]:
        rng = self.rng
        at_place = at(municipality)
        little = rng.choice(LITTLE_NAMES)
        of_place = of(place)
        if sector == "services-de-garde":
            places = rng.choice((29, 39, 47, 52, 60, 62, 80))
            name = rng.choices(
                (
                    f"CPE {little}",
                    f"Garderie éducative {little} {of_place}",
                    f"Bureau coordonnateur de la garde en milieu familial {of(municipality)}",
                    f"Halte-garderie {little}",
                    f"Garderie {little}",
                ),
                weights=(50, 20, 6, 12, 12),
            )[0]
            if name.startswith("Bureau"):
                text = (
                    f"Bureau coordonnateur qui soutient les responsables de services de garde en milieu "
                    f"familial {at_place} et dans les environs."
                )
            elif name.startswith("Halte"):
                text = f"Halte-garderie offrant du répit aux parents {at_place}, sur réservation."
            else:
                text = (
                    f"Service de garde éducatif de {places} places {at_place}. Programme éducatif axé "
                    f"sur le jeu, le langage et la préparation à l'école."
                )
        elif sector == "communautaire-famille":
            name = rng.choice(
                (
                    f"Maison de la famille {of_place}",
                    f"Carrefour familial {little}",
                    f"Centre de ressources périnatales {of_place}",
                    f"Entraide-parents {of_place}",
                    f"Association des familles {of_place}",
                    f"Joujouthèque {little}",
                    f"Cuisines collectives {of_place}",
                    f"Centre de femmes {of_place}",
                )
            )
            text = rng.choice(
                (
                    f"Organisme communautaire Famille {at_place} : ateliers parents-enfants, halte-répit et "
                    f"soutien aux familles en contexte de défavorisation.",
                    f"Lieu d'accueil et d'entraide pour les parents de tout-petits {at_place} : "
                    f"cafés-rencontres, prêt de jeux et accompagnement.",
                    f"Accompagnement des familles de la grossesse aux 5 ans de l'enfant {at_place}.",
                )
            )
        elif sector == "education":
            if rng.random() < 0.8:
                name = f"École {rng.choice(SCHOOL_NAMES)}"
                text = f"École primaire {at_place}, avec classes de maternelle 4 et 5 ans."
            else:
                name = f"Service éducatif Passe-Partout {of(municipality)}"
                text = f"Préparation à l'école des enfants de 4 ans et de leurs parents, {at_place}."
        elif sector == "sante-services-sociaux":
            name = rng.choices(
                (
                    f"CLSC {of_place}",
                    f"Centre de pédiatrie sociale {of_place}",
                    f"Clinique de périnatalité {of(municipality)}",
                    f"Équipe SIPPE {of_place}",
                ),
                weights=(55, 15, 15, 15),
            )[0]
            text = (
                f"Services de santé et services sociaux de proximité pour les familles {at_place} : suivi "
                f"périnatal, vaccination, soutien au développement de l'enfant."
            )
        elif sector == "municipal":
            kind = "Ville" if _population(region, municipality) >= 5 else "Municipalité"
            name = rng.choices(
                (
                    f"{kind} {of(municipality)}",
                    f"Service des loisirs et de la vie communautaire — {kind} {of(municipality)}",
                    f"Service de la culture et des bibliothèques — {kind} {of(municipality)}",
                    f"Comité de la politique familiale — {kind} {of(municipality)}",
                    f"Arrondissement {of(place)}" if place != municipality else f"{kind} {of(municipality)}",
                ),
                weights=(40, 15, 15, 15, 15),
            )[0]
            text = (
                f"{kind} engagée dans une politique familiale : parcs, bibliothèque et activités "
                f"pour les familles de tout-petits."
            )
        elif sector == "bibliotheques-culture":
            name = rng.choice(
                (
                    f"Bibliothèque municipale {of(municipality)}",
                    f"Bibliothèque {rng.choice(PERSON_NAMES)}",
                    f"Maison de la culture {of_place}",
                )
            )
            text = f"Heures du conte, trousses d'éveil à la lecture et activités pour les 0-5 ans {at_place}."
        elif sector == "emploi-solidarite":
            name = rng.choice(
                (
                    f"Carrefour jeunesse-emploi {of(municipality)}",
                    f"Centre local d'emploi {of(municipality)}",
                    f"Service d'aide à l'emploi {of_place}",
                )
            )
            text = f"Accompagnement vers l'emploi et les études des jeunes parents {at_place}."
        elif sector == "philanthropie":
            name = rng.choice(
                (
                    f"Fondation {of(municipality)} pour l'enfance",
                    f"Fondation {rng.choice(LAST_NAMES)} pour les tout-petits",
                    f"Club des petits déjeuners {of(municipality)}",
                )
            )
            text = (
                f"Soutien financier à des projets locaux pour les tout-petits et leurs familles {at_place}."
            )
        elif sector == "recherche":
            name = f"Équipe de recherche en petite enfance {of(municipality)}"
            text = f"Projets de recherche-action menés avec les partenaires en petite enfance {at_place}."
        else:
            name = rng.choice(
                (
                    f"Centre d'action bénévole {of(municipality)}",
                    f"Office municipal d'habitation {of(municipality)}",
                    f"Corporation de développement communautaire {of(municipality)}",
                    f"Comptoir alimentaire {of_place}",
                    f"Centre d'amitié autochtone {of(municipality)}",
                )
            )
            text = f"Organisme partenaire de la concertation en petite enfance {at_place}."
        return name, text

    def regional(self, sector: str, region: RegionData) -> tuple[str, str]:
        rng = self.rng
        area = f"la région {region.of}"
        if sector == "sante-services-sociaux":
            establishment = rng.choice(region.health)
            name = rng.choice(
                (
                    establishment,
                    f"Direction de santé publique — {establishment}",
                    f"Services jeunesse-famille — {establishment}",
                )
            )
            text = f"Établissement public de santé et de services sociaux couvrant {area}."
        elif sector == "education":
            name = rng.choice(region.school_centres)
            text = f"Centre de services scolaire offrant la maternelle 4 et 5 ans dans {area}."
        elif sector == "municipal":
            if region.mrcs:
                name = f"MRC {of(rng.choice(region.mrcs))}"
            else:
                name = f"Conférence des élus {region.of}"
            text = (
                "Municipalité régionale de comté : aménagement, développement social et politique familiale."
            )
        elif sector == "bibliotheques-culture":
            name = rng.choice((f"Réseau BIBLIO {region.of}", f"Conseil de la culture {region.of}"))
            text = f"Soutien aux bibliothèques et aux milieux culturels de {area}."
        elif sector == "philanthropie":
            name = rng.choice((f"Fondation communautaire {region.of}", f"Centraide {region.of}"))
            text = f"Financement de projets communautaires pour les familles de {area}."
        elif sector == "recherche":
            name = rng.choice(
                (
                    f"Chaire de recherche sur la petite enfance {region.of}",
                    f"Laboratoire d'observation du développement de l'enfant {region.of}",
                )
            )
            text = f"Recherche partenariale sur le développement des tout-petits dans {area}."
        elif sector == "services-de-garde":
            name = rng.choice(
                (
                    f"Regroupement des centres de la petite enfance {region.of}",
                    f"Association des garderies éducatives {region.of}",
                    f"Réseau des bureaux coordonnateurs {region.of}",
                    f"Regroupement des CPE {self._mrc_or_region(region)}",
                )
            )
            text = f"Association régionale des services de garde éducatifs de {area}."
        elif sector == "communautaire-famille":
            name = rng.choice(
                (
                    f"Regroupement des organismes communautaires Famille {region.of}",
                    f"Table des organismes Famille {self._mrc_or_region(region)}",
                    f"Corporation de développement communautaire {self._mrc_or_region(region)}",
                )
            )
            text = f"Réseau régional des organismes communautaires Famille de {area}."
        elif sector == "emploi-solidarite":
            name = f"Direction régionale de Services Québec {region.of}"
            text = f"Services d'emploi et de solidarité sociale pour {area}."
        else:
            name = rng.choice(
                (
                    f"Table régionale des organismes communautaires {region.of}",
                    f"Forum régional en développement social {region.of}",
                )
            )
            text = f"Concertation régionale en développement social dans {area}."
        return name, text

    def _mrc_or_region(self, region: RegionData) -> str:
        if region.mrcs and self.rng.random() < 0.7:
            return f"de la MRC {of(self.rng.choice(region.mrcs))}"
        return region.of

    def national(self, sector: str) -> tuple[str, str]:
        rng = self.rng
        topic = rng.choice(RESEARCH_TOPICS)
        if sector == "recherche":
            name = rng.choice(
                (
                    f"Chaire de recherche sur {topic}",
                    f"Observatoire québécois sur {topic}",
                    f"Centre d'études sur {topic}",
                )
            )
            text = f"Équipe de recherche nationale qui documente {topic} avec les partenaires du réseau."
        elif sector == "philanthropie":
            name = rng.choice(
                (
                    f"Fondation {rng.choice(LAST_NAMES)}-{rng.choice(LAST_NAMES)} pour la petite enfance",
                    "Fondation québécoise pour l'éveil des tout-petits",
                    f"Fonds {rng.choice(LAST_NAMES)} pour les familles",
                )
            )
            text = "Fondation qui soutient des projets en petite enfance partout au Québec."
        elif sector == "services-de-garde":
            name = "Regroupement national des services de garde éducatifs"
            text = "Association nationale des services de garde éducatifs à l'enfance."
        elif sector == "communautaire-famille":
            name = rng.choice(
                (
                    "Fédération des organismes communautaires Famille du Québec",
                    "Regroupement québécois des haltes-garderies",
                    "Réseau des centres de ressources périnatales du Québec",
                    "Association québécoise des joujouthèques",
                    f"Réseau québécois pour {topic}",
                    f"Alliance québécoise pour {topic}",
                )
            )
            text = "Regroupement national d'organismes qui soutiennent les familles."
        elif sector == "education":
            name = "Association québécoise pour l'éducation préscolaire"
            text = "Association nationale qui soutient la qualité de l'éducation préscolaire."
        elif sector == "sante-services-sociaux":
            name = "Institut national de promotion de la santé des tout-petits"
            text = "Expertise nationale en santé publique et en développement de l'enfant."
        elif sector == "bibliotheques-culture":
            name = "Association des bibliothèques publiques pour la lecture en famille"
            text = "Programmes nationaux d'éveil à la lecture dans les bibliothèques publiques."
        elif sector == "emploi-solidarite":
            name = "Réseau national des carrefours jeunesse-emploi pour jeunes parents"
            text = "Réseau national d'accompagnement des jeunes parents vers l'emploi."
        else:
            name = rng.choice(
                (
                    "Coalition québécoise pour les tout-petits",
                    "Alliance nationale pour des communautés amies des familles",
                    "Réseau québécois des villes et villages en santé pour les familles",
                    f"Coalition pour {topic}",
                    f"Collectif national pour {topic}",
                )
            )
            text = "Organisme national qui mobilise les partenaires autour des tout-petits."
        return name, text


def _population(region: RegionData, municipality: str) -> float:
    for name, population in region.municipalities:
        if name == municipality:
            return population
    return 0.0


def _region_weights() -> dict[str, float]:
    # Mostly proportional to population, with a floor so that remote regions keep a network.
    total = sum(region.population_k for region in REGIONS)
    return {r.code: 0.85 * r.population_k / total + 0.15 / len(REGIONS) for r in REGIONS}


def _plan_organisations(plan: Plan, count: int, seed: int) -> None:
    rng = random.Random(f"{seed}-organisations")
    namer = _OrganisationNamer(rng)
    unique = _UniqueNames("point de service")
    region_slots = [code for code, n in allocate(count, _region_weights()).items() for _ in range(n)]
    sector_slots = [code for code, n in allocate(count, SECTOR_WEIGHTS).items() for _ in range(n)]
    rng.shuffle(region_slots)
    rng.shuffle(sector_slots)
    all_codes = [region.code for region in REGIONS]
    for region_code, sector in zip(region_slots, sector_slots, strict=True):
        region = REGIONS_BY_CODE[region_code]
        scale = _weighted(rng, SCALES, SCALE_WEIGHTS[sector])
        municipality = _weighted(
            rng, [m[0] for m in region.municipalities], [m[1] for m in region.municipalities]
        )
        hoods = region.neighbourhoods.get(municipality, ())
        place = rng.choice(hoods) if hoods and rng.random() < 0.85 else municipality
        if scale == Scale.REGIONAL:
            # Regional organisations sit in the region's main town.
            municipality = place = region.municipalities[0][0]
        elif scale == Scale.NATIONAL:
            municipality = place = rng.choice(("Montréal", "Montréal", "Québec"))
        # A few draws to find a free name before falling back on a numbered suffix.
        for _ in range(4):
            if scale == Scale.LOCAL:
                name, description = namer.local(sector, region, municipality, place)
            elif scale == Scale.REGIONAL:
                name, description = namer.regional(sector, region)
            else:
                name, description = namer.national(sector)
            if unique.is_free(name, place, municipality):
                break
        if scale != Scale.NATIONAL:
            regions = [region_code]
        elif rng.random() < 0.5:
            regions = list(all_codes)
        else:
            regions = sorted({region_code, *rng.sample(all_codes, rng.randint(2, 11))})
        name = unique(name, place, municipality)
        slug = _slug(name)
        plan.organisations.append(
            OrganisationSpec(
                name=name,
                sector=sector,
                scale=scale,
                region=region_code,
                regions=regions,
                municipality=municipality,
                address=(
                    f"{rng.randint(10, 2999)}, {rng.choice(STREETS)}, {municipality} (Québec) "
                    f"{_postal_code(rng, region)}"
                ),
                website=f"https://{slug}.example",
                email=f"info@{slug}.example",
                description=description,
            )
        )


class _Cycle:
    """Hands out items of a list in turn, so that memberships spread over every organisation."""

    def __init__(self, items: list[int]) -> None:
        self.items = items
        self.position = 0

    def take(self, count: int, chosen: dict[int, None]) -> None:
        scanned = 0
        while count > 0 and scanned < len(self.items):
            item = self.items[self.position]
            self.position = (self.position + 1) % len(self.items)
            scanned += 1
            if item not in chosen:
                chosen[item] = None
                count -= 1


def _territories(region: RegionData) -> list[Territory]:
    territories = [
        Territory(f"MRC {of(mrc)}", TerritoryType.MRC, f"de la MRC {of(mrc)}") for mrc in region.mrcs
    ]
    territories += [Territory(name, TerritoryType.MRC, of_form) for name, of_form in region.other_territories]
    for name, population in region.municipalities:
        if population >= 15 and name not in region.neighbourhoods:
            territories.append(Territory(name, TerritoryType.CITY, of(name), population))
    for hoods in region.neighbourhoods.values():
        territories += [Territory(hood, TerritoryType.NEIGHBOURHOOD, of(hood)) for hood in hoods]
    if not territories:
        name, population = region.municipalities[0]
        territories.append(Territory(name, TerritoryType.CITY, of(name), population))
    return territories


def _children(rng: random.Random, territory: Territory) -> int:
    if territory.type == TerritoryType.NEIGHBOURHOOD:
        return rng.randint(8, 60) * 100
    if territory.type == TerritoryType.CITY:
        # About 5.6 % of the population is aged 0 to 5.
        estimate = territory.population_k * 1000 * 0.056 * rng.uniform(0.9, 1.1)
        return int(min(25_000, max(800, round(estimate, -1))))
    return rng.randint(9, 70) * 100


def _description(kind: str, founded: int, territory: str, members: int, rng: random.Random) -> str:
    first, second = rng.sample(FOCUSES, 2)
    if kind == PartnershipKind.LOCAL:
        opening = f"Fondé en {founded}, ce regroupement local réunit {members} partenaires {territory}"
    elif kind == PartnershipKind.REGIONAL:
        opening = f"Depuis {founded}, cette instance régionale réunit {members} partenaires {territory}"
    else:
        opening = f"Lancé en {founded}, ce projet national réunit {members} partenaires de partout au Québec"
    return (
        f"{opening} autour du développement global des tout-petits, de la grossesse à l'entrée à l'école. "
        f"Son plan d'action concerté met l'accent sur {first} et sur {second}."
    )


def _plan_partnerships(plan: Plan, count: int, seed: int, scale: float) -> None:
    rng = random.Random(f"{seed}-partnerships")
    unique = _UniqueNames("secteur")
    orgs = plan.organisations
    n_regional = min(round(REGIONAL_PARTNERSHIPS_PER_SCALE * scale), count - 1)
    n_national = min(round(NATIONAL_PARTNERSHIPS_PER_SCALE * scale), count - 1 - n_regional)
    n_local = count - n_regional - n_national

    local_by_region: dict[str, list[int]] = {r.code: [] for r in REGIONS}
    regional_by_region: dict[str, list[int]] = {r.code: [] for r in REGIONS}
    national: list[int] = []
    for index, org in enumerate(orgs):
        if org.scale == Scale.LOCAL:
            local_by_region[org.region].append(index)
        elif org.scale == Scale.REGIONAL:
            regional_by_region[org.region].append(index)
        else:
            national.append(index)
    for items in (*local_by_region.values(), *regional_by_region.values(), national):
        rng.shuffle(items)
    local_cycles = {code: _Cycle(items) for code, items in local_by_region.items()}
    regional_cycles = {code: _Cycle(items) for code, items in regional_by_region.items()}
    national_cycle = _Cycle(national)
    all_regional = _Cycle(rng.sample(range(len(orgs)), len(orgs)))
    anyone = _Cycle(rng.sample(range(len(orgs)), len(orgs)))

    def members_for(kind: str, region: str, size: int) -> list[int]:
        chosen: dict[int, None] = {}
        if kind == PartnershipKind.LOCAL:
            regional_cycles[region].take(rng.randint(1, 3), chosen)
            national_cycle.take(rng.choice((0, 0, 1, 1, 2)), chosen)
            local_cycles[region].take(size - len(chosen), chosen)
        elif kind == PartnershipKind.REGIONAL:
            regional_cycles[region].take(size // 3, chosen)
            national_cycle.take(rng.randint(0, 4), chosen)
            local_cycles[region].take(size - len(chosen), chosen)
        else:
            national_cycle.take(size * 2 // 3, chosen)
            all_regional.take(size - len(chosen), chosen)
        # Small scales or regions: complete with organisations from the region, then anywhere.
        regional_cycles[region].take(size - len(chosen), chosen)
        anyone.take(size - len(chosen), chosen)
        return list(chosen)

    def memberships(indices: list[int], founded: datetime.date) -> list[MembershipSpec]:
        trustee = next(
            (
                i
                for i in indices
                if orgs[i].sector in ("communautaire-famille", "sante-services-sociaux", "municipal")
            ),
            indices[0],
        )
        span = (REFERENCE_DATE - founded).days
        result = []
        for index in indices:
            if index == trustee:
                role = MemberRole.TRUSTEE
            elif orgs[index].sector in ("recherche", "philanthropie") and rng.random() < 0.5:
                role = MemberRole.OBSERVER
            else:
                draw = rng.random()
                role = (
                    MemberRole.STEERING
                    if draw < 0.16
                    else MemberRole.OBSERVER
                    if draw < 0.21
                    else MemberRole.MEMBER
                )
            # Founding members joined on the first day; the others along the years.
            joined = (
                founded if rng.random() < 0.45 else founded + datetime.timedelta(days=rng.randint(0, span))
            )
            result.append(MembershipSpec(organisation=index, role=role.value, joined_on=joined))
        result.sort(key=lambda m: (m.joined_on, m.organisation))
        return result

    def add(
        kind: str, region_code: str, name: str, territory: Territory, size: int, children: int | None
    ) -> None:
        founded = datetime.date(
            _weighted(rng, range(FIRST_YEAR, 2025), [4 if y < 2016 else 1 for y in range(FIRST_YEAR, 2025)]),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        indices = members_for(kind, region_code, size)
        name = unique(name)
        slug = _slug(name)
        plan.partnerships.append(
            PartnershipSpec(
                name=name,
                kind=kind,
                region=region_code,
                territory_name=territory.name,
                territory_type=territory.type,
                children_0_5=children,
                dpe_stage=_weighted(rng, list(DPE_STAGE_WEIGHTS), list(DPE_STAGE_WEIGHTS.values())),
                description=_description(kind, founded.year, territory.of, len(indices), rng),
                website=f"https://{slug}.example",
                email=f"coordination@{slug}.example",
                members=memberships(indices, founded),
            )
        )

    def size(low: int, mode: int) -> int:
        return round(rng.triangular(low, MAX_MEMBERS, mode))

    for region_code, n in allocate(n_local, _region_weights()).items():
        region = REGIONS_BY_CODE[region_code]
        territories = _territories(region)
        rng.shuffle(territories)
        offsets = [rng.randrange(len(LOCAL_PARTNERSHIP_NAMES)) for _ in territories]
        for i in range(n):
            # A territory served twice gets a partnership with another name.
            t, round_ = i % len(territories), i // len(territories)
            territory = territories[t]
            template = LOCAL_PARTNERSHIP_NAMES[(offsets[t] + round_) % len(LOCAL_PARTNERSHIP_NAMES)]
            name = template.format(of=territory.of)
            add(
                PartnershipKind.LOCAL,
                region_code,
                name,
                territory,
                size(MIN_MEMBERS, 16),
                _children(rng, territory),
            )

    for i in range(n_regional):
        region = REGIONS[i % len(REGIONS)]
        template = REGIONAL_PARTNERSHIP_NAMES[(i // len(REGIONS)) % len(REGIONAL_PARTNERSHIP_NAMES)]
        territory = Territory(REGION_LABELS[region.code], TerritoryType.REGION, region.of)
        children = int(round(region.population_k * 1000 * 0.056 * rng.uniform(0.92, 1.08), -1))
        add(
            PartnershipKind.REGIONAL,
            region.code,
            template.format(of=region.of),
            territory,
            size(12, 24),
            children,
        )

    for i in range(n_national):
        name = NATIONAL_PARTNERSHIP_NAMES[i % len(NATIONAL_PARTNERSHIP_NAMES)]
        seat = rng.choice(("06", "06", "03"))
        territory = Territory("Ensemble du Québec", TerritoryType.QUEBEC, "du Québec")
        children = int(round(rng.uniform(0.2, 0.9) * 470_000, -2))
        add(PartnershipKind.NATIONAL, seat, name, territory, size(10, 20), children)


def _plan_people(plan: Plan, seed: int, taken_emails: Iterable[str]) -> None:
    rng = random.Random(f"{seed}-people")
    taken = {email.lower() for email in taken_emails}
    next_number: dict[str, int] = {}

    def person(affiliation: int, job_title: tuple[str, str] | None, coordinates: int | None) -> PersonSpec:
        first, gender = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        base = f"{_slug(first)}.{_slug(last)}"
        number = next_number.get(base, 1)
        while True:
            email = f"{base}{number if number > 1 else ''}@{DEMO_EMAIL_DOMAIN}"
            number += 1
            if email not in taken:
                break
        next_number[base] = number
        taken.add(email)
        titles = job_title or rng.choice(JOB_TITLES)
        return PersonSpec(
            email=email,
            first_name=first,
            last_name=last,
            date_joined=REFERENCE_MOMENT
            - datetime.timedelta(days=rng.randint(0, 5 * 365), minutes=rng.randint(0, 1440)),
            affiliation=affiliation,
            job_title=titles[0] if gender == "f" else titles[1],
            coordinates=coordinates,
        )

    coordinator = ("Coordonnatrice du regroupement", "Coordonnateur du regroupement")
    for index, partnership in enumerate(plan.partnerships):
        # The coordinator is usually employed by the partnership's trustee organisation.
        trustee = next(m.organisation for m in partnership.members if m.role == MemberRole.TRUSTEE)
        for _ in range(1 if rng.random() < 0.8 else 2):
            plan.people.append(person(trustee, coordinator, index))
    for affiliation in sorted(rng.sample(range(len(plan.organisations)), round(len(plan.organisations) / 3))):
        plan.people.append(person(affiliation, None, None))


def plan_network(scale: float, seed: int, *, taken_emails: Iterable[str] = ()) -> Plan:
    """The whole demo network for a scale and a seed, without touching the database."""
    if scale < MIN_SCALE:
        raise ValueError(f"scale must be at least {MIN_SCALE}")
    plan = Plan()
    _plan_organisations(plan, max(MAX_MEMBERS, round(ORGANISATIONS_PER_SCALE * scale)), seed)
    _plan_partnerships(plan, max(1, round(PARTNERSHIPS_PER_SCALE * scale)), seed, scale)
    _plan_people(plan, seed, taken_emails)
    return plan


# --- Writing -------------------------------------------------------------------------


@dataclass
class Summary:
    organisations: int
    partnerships: int
    memberships: int
    people: int
    affiliations: int


def _batches(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def total_rows(plan: Plan) -> int:
    """How many rows `write_network` inserts (for a progress bar)."""
    coordinators = sum(1 for p in plan.people if p.coordinates is not None)
    return (
        len(plan.organisations)
        + plan.region_link_count
        + len(plan.partnerships)
        + plan.membership_count
        + 2 * len(plan.people)
        + coordinators
    )


def _ids_by_code(model: type[models.Model], needed: Iterable[str]) -> dict[str, int]:
    ids = dict(model.objects.values_list("code", "pk"))
    missing = sorted(set(needed) - set(ids))
    if missing:
        raise LookupError(f"{model._meta.label}: {', '.join(missing)}")
    return ids


def write_network(
    plan: Plan,
    *,
    password_hash: str,
    progress: Callable[[str, int], None] = lambda phase, rows: None,
) -> Summary:
    """Insert the plan in bulk; call inside a transaction. `progress(phase, rows)` reports each batch."""
    User = get_user_model()
    region_ids = _ids_by_code(Region, [r.code for r in REGIONS])
    sector_ids = _ids_by_code(Sector, list(SECTOR_WEIGHTS))

    organisation_ids: list[int] = []
    for batch in _batches(plan.organisations):
        instances = []
        for spec in batch:
            organisation = Organisation(
                name=spec.name,
                sector_id=sector_ids[spec.sector],
                scale=spec.scale,
                municipality=spec.municipality,
                address=spec.address,
                website=spec.website,
                email=spec.email,
                description=spec.description,
                is_active=True,
            )
            organisation.search_text = organisation_search_text(organisation)
            instances.append(organisation)
        Organisation.objects.bulk_create(instances)
        organisation_ids.extend(o.pk for o in instances)
        progress("Partenaires", len(batch))

    RegionLink = Organisation.regions.through
    links = [
        RegionLink(organisation_id=organisation_ids[i], region_id=region_ids[code])
        for i, spec in enumerate(plan.organisations)
        for code in spec.regions
    ]
    for batch in _batches(links, 5000):
        RegionLink.objects.bulk_create(batch)
        progress("Régions des partenaires", len(batch))
    del links

    partnership_ids: list[int] = []
    for batch in _batches(plan.partnerships, 500):
        instances = []
        for spec in batch:
            partnership = Partnership(
                name=spec.name,
                kind=spec.kind,
                region_id=region_ids[spec.region],
                territory_name=spec.territory_name,
                territory_type=spec.territory_type,
                children_0_5=spec.children_0_5,
                dpe_stage=spec.dpe_stage,
                description=spec.description,
                website=spec.website,
                email=spec.email,
                is_active=True,
            )
            partnership.search_text = partnership_search_text(partnership)
            instances.append(partnership)
        Partnership.objects.bulk_create(instances)
        partnership_ids.extend(p.pk for p in instances)
        progress("Regroupements", len(batch))

    memberships = [
        Membership(
            partnership_id=partnership_ids[p],
            organisation_id=organisation_ids[m.organisation],
            role=m.role,
            joined_on=m.joined_on,
        )
        for p, spec in enumerate(plan.partnerships)
        for m in spec.members
    ]
    for batch in _batches(memberships, 5000):
        Membership.objects.bulk_create(batch)
        progress("Adhésions", len(batch))
    membership_count = len(memberships)
    del memberships

    user_ids: list[int] = []
    for batch in _batches(plan.people):
        users = [
            User(
                username=spec.email,
                email=spec.email,
                first_name=spec.first_name,
                last_name=spec.last_name,
                password=password_hash,
                date_joined=spec.date_joined,
                is_active=True,
            )
            for spec in batch
        ]
        User.objects.bulk_create(users)
        user_ids.extend(u.pk for u in users)
        progress("Personnes", len(batch))

    CoordinatorLink = Partnership.coordinators.through
    coordinator_links = [
        CoordinatorLink(partnership_id=partnership_ids[spec.coordinates], user_id=user_ids[i])
        for i, spec in enumerate(plan.people)
        if spec.coordinates is not None
    ]
    CoordinatorLink.objects.bulk_create(coordinator_links, batch_size=5000)
    progress("Coordonnateurs", len(coordinator_links))

    affiliations = [
        Affiliation(
            user_id=user_ids[i], organisation_id=organisation_ids[spec.affiliation], job_title=spec.job_title
        )
        for i, spec in enumerate(plan.people)
    ]
    for batch in _batches(affiliations, 5000):
        Affiliation.objects.bulk_create(batch)
        progress("Affiliations", len(batch))

    return Summary(
        organisations=len(organisation_ids),
        partnerships=len(partnership_ids),
        memberships=membership_count,
        people=len(user_ids),
        affiliations=len(affiliations),
    )


def demo_emails_in_use() -> list[str]:
    """E-mails on the demo domain already taken, so that new demo people avoid them."""
    User = get_user_model()
    return list(User.objects.filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN).values_list("email", flat=True))


def flush_network() -> None:
    """Delete the partner network and the demo accounts (call inside a transaction).

    History is switched off meanwhile: recording the deletion of every demo row would
    only fill the history tables.
    """
    User = get_user_model()
    with no_history():
        Membership.objects.all().delete()
        Partnership.objects.all().delete()
        Affiliation.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN).delete()


# --- The generator seed_demo runs ----------------------------------------------------


class Progress(Protocol):
    """How a demo generator reports its work to `seed_demo`'s progress bar."""

    def start(self, label: str, total: int, unit: str = " lignes") -> None: ...

    def advance(self, phase: str, steps: int) -> None: ...


def generate(scale: float, seed: int, progress: Progress) -> dict[str, int]:
    """Write the demo network (call inside a transaction); return its figures, in French."""
    password_hash = make_password(os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD))
    plan = plan_network(scale, seed, taken_emails=demo_emails_in_use())
    progress.start("Réseau des partenaires", total_rows(plan))
    summary = write_network(plan, password_hash=password_hash, progress=progress.advance)
    return {
        "partenaires": summary.organisations,
        "regroupements": summary.partnerships,
        "adhésions": summary.memberships,
        "personnes": summary.people,
    }


def flush() -> None:
    """Delete what `generate` wrote, and the demo accounts (call inside a transaction)."""
    flush_network()
