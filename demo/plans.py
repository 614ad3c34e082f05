"""Deterministic demo action plans for the demo partner network.

`generate()` runs after `demo.partners.generate()` (see `seed_demo`): it reads the
partnerships and their members back from the database and gives each one a plan in a
state that agrees with its DPE stage: a dated stage history, the portrait (findings with
their data sources), priorities, intended changes tied to protective factors, actions
led by member organisations, indicators with measured values, reach per year and, for
what is finished, evaluations. Some partnerships also have the plan of their previous
cycle, which the current one points to.

Each partnership draws from its own `random.Random` (seed and partnership name), and
every date is relative to the fixed `REFERENCE_DATE`, so the same scale and seed always
give the same plans. Partnerships are handled in chunks, written with `bulk_create`
(which skips django-simple-history; acceptable for demo data), so that memory stays flat
whatever the scale.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from demo import partners as network_demo
from demo.db import link, no_history
from demo.text import at, number, of, percent
from partners.models import DpeStage, MemberRole, Membership, Partnership, PartnershipKind, TerritoryType
from plans.actions import action_search_text
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Reach,
    StageChange,
    Visibility,
)
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

REFERENCE_DATE = network_demo.REFERENCE_DATE
PARTNERSHIPS_PER_CHUNK = 100
MEMBERS_ONLY_SHARE = 0.1
PREVIOUS_PLAN_SHARE = 0.45

SYSTEMS = ("enfant", "famille", "communaute")
FACTORS = {
    "enfant": (
        "sante-physique",
        "habiletes-langagieres",
        "habiletes-cognitives",
        "competences-sociales-affectives",
    ),
    "famille": ("niveau-socioeconomique", "attitudes-parentales", "pratiques-parentales"),
    "communaute": ("qualite-services-milieux", "accessibilite-continuite", "soutien-social-environnements"),
}
SYSTEM_OF_FACTOR = {factor: system for system, factors in FACTORS.items() for factor in factors}
AGE_PERIODS = ("grossesse", "0-1", "1-2", "2-3", "3-4", "4-5", "transition-scolaire")
POPULATIONS = {
    # code: (weight, how an action's description names them, short form for a title)
    "defavorisation": (45, "les familles en contexte de défavorisation", ""),
    "immigrantes": (15, "les familles immigrantes", "familles immigrantes"),
    "autochtones": (4, "les familles autochtones", "familles autochtones"),
    "peres": (10, "les pères", "pères"),
    "jeunes-parents": (10, "les jeunes parents", "jeunes parents"),
    "besoins-particuliers": (10, "les enfants ayant des besoins particuliers et leur famille", ""),
}

# --- Reference material: the portrait ------------------------------------------------

# EQDEM: share of kindergarten children vulnerable, for the whole of Québec, per edition.
EQDEM = {
    2012: {"any": 25.6, "physical": 9.5, "social": 9.0, "emotional": 9.7, "cognitive": 10.0, "talk": 10.8},
    2017: {"any": 27.7, "physical": 10.6, "social": 10.2, "emotional": 11.5, "cognitive": 11.1, "talk": None},
    2022: {"any": 28.7, "physical": 10.3, "social": 10.6, "emotional": 11.7, "cognitive": 12.1, "talk": 11.5},
}
EQDEM_DOMAINS = {
    "any": "dans au moins un domaine de leur développement",
    "physical": "sur le plan de la santé physique et du bien-être",
    "social": "sur le plan des compétences sociales",
    "emotional": "sur le plan de la maturité affective",
    "cognitive": "sur le plan du développement cognitif et langagier",
    "talk": "sur le plan des habiletés de communication et des connaissances générales",
}
PRIORITIES = {
    "enfant": (
        ("Stimuler le langage et l'éveil à la lecture dès la naissance", ("habiletes-langagieres",)),
        ("Favoriser le développement moteur et les saines habitudes de vie", ("sante-physique",)),
        ("Soutenir le développement socioaffectif des tout-petits", ("competences-sociales-affectives",)),
        ("Éveiller la curiosité et le plaisir d'apprendre par le jeu", ("habiletes-cognitives",)),
        (
            "Préparer les enfants à l'entrée à l'école",
            ("habiletes-cognitives", "competences-sociales-affectives", "habiletes-langagieres"),
        ),
    ),
    "famille": (
        ("Rejoindre les familles isolées ou en contexte de défavorisation", ("niveau-socioeconomique",)),
        ("Renforcer le sentiment de compétence des parents", ("attitudes-parentales",)),
        ("Soutenir l'engagement des pères", ("attitudes-parentales", "pratiques-parentales")),
        ("Multiplier les moments de jeu et de lecture en famille", ("pratiques-parentales",)),
        (
            "Accompagner les futurs et les nouveaux parents",
            ("attitudes-parentales", "niveau-socioeconomique"),
        ),
    ),
    "communaute": (
        ("Faire connaître les services offerts aux familles", ("accessibilite-continuite",)),
        ("Assurer la continuité des services de la grossesse à l'école", ("accessibilite-continuite",)),
        ("Rehausser la qualité des milieux éducatifs", ("qualite-services-milieux",)),
        ("Aménager des environnements favorables aux familles", ("soutien-social-environnements",)),
        ("Briser l'isolement des familles et renforcer l'entraide", ("soutien-social-environnements",)),
    ),
}
OBJECTIVE_TITLES = {
    "sante-physique": (
        "Les tout-petits bougent davantage et adoptent de saines habitudes de vie",
        "Les enfants développent leur motricité globale et fine",
    ),
    "habiletes-langagieres": (
        "Les tout-petits développent leur langage et leur goût des livres",
        "Les enfants de 0 à 5 ans enrichissent leur vocabulaire et leur communication",
    ),
    "habiletes-cognitives": (
        "Les enfants développent leur curiosité, leur attention et leur mémoire par le jeu",
        "Les tout-petits arrivent à la maternelle avec le goût d'apprendre",
    ),
    "competences-sociales-affectives": (
        "Les tout-petits apprennent à reconnaître et à exprimer leurs émotions",
        "Les enfants développent des relations harmonieuses avec les autres",
    ),
    "niveau-socioeconomique": (
        "Les familles en contexte de défavorisation améliorent leurs conditions de vie",
        "Les parents accèdent à des ressources pour répondre aux besoins de base de leur famille",
    ),
    "attitudes-parentales": (
        "Les parents se sentent compétents et confiants dans leur rôle",
        "Les parents valorisent la lecture et la réussite éducative de leur enfant",
    ),
    "pratiques-parentales": (
        "Les parents multiplient les moments de jeu et de lecture avec leur enfant",
        "Les interactions entre les parents et leurs tout-petits sont chaleureuses et stimulantes",
    ),
    "qualite-services-milieux": (
        "Les milieux éducatifs offrent des activités de qualité qui soutiennent le développement global",
        "Les intervenantes et les éducatrices renforcent leurs pratiques de stimulation",
    ),
    "accessibilite-continuite": (
        "Les familles connaissent et utilisent les services offerts sur le territoire",
        "Les tout-petits vivent une transition harmonieuse vers l'école",
    ),
    "soutien-social-environnements": (
        "Les familles disposent de lieux accueillants et de réseaux d'entraide",
        "La communauté offre des environnements favorables aux tout-petits et à leur famille",
    ),
}
FACTOR_FOCUS = {
    "sante-physique": "les saines habitudes de vie",
    "habiletes-langagieres": "le langage et l'éveil à la lecture",
    "habiletes-cognitives": "le plaisir d'apprendre par le jeu",
    "competences-sociales-affectives": "le développement socioaffectif",
    "niveau-socioeconomique": "le soutien aux familles en contexte de défavorisation",
    "attitudes-parentales": "la confiance des parents",
    "pratiques-parentales": "le jeu et la lecture en famille",
    "qualite-services-milieux": "la qualité des milieux éducatifs",
    "accessibilite-continuite": "l'accès aux services et la transition vers l'école",
    "soutien-social-environnements": "des environnements favorables aux familles",
}


@dataclass(frozen=True)
class IndicatorTemplate:
    name: str
    unit: str
    baseline: tuple[float, float]  # range the baseline is drawn from
    change: tuple[float, float]  # range of target minus baseline
    measured: bool = True  # false for figures published every five years (EQDEM)

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


def _rate(name: str, low: float, high: float, change: tuple[float, float], measured: bool = True):
    return IndicatorTemplate(name, "%", (low, high), change, measured)


OBJECTIVE_INDICATORS = {
    "sante-physique": (
        _rate(
            "Enfants qui font au moins 60 minutes de jeu actif par jour en service de garde", 40, 60, (10, 20)
        ),
        _rate(
            "Enfants de maternelle vulnérables en santé physique et bien-être (EQDEM)", 8, 14, (-3, -1), False
        ),
    ),
    "habiletes-langagieres": (
        _rate(
            "Parents qui lisent une histoire à leur enfant au moins trois fois par semaine", 35, 55, (10, 20)
        ),
        _rate(
            "Enfants de maternelle vulnérables en communication et connaissances générales (EQDEM)",
            9,
            16,
            (-3, -1.5),
            False,
        ),
    ),
    "habiletes-cognitives": (
        _rate(
            "Enfants de maternelle vulnérables en développement cognitif et langagier (EQDEM)",
            9,
            16,
            (-3, -1),
            False,
        ),
        _rate("Enfants de 4 ans inscrits à une activité éducative régulière", 55, 75, (8, 15)),
    ),
    "competences-sociales-affectives": (
        _rate(
            "Éducatrices qui observent une meilleure gestion des émotions chez les enfants", 30, 50, (15, 25)
        ),
        _rate("Enfants de maternelle vulnérables en maturité affective (EQDEM)", 9, 15, (-3, -1), False),
    ),
    "niveau-socioeconomique": (
        IndicatorTemplate(
            "Familles accompagnées vers une aide financière, un logement ou un emploi",
            "familles",
            (0, 0),
            (25, 90),
        ),
        _rate("Familles participantes qui disent mieux boucler leur budget", 20, 35, (10, 20)),
    ),
    "attitudes-parentales": (
        _rate("Parents qui se sentent compétents dans leur rôle (sondage)", 55, 72, (8, 12)),
        _rate(
            "Parents qui disent que la lecture est importante pour la réussite de leur enfant",
            60,
            75,
            (8, 15),
        ),
    ),
    "pratiques-parentales": (
        _rate("Parents qui jouent ou lisent chaque jour avec leur enfant (sondage)", 40, 60, (10, 15)),
        _rate("Parents participants qui ont adopté une nouvelle routine de lecture", 20, 35, (20, 30)),
    ),
    "qualite-services-milieux": (
        IndicatorTemplate(
            "Milieux éducatifs qui ont intégré des pratiques de stimulation du langage",
            "milieux",
            (2, 8),
            (8, 20),
        ),
        _rate("Éducatrices formées qui appliquent les pratiques apprises", 40, 55, (20, 30)),
    ),
    "accessibilite-continuite": (
        _rate(
            "Parents qui connaissent au moins trois ressources pour les familles (sondage)", 35, 55, (15, 25)
        ),
        _rate("Enfants dont le passage vers la maternelle est planifié avec l'école", 20, 45, (25, 40)),
    ),
    "soutien-social-environnements": (
        _rate("Parents qui disent pouvoir compter sur quelqu'un en cas de besoin", 60, 78, (8, 12)),
        IndicatorTemplate("Lieux publics aménagés pour les familles", "lieux", (1, 5), (3, 8)),
    ),
}

# --- Reference material: actions -----------------------------------------------------


@dataclass(frozen=True)
class ActionTemplate:
    action_type: str
    title: str
    description: str
    factors: tuple[str, ...]
    ages: tuple[str, ...]
    sectors: tuple[str, ...]  # the sectors that usually lead it
    populations: tuple[str, ...] = ()  # always aimed at
    indicator: IndicatorTemplate | None = None
    whole_plan: bool = False  # runs from the first day of the plan to its last


CHILDREN = ("0-1", "1-2", "2-3", "3-4", "4-5")
TODDLERS = ("2-3", "3-4", "4-5")
PRESCHOOL = ("3-4", "4-5")
SCHOOL = ("4-5", "transition-scolaire")
PERINATAL = ("grossesse", "0-1")
EVERYONE = AGE_PERIODS


def _count(name: str, unit: str, low: int, high: int) -> IndicatorTemplate:
    return IndicatorTemplate(name, unit, (0, 0), (low, high))


def _templates(action_type: str, sectors: str, *rows: tuple) -> list[ActionTemplate]:
    result = []
    for row in rows:
        title, description, factors, ages, *rest = row
        options = rest[0] if rest else {}
        result.append(
            ActionTemplate(
                action_type=action_type,
                title=title,
                description=description,
                factors=tuple(factors.split()),
                ages=ages,
                sectors=tuple(options.get("sectors", sectors).split()),
                populations=tuple(options.get("populations", "").split()),
                indicator=options.get("indicator"),
                whole_plan=options.get("whole_plan", False),
            )
        )
    return result


TRAINING_TOPICS = (
    ("la stimulation du langage", "habiletes-langagieres qualite-services-milieux"),
    ("l'éveil à la lecture et à l'écriture", "habiletes-langagieres qualite-services-milieux"),
    ("le jeu actif et le développement moteur", "sante-physique qualite-services-milieux"),
    (
        "le développement socioaffectif et la gestion des émotions",
        "competences-sociales-affectives qualite-services-milieux",
    ),
    ("le jeu symbolique et la résolution de problèmes", "habiletes-cognitives qualite-services-milieux"),
    (
        "l'inclusion des enfants ayant des besoins particuliers",
        "qualite-services-milieux accessibilite-continuite",
    ),
    (
        "la collaboration avec les parents",
        "qualite-services-milieux attitudes-parentales pratiques-parentales",
    ),
    ("la saine alimentation des tout-petits", "sante-physique qualite-services-milieux"),
)

ACTION_TEMPLATES: tuple[ActionTemplate, ...] = tuple(
    _templates(
        "activites-enfants",
        "services-de-garde communautaire-famille bibliotheques-culture",
        (
            "Heure du conte et bébés-lecteurs à la bibliothèque",
            "Des séances de lecture animée pour les tout-petits et leurs parents, avec le prêt de livres "
            "adaptés à chaque âge.",
            "habiletes-langagieres pratiques-parentales",
            CHILDREN,
            {"sectors": "bibliotheques-culture", "indicator": _count("Enfants inscrits", "enfants", 30, 150)},
        ),
        (
            "Trousses de stimulation du langage",
            "Des trousses d'activités (livres, comptines, jeux de mots et d'images) prêtées aux familles et "
            "aux services de garde pour stimuler le langage au quotidien.",
            "habiletes-langagieres pratiques-parentales",
            ("1-2", "2-3", "3-4", "4-5"),
            {"indicator": _count("Trousses prêtées", "trousses", 60, 400)},
        ),
        (
            "Ateliers de psychomotricité pour les 2 à 5 ans",
            "Des ateliers de jeu actif animés par une kinésiologue pour développer la motricité globale et "
            "le plaisir de bouger.",
            "sante-physique competences-sociales-affectives",
            TODDLERS,
        ),
        (
            "Jeu actif extérieur dans les parcs",
            "Des animations de jeu libre et actif en plein air, en toute saison, pour les enfants et leurs "
            "parents.",
            "sante-physique soutien-social-environnements",
            TODDLERS,
        ),
        (
            "Ateliers d'éveil musical",
            "Chansons, rythmes et instruments pour développer l'écoute, la mémoire et la coordination des "
            "tout-petits.",
            "habiletes-cognitives competences-sociales-affectives",
            ("1-2", "2-3", "3-4"),
        ),
        (
            "Groupes de stimulation pour les enfants qui ne fréquentent pas de service de garde",
            "Des matinées éducatives en petits groupes pour les enfants de 3 et 4 ans qui ne fréquentent "
            "aucun service de garde, afin de préparer leur entrée à l'école.",
            "habiletes-cognitives habiletes-langagieres competences-sociales-affectives",
            PRESCHOOL,
            {"sectors": "communautaire-famille education"},
        ),
        (
            "Ateliers de cuisine pour petits chefs",
            "Les enfants découvrent de nouveaux aliments en cuisinant des collations simples et nutritives.",
            "sante-physique habiletes-cognitives",
            PRESCHOOL,
        ),
        (
            "Jardin pédagogique dans les services de garde",
            "Un potager cultivé avec les enfants pour éveiller leur curiosité et leur faire goûter des "
            "légumes frais.",
            "sante-physique habiletes-cognitives",
            TODDLERS,
            {"sectors": "services-de-garde"},
        ),
        (
            "Ateliers sur les émotions avec des marionnettes",
            "Des histoires et des jeux de marionnettes pour aider les enfants à nommer leurs émotions et à "
            "résoudre leurs conflits.",
            "competences-sociales-affectives",
            PRESCHOOL,
        ),
    )
    + _templates(
        "soutien-parental",
        "communautaire-famille",
        (
            "Ateliers parents-enfants d'éveil à la lecture",
            "Des ateliers où parents et enfants lisent, chantent et jouent avec les mots, pour donner le "
            "goût des livres dès le plus jeune âge.",
            "habiletes-langagieres pratiques-parentales attitudes-parentales",
            ("1-2", "2-3", "3-4", "4-5"),
            {"indicator": _count("Familles participantes", "familles", 20, 80)},
        ),
        (
            "Halte-garderie communautaire",
            "Un service de garde ponctuel, à faible coût, qui offre du répit aux parents et des occasions "
            "de socialisation aux enfants.",
            "soutien-social-environnements competences-sociales-affectives niveau-socioeconomique",
            ("0-1", "1-2", "2-3", "3-4"),
            {"indicator": _count("Heures de garde offertes", "heures", 800, 3000)},
        ),
        (
            "Cuisines collectives pour jeunes familles",
            "Des parents cuisinent ensemble des repas sains et économiques pour leur famille, tout en "
            "échangeant sur leur quotidien.",
            "niveau-socioeconomique sante-physique soutien-social-environnements",
            CHILDREN,
            {"populations": "defavorisation"},
        ),
        (
            "Groupe de soutien pour les pères",
            "Des rencontres entre pères pour échanger sur leur rôle, partager des activités avec leurs "
            "enfants et briser l'isolement.",
            "attitudes-parentales pratiques-parentales",
            CHILDREN,
            {"populations": "peres"},
        ),
        (
            "Cafés-rencontres pour parents",
            "Des rencontres conviviales entre parents, animées par une intervenante, sur les thèmes qu'ils "
            "choisissent : sommeil, discipline, retour au travail.",
            "attitudes-parentales soutien-social-environnements",
            CHILDREN,
        ),
        (
            "Visites à domicile auprès des familles isolées",
            "Une intervenante visite régulièrement les familles isolées pour les soutenir et les relier aux "
            "services du territoire.",
            "pratiques-parentales accessibilite-continuite niveau-socioeconomique",
            ("0-1", "1-2", "2-3"),
            {"sectors": "communautaire-famille sante-services-sociaux", "populations": "defavorisation"},
        ),
        (
            "Ateliers parents-enfants « Jouer pour grandir »",
            "Des ateliers de jeu où les parents découvrent comment le jeu soutient le développement de leur "
            "enfant.",
            "pratiques-parentales habiletes-cognitives",
            ("1-2", "2-3", "3-4", "4-5"),
        ),
        (
            "Accompagnement des familles immigrantes vers les services",
            "Une agente de liaison accueille les familles nouvellement arrivées et les accompagne vers les "
            "services de garde, de santé et les organismes famille.",
            "accessibilite-continuite niveau-socioeconomique",
            CHILDREN,
            {"populations": "immigrantes"},
        ),
        (
            "Comptoir de matériel pour bébés",
            "Vêtements, sièges d'auto et matériel de puériculture offerts à petit prix aux familles.",
            "niveau-socioeconomique",
            ("grossesse", "0-1", "1-2"),
        ),
    )
    + _templates(
        "perinatalite",
        "sante-services-sociaux communautaire-famille",
        (
            "Rencontres prénatales",
            "Une série de rencontres de groupe pour préparer l'arrivée du bébé : grossesse, accouchement, "
            "allaitement et premiers mois.",
            "attitudes-parentales sante-physique",
            PERINATAL,
            {"indicator": _count("Futurs parents rejoints", "personnes", 20, 90)},
        ),
        (
            "Marraines d'allaitement",
            "Des mères bénévoles formées soutiennent les nouvelles mères dans leur projet d'allaitement.",
            "sante-physique soutien-social-environnements",
            PERINATAL,
        ),
        (
            "Accompagnement des futurs parents en contexte de vulnérabilité",
            "Un suivi personnalisé des futurs parents vulnérables, de la grossesse aux six mois du bébé, en "
            "lien avec le CLSC.",
            "niveau-socioeconomique accessibilite-continuite attitudes-parentales",
            PERINATAL,
            {"populations": "defavorisation"},
        ),
        (
            "Ateliers de cuisine prénatale",
            "Des ateliers de cuisine pour les futures mères : alimentation pendant la grossesse, recettes "
            "économiques, préparation des purées.",
            "sante-physique niveau-socioeconomique",
            PERINATAL,
        ),
        (
            "Rencontres pour jeunes parents en attente d'un enfant",
            "Un groupe pour les parents de moins de 25 ans qui attendent un enfant, pour se préparer et "
            "créer des liens.",
            "attitudes-parentales soutien-social-environnements",
            PERINATAL,
            {"populations": "jeunes-parents"},
        ),
        (
            "Visites postnatales à domicile",
            "Une infirmière et une intervenante rendent visite aux familles dans les semaines qui suivent "
            "la naissance.",
            "pratiques-parentales accessibilite-continuite",
            ("0-1",),
            {"sectors": "sante-services-sociaux"},
        ),
    )
    + _templates(
        "sensibilisation",
        "communautaire-famille sante-services-sociaux municipal",
        (
            "Campagne de sensibilisation sur l'importance du jeu",
            "Une campagne grand public pour rappeler aux parents que jouer avec son enfant, c'est le faire "
            "grandir.",
            "pratiques-parentales attitudes-parentales",
            CHILDREN,
        ),
        (
            "Grande semaine des tout-petits et fête de la famille",
            "Une semaine d'activités gratuites pour les familles et une fête de quartier qui fait connaître "
            "les partenaires.",
            "soutien-social-environnements accessibilite-continuite",
            CHILDREN,
            {"indicator": _count("Familles présentes aux activités", "familles", 150, 1200)},
        ),
        (
            "Capsules vidéo sur le développement du langage",
            "De courtes vidéos qui montrent aux parents des gestes simples pour stimuler le langage de leur "
            "enfant au quotidien.",
            "habiletes-langagieres attitudes-parentales",
            CHILDREN,
        ),
        (
            "Bottin des ressources pour les familles",
            "Un bottin imprimé et en ligne des services offerts aux familles du territoire, mis à jour "
            "chaque année.",
            "accessibilite-continuite",
            EVERYONE,
            {"indicator": _count("Bottins distribués", "exemplaires", 300, 2000)},
        ),
        (
            "Trousses du bébé-lecteur remises aux nouveau-nés",
            "Chaque nouveau-né reçoit une trousse avec un premier livre et des conseils de lecture pour les "
            "parents.",
            "habiletes-langagieres attitudes-parentales",
            ("0-1",),
            {
                "sectors": "bibliotheques-culture municipal",
                "indicator": _count("Trousses remises", "trousses", 100, 600),
            },
        ),
        (
            "Chroniques petite enfance dans les médias locaux",
            "Une chronique mensuelle sur le développement des tout-petits dans le journal et à la radio "
            "communautaire.",
            "attitudes-parentales pratiques-parentales",
            CHILDREN,
        ),
    )
    + _templates(
        "formation",
        "services-de-garde sante-services-sociaux education",
        *(
            (
                f"Formation des éducatrices sur {topic}",
                f"Une formation pratique sur {topic}, offerte aux éducatrices des CPE, des garderies et des "
                "milieux familiaux du territoire.",
                factors,
                CHILDREN,
                {"indicator": _count("Éducatrices formées", "personnes", 15, 80)},
            )
            for topic, factors in TRAINING_TOPICS
        ),
        (
            "Communauté de pratique des éducatrices en milieu familial",
            "Des rencontres régulières où les responsables de services de garde en milieu familial "
            "partagent leurs pratiques.",
            "qualite-services-milieux",
            CHILDREN,
        ),
        (
            "Formation des intervenants sur l'accueil des familles immigrantes",
            "Une formation sur l'approche interculturelle pour les intervenants des organismes et du réseau "
            "de la santé.",
            "qualite-services-milieux accessibilite-continuite",
            EVERYONE,
            {"sectors": "sante-services-sociaux communautaire-famille", "populations": "immigrantes"},
        ),
    )
    + _templates(
        "transition-scolaire",
        "education services-de-garde",
        (
            "Passage harmonieux vers la maternelle",
            "Une démarche concertée entre services de garde, écoles et organismes pour préparer les enfants "
            "et leurs parents à l'entrée à la maternelle.",
            "accessibilite-continuite competences-sociales-affectives",
            SCHOOL,
            {"indicator": _count("Enfants accompagnés vers la maternelle", "enfants", 30, 200)},
        ),
        (
            "Visites de l'école pour les futurs élèves de maternelle",
            "Les enfants visitent leur future école au printemps, rencontrent les enseignantes et "
            "découvrent la cour d'école.",
            "accessibilite-continuite competences-sociales-affectives",
            SCHOOL,
        ),
        (
            "Portrait de l'enfant transmis du service de garde à l'école",
            "Avec l'accord des parents, un outil commun présente les forces et les besoins de chaque enfant "
            "à son école.",
            "accessibilite-continuite qualite-services-milieux",
            SCHOOL,
        ),
        (
            "Camp préparatoire à la maternelle",
            "Une semaine d'activités à l'école, en août, pour les enfants qui n'ont pas fréquenté de "
            "service de garde.",
            "competences-sociales-affectives habiletes-cognitives",
            SCHOOL,
        ),
        (
            "Rencontres d'information pour les parents des futurs élèves",
            "Des soirées pour expliquer aux parents l'inscription, le fonctionnement de l'école et les "
            "façons de préparer leur enfant.",
            "attitudes-parentales accessibilite-continuite",
            SCHOOL,
        ),
    )
    + _templates(
        "environnements-favorables",
        "municipal bibliotheques-culture",
        (
            "Aménagement d'un parc intergénérationnel",
            "Un parc repensé avec les familles : modules pour les 0 à 5 ans, espaces ombragés et bancs pour "
            "les parents et les aînés.",
            "soutien-social-environnements sante-physique",
            CHILDREN,
            {"sectors": "municipal", "indicator": _count("Aménagements réalisés", "aménagements", 2, 6)},
        ),
        (
            "Coin famille à la bibliothèque municipale",
            "Un espace accueillant pour les tout-petits et leurs parents, avec livres, jeux et coin "
            "allaitement.",
            "soutien-social-environnements habiletes-langagieres",
            CHILDREN,
            {"sectors": "bibliotheques-culture municipal"},
        ),
        (
            "Croque-livres dans les lieux publics",
            "Des boîtes de partage de livres pour enfants installées dans les parcs, les cliniques et les "
            "épiceries.",
            "habiletes-langagieres soutien-social-environnements",
            CHILDREN,
            {"indicator": _count("Croque-livres installés", "boîtes", 3, 15)},
        ),
        (
            "Mise à jour de la politique familiale municipale",
            "Les partenaires accompagnent la municipalité dans la mise à jour de sa politique familiale, "
            "pour mieux tenir compte des tout-petits.",
            "soutien-social-environnements accessibilite-continuite",
            EVERYONE,
            {"sectors": "municipal"},
        ),
        (
            "Ruelle verte et sécuritaire pour les familles",
            "Des résidents transforment leur ruelle en espace vert et sécuritaire où les enfants peuvent "
            "jouer.",
            "soutien-social-environnements sante-physique",
            CHILDREN,
            {"sectors": "municipal communautaire-famille"},
        ),
        (
            "Haltes-allaitement dans les lieux publics",
            "Des commerces et des lieux publics accueillent les familles qui allaitent, identifiés par un "
            "autocollant.",
            "soutien-social-environnements sante-physique",
            PERINATAL,
        ),
        (
            "Navette vers les services pour les familles en milieu rural",
            "Un transport gratuit permet aux familles sans voiture de se rendre aux activités et aux "
            "rendez-vous.",
            "accessibilite-continuite niveau-socioeconomique",
            EVERYONE,
            {"sectors": "municipal communautaire-famille"},
        ),
    )
    + _templates(
        "concertation",
        "communautaire-famille sante-services-sociaux municipal",
        (
            "Comité de concertation",
            "Le comité réunit les partenaires du regroupement pour suivre le plan d'action et ajuster les "
            "actions au besoin.",
            "accessibilite-continuite",
            EVERYONE,
            {"whole_plan": True, "indicator": _count("Rencontres du comité", "rencontres", 12, 24)},
        ),
        (
            "Coordination du plan d'action concerté",
            "Une coordonnatrice soutient les partenaires, anime les rencontres et assure le suivi des "
            "actions.",
            "accessibilite-continuite qualite-services-milieux",
            EVERYONE,
            {"whole_plan": True},
        ),
        (
            "Mise à jour du portrait des tout-petits du territoire",
            "Les partenaires rassemblent les données récentes (EQDEM, recensement, sondage auprès des "
            "parents) pour préparer le prochain plan.",
            "accessibilite-continuite",
            EVERYONE,
        ),
        (
            "Forum annuel des partenaires en petite enfance",
            "Une journée d'échanges pour faire le bilan de l'année, partager les bons coups et accueillir "
            "de nouveaux partenaires.",
            "qualite-services-milieux accessibilite-continuite",
            EVERYONE,
            {"indicator": _count("Participants au forum", "personnes", 40, 150)},
        ),
        (
            "Mobilisation des partenaires municipaux et scolaires",
            "Des rencontres avec les élus et les directions d'école pour les amener à s'engager dans le "
            "regroupement.",
            "accessibilite-continuite soutien-social-environnements",
            EVERYONE,
        ),
    )
)
CONCERTATION = tuple(t for t in ACTION_TEMPLATES if t.action_type == "concertation")
TEMPLATES_BY_FACTOR = {
    factor: tuple(t for t in ACTION_TEMPLATES if factor in t.factors and t.action_type != "concertation")
    for factor in SYSTEM_OF_FACTOR
}
TYPE_INDICATORS = {
    "activites-enfants": (
        _count("Enfants participants", "enfants", 30, 150),
        _count("Séances offertes", "séances", 20, 60),
    ),
    "soutien-parental": (
        _count("Familles participantes", "familles", 20, 80),
        _rate("Parents satisfaits des activités", 80, 80, (5, 15)),
    ),
    "perinatalite": (_count("Futurs et nouveaux parents rejoints", "personnes", 20, 90),),
    "sensibilisation": (_count("Familles jointes", "familles", 300, 3000),),
    "formation": (_count("Personnes formées", "personnes", 15, 80),),
    "transition-scolaire": (
        _count("Enfants rejoints", "enfants", 30, 200),
        _count("Écoles participantes", "écoles", 3, 12),
    ),
    "environnements-favorables": (
        _count("Familles qui fréquentent les lieux aménagés", "familles", 100, 600),
    ),
    "concertation": (_count("Partenaires actifs", "partenaires", 8, 30),),
}
DETAILS = {
    "activites-enfants": (
        "Les séances ont lieu chaque semaine, de septembre à juin, {at}.",
        "Une intervenante anime les activités en petits groupes de huit enfants au plus.",
        "Les activités sont gratuites et tout le matériel est fourni.",
    ),
    "soutien-parental": (
        "Les rencontres ont lieu en soirée ou le samedi matin {at}, pour les parents qui travaillent.",
        "Une halte-garderie est offerte pendant les rencontres.",
        "Les familles y sont dirigées par les intervenantes du CLSC et des organismes du territoire.",
    ),
    "perinatalite": (
        "Les rencontres sont animées par une infirmière et une intervenante communautaire.",
        "Les futurs parents reçoivent des suppléments alimentaires et une trousse pour l'arrivée du bébé.",
        "Le suivi se poursuit jusqu'aux six mois du bébé.",
    ),
    "sensibilisation": (
        "La campagne s'appuie sur des affiches, des capsules dans les réseaux sociaux et des kiosques.",
        "Le matériel est traduit dans les langues les plus parlées par les familles du territoire.",
        "Les partenaires relaient les messages dans leurs propres réseaux.",
    ),
    "formation": (
        "La formation compte trois demi-journées, suivies d'un accompagnement dans les milieux.",
        "Elle est offerte gratuitement {at} et en ligne.",
        "Une communauté de pratique prend le relais après la formation.",
    ),
    "transition-scolaire": (
        "Les écoles, les services de garde et les organismes famille coordonnent leurs actions dès le "
        "printemps précédant l'entrée à la maternelle.",
        "Une attention particulière est portée aux enfants qui n'ont fréquenté aucun service de garde.",
        "Les parents sont invités à une rencontre d'information en mai.",
    ),
    "environnements-favorables": (
        "Le projet a été conçu avec des parents lors d'une consultation publique {at}.",
        "La municipalité assure l'entretien des aménagements.",
        "Les aménagements respectent les principes de l'accessibilité universelle.",
    ),
    "concertation": (
        "Le comité se réunit six fois par année.",
        "La coordination est assurée par une agente de développement embauchée par l'organisme fiduciaire.",
        "Les partenaires font le point chaque année sur l'avancement du plan d'action.",
    ),
}
BUDGETS = {  # dollars, per action type
    "activites-enfants": (3000, 30000),
    "soutien-parental": (5000, 45000),
    "perinatalite": (4000, 35000),
    "sensibilisation": (2000, 20000),
    "formation": (2000, 25000),
    "transition-scolaire": (2000, 20000),
    "environnements-favorables": (10000, 80000),
    "concertation": (2000, 15000),
}
IN_KIND = (
    "Prêt de locaux",
    "Prêt de la salle communautaire et du matériel",
    "Temps des intervenantes des organismes partenaires",
    "Temps de personnel et impression du matériel",
    "Collations et matériel de bricolage",
    "Heures de bénévolat",
    "Transport offert par la municipalité",
)
REACH_FAMILIES = {  # families reached in a full year, before the territory's size
    "activites-enfants": (15, 90),
    "soutien-parental": (12, 70),
    "perinatalite": (8, 45),
    "sensibilisation": (80, 600),
    "transition-scolaire": (25, 160),
    "environnements-favorables": (60, 400),
}

# --- Reference material: the stories around the figures ------------------------------

STAGE_NOTES = {
    DpeStage.MOBILISATION: (
        "Rencontre de lancement avec les partenaires du territoire.",
        "Tournée des organismes pour présenter la démarche et recruter des partenaires.",
    ),
    DpeStage.ANALYSIS: (
        "Collecte des données du portrait et analyse des constats par système.",
        "Journée de réflexion sur le portrait des tout-petits et choix des priorités.",
    ),
    DpeStage.PLANNING: (
        "Rédaction du plan d'action concerté avec les partenaires.",
        "Choix des changements visés et répartition des actions entre les partenaires.",
    ),
    DpeStage.IMPLEMENTATION: (
        "Adoption du plan par les partenaires et début des actions.",
        "Lancement des actions du plan et mise en place du comité de suivi.",
    ),
    DpeStage.EVALUATION: (
        "Bilan des actions et évaluation des résultats avec les partenaires.",
        "Évaluation du plan : sondage auprès des partenaires et des familles.",
    ),
}
BACK_NOTES = {
    DpeStage.MOBILISATION: "Retour à la mobilisation après le départ de plusieurs partenaires.",
    DpeStage.ANALYSIS: "Nouveau portrait du territoire en vue du prochain plan.",
    DpeStage.PLANNING: "Révision du plan à mi-parcours : certaines actions sont revues.",
}
PLAN_MOTTOS = (
    "Grandir ensemble",
    "Tous pour nos tout-petits",
    "Agir tôt, ensemble",
    "Un village pour chaque enfant",
    "Des racines et des ailes",
    "Semer pour demain",
    "Ensemble dès la grossesse",
    "Chaque enfant compte",
    "Bien grandir chez nous",
)
PLAN_WORKED = (
    "La mobilisation des partenaires est restée forte pendant toute la durée du plan.",
    "Les ateliers parents-enfants ont rejoint plus de familles que prévu, grâce au bouche-à-oreille.",
    "Le partage des locaux entre organismes a permis d'offrir des activités dans tous les secteurs.",
    "Le comité de suivi s'est réuni régulièrement et a ajusté les actions en cours de route.",
    "La collaboration avec les écoles a facilité le passage des enfants vers la maternelle.",
    "Les éducatrices formées ont rapidement intégré les nouvelles pratiques dans leurs milieux.",
)
PLAN_NOT_WORKED = (
    "Il a été difficile de rejoindre les pères et les familles les plus isolées.",
    "Le roulement de personnel dans les services de garde a freiné la formation des éducatrices.",
    "Certaines actions ont été reportées faute de financement confirmé à temps.",
    "Le transport demeure un obstacle pour les familles des secteurs ruraux.",
    "La collecte des données de suivi a reposé sur trop peu de personnes.",
    "Trop d'actions pour les ressources disponibles : quelques-unes ont dû être abandonnées.",
)
PLAN_LEARNINGS = (
    "Aller vers les familles, dans leurs milieux de vie, fonctionne mieux que de les inviter à venir vers "
    "nous.",
    "Des indicateurs simples, suivis chaque année, aident à garder le cap.",
    "Associer des parents dès la planification augmente la participation.",
    "Une personne dédiée à la coordination est essentielle à la concertation.",
    "Miser sur moins d'actions, mieux soutenues, donne de meilleurs résultats.",
    "Le portrait doit être mis à jour à mi-parcours pour tenir compte des nouvelles données.",
)
ACTION_WORKED = (
    "Les familles ont apprécié l'accueil chaleureux et la souplesse des horaires.",
    "La présence d'une halte-garderie a permis à plus de parents de participer.",
    "Le bouche-à-oreille entre parents a été le meilleur moyen de recrutement.",
    "La collaboration entre le porteur et les partenaires contributeurs a été efficace.",
    "Le matériel remis aux familles est utilisé à la maison, selon les parents.",
)
ACTION_NOT_WORKED = (
    "La participation a baissé pendant l'hiver.",
    "Le recrutement des familles les plus isolées a demandé plus de temps que prévu.",
    "Les locaux étaient trop petits pour accueillir tous les inscrits.",
    "Le départ de l'intervenante responsable a interrompu l'action pendant plusieurs mois.",
    "Le financement n'a pas été renouvelé à temps.",
)
ACTION_LEARNINGS = (
    "Prévoir un transport ou des activités près des familles augmente la participation.",
    "Un premier contact personnalisé est essentiel pour rejoindre les nouveaux parents.",
    "Co-animer avec un partenaire du réseau de la santé donne de la crédibilité à l'action.",
    "Des groupes plus petits favorisent les échanges entre parents.",
    "Mieux vaut planifier l'action sur l'année scolaire que sur l'année civile.",
)


# --- The network, read back ------------------------------------------------------------


@dataclass(slots=True)
class Member:
    organisation_id: int
    sector: str
    municipality: str
    role: str
    joined_on: datetime.date


@dataclass(slots=True)
class PartnershipInfo:
    pk: int
    name: str
    kind: str
    region: str
    territory_name: str
    territory_type: str
    children_0_5: int | None
    dpe_stage: str
    members: list[Member] = field(default_factory=list)  # by date joined

    @property
    def founded(self) -> datetime.date:
        return self.members[0].joined_on if self.members else datetime.date(network_demo.FIRST_YEAR, 1, 1)


def load_network() -> list[PartnershipInfo]:
    """Every partnership with its members, in a stable order."""
    partnerships = {
        row[0]: PartnershipInfo(*row)
        for row in Partnership.objects.order_by("pk").values_list(
            "pk",
            "name",
            "kind",
            "region__code",
            "territory_name",
            "territory_type",
            "children_0_5",
            "dpe_stage",
        )
    }
    memberships = Membership.objects.order_by("partnership_id", "joined_on", "organisation_id").values_list(
        "partnership_id",
        "organisation_id",
        "organisation__sector__code",
        "organisation__municipality",
        "role",
        "joined_on",
    )
    for partnership_id, organisation_id, sector, municipality, role, joined_on in memberships.iterator(
        chunk_size=5000
    ):
        partnerships[partnership_id].members.append(
            Member(organisation_id, sector, municipality, role, joined_on)
        )
    return list(partnerships.values())


@dataclass
class References:
    """Database ids of the reference data the plans use."""

    systems: dict[str, int]
    factors: dict[str, int]
    age_periods: dict[str, int]
    populations: dict[str, int]
    action_types: dict[str, int]

    @classmethod
    def load(cls) -> References:
        def ids(model: type[models.Model], needed: Sequence[str]) -> dict[str, int]:
            found = dict(model.objects.values_list("code", "pk"))
            missing = sorted(set(needed) - set(found))
            if missing:
                raise LookupError(f"{model._meta.label}: {', '.join(missing)}")
            return found

        return cls(
            systems=ids(System, SYSTEMS),
            factors=ids(ProtectiveFactor, list(SYSTEM_OF_FACTOR)),
            age_periods=ids(AgePeriod, AGE_PERIODS),
            populations=ids(Population, list(POPULATIONS)),
            action_types=ids(ActionType, sorted({t.action_type for t in ACTION_TEMPLATES})),
        )


# --- Small helpers ---------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def plan_window(start_year: int, end_year: int) -> tuple[datetime.date, datetime.date]:
    """Plans run on school years: « 2023–2026 » is from July 2023 to June 2026."""
    return datetime.date(start_year, 7, 1), datetime.date(end_year, 6, 30)


def money(rng: random.Random, low: int, high: int, step: int = 500) -> Decimal:
    return Decimal(max(low, round(rng.uniform(low, high) / step) * step))


def territory_of(p: PartnershipInfo) -> str:
    """« de la MRC de La Mitis », « du Bas-Saint-Laurent », « de Limoilou »."""
    if p.territory_type == TerritoryType.QUEBEC:
        return "du Québec"
    if p.territory_type == TerritoryType.REGION:
        return network_demo.REGIONS_BY_CODE[p.region].of
    if p.territory_name.startswith("MRC "):
        return "de la " + p.territory_name
    for name, of_form in network_demo.REGIONS_BY_CODE[p.region].other_territories:
        if name == p.territory_name:
            return of_form
    return of(p.territory_name)


def of_institution(name: str) -> str:
    return ("de la " if name.startswith("Régie") else "du ") + name


def latest(years: Sequence[int], before: int) -> int:
    return max([y for y in years if y <= before] or [years[0]])


# --- Drawing ---------------------------------------------------------------------------


class Rows:
    """Unsaved rows of a chunk of plans, and the links to write once they have ids."""

    def __init__(self) -> None:
        self.plans: list[Plan] = []
        self.findings: list[Finding] = []
        self.priorities: list[Priority] = []
        self.objectives: list[Objective] = []
        self.objective_factors: list[tuple[Objective, int]] = []
        self.objective_priorities: list[tuple[Objective, Priority]] = []
        self.actions: list[Action] = []
        self.contributors: list[tuple[Action, int]] = []
        self.age_periods: list[tuple[Action, int]] = []
        self.populations: list[tuple[Action, int]] = []
        self.action_objectives: list[tuple[Action, Objective]] = []
        self.indicators: list[Indicator] = []
        self.measurements: list[Measurement] = []
        self.reach: list[Reach] = []

    def write(self, totals: Counter) -> None:
        """Insert everything, parents before children (call inside a transaction)."""
        Plan.objects.bulk_create(self.plans)
        Finding.objects.bulk_create(self.findings)
        Priority.objects.bulk_create(self.priorities)
        Objective.objects.bulk_create(self.objectives)
        link(Objective.protective_factors.through, "objective", "protectivefactor", self.objective_factors)
        link(Objective.priorities.through, "objective", "priority", self.objective_priorities)
        Action.objects.bulk_create(self.actions)
        link(Action.contributors.through, "action", "organisation", self.contributors)
        link(Action.age_periods.through, "action", "ageperiod", self.age_periods)
        link(Action.populations.through, "action", "population", self.populations)
        link(Action.objectives.through, "action", "objective", self.action_objectives)
        Indicator.objects.bulk_create(self.indicators)
        Measurement.objects.bulk_create(self.measurements)
        Reach.objects.bulk_create(self.reach)
        totals["plans"] += len(self.plans)
        totals["actions"] += len(self.actions)
        totals["indicators"] += len(self.indicators)
        totals["measurements"] += len(self.measurements)


@dataclass
class DrawnObjective:
    objective: Objective
    system: str
    factors: tuple[str, ...]


@dataclass
class DrawnAction:
    action: Action
    template: ActionTemplate


class PlanDrawer:
    """Draws one partnership's plans and stage history from its own random generator."""

    def __init__(self, p: PartnershipInfo, rng: random.Random, refs: References, pool: Sequence[int]) -> None:
        self.p = p
        self.rng = rng
        self.refs = refs
        self.pool = pool  # organisations of the same region, for contributors from outside
        self.of = territory_of(p)
        self.joined = [m.joined_on for m in p.members]

    # The story of the partnership -------------------------------------------------------

    def draw(self, earlier: Rows, current: Rows, stage_changes: list[StageChange]) -> None:
        """The current plan, in a state its DPE stage explains, maybe the previous one, the history.

        « running »: in progress; « ending »: in progress, in its last year; « ended »:
        finished, being evaluated; « adopted »: starts next school year; « draft »: being
        written. Going back to mobilisation or analysis also explains a running or ending plan.
        """
        rng, p = self.rng, self.p
        stage = p.dpe_stage
        first_year = p.founded.year + 1  # mobilising and drawing the portrait take a year
        draw = rng.random()
        if stage == DpeStage.IMPLEMENTATION:
            case = "running"
        elif stage == DpeStage.EVALUATION:
            case = "ending" if draw < 0.5 else "ended"
        elif stage == DpeStage.ANALYSIS:
            case = "ending" if draw < 0.75 else "draft"
        elif stage == DpeStage.PLANNING:
            case = "adopted" if draw < 0.8 else "draft"
        else:
            case = "running" if draw < 0.6 else "draft"

        length = rng.choices((3, 4, 2), weights=(8, 1, 1))[0]
        if case == "ending" and first_year <= 2023:
            start, end = (2023, 2026) if length != 4 else (2022, 2026)
        elif case == "ended" and first_year <= 2022:
            start, end = (2022, 2025) if length != 4 else (2021, 2025)
        elif case in ("adopted", "draft"):
            start = 2026 if case == "adopted" or rng.random() < 0.7 else 2027
            end = start + (3 if length == 2 else length)
        else:
            # Running, or too young a partnership for a plan already ending.
            case = "running"
            start = max(first_year, rng.choices((2023, 2024, 2025), weights=(1, 2, 2))[0])
            end = max(2026, start + length)
        status = {
            "running": PlanStatus.IN_PROGRESS,
            "ending": PlanStatus.IN_PROGRESS,
            "ended": PlanStatus.DONE,
            "adopted": PlanStatus.ADOPTED,
            "draft": PlanStatus.DRAFT,
        }[case]
        visibility = Visibility.MEMBERS if rng.random() < MEMBERS_ONLY_SHARE else Visibility.PUBLIC

        previous_end = min(start, 2025)
        previous_start = previous_end - 3
        has_previous = previous_start >= first_year and rng.random() < PREVIOUS_PLAN_SHARE
        previous: tuple[Plan, list[DrawnAction]] | None = None
        if has_previous:
            previous = self.draw_plan(
                earlier,
                previous_start,
                previous_end,
                PlanStatus.DONE,
                visibility if rng.random() < 0.7 else Visibility.PUBLIC,
                rng.randint(8, 13),
            )
        size_bonus = 2 if p.kind != PartnershipKind.LOCAL else 0
        count = rng.randint(6, 12) if status == PlanStatus.DRAFT else rng.randint(10, 17) + size_bonus
        self.draw_plan(current, start, end, status, visibility, count, previous=previous)
        stage_changes.extend(
            self.history(case, (start, end), (previous_start, previous_end) if previous else None)
        )

    def history(
        self, case: str, period: tuple[int, int], previous: tuple[int, int] | None
    ) -> list[StageChange]:
        """The dated stages the partnership went through, ending on its current stage."""
        rng, p = self.rng, self.p
        events: list[tuple[str, datetime.date, str]] = []

        def add(stage: str, when: datetime.date, back: bool = False) -> None:
            note = BACK_NOTES[stage] if back and stage in BACK_NOTES else rng.choice(STAGE_NOTES[stage])
            events.append((stage, when, note))

        def days(low: int, high: int) -> datetime.timedelta:
            return datetime.timedelta(days=rng.randint(low, high))

        def first_cycle(window_start: datetime.date) -> None:
            analysis = add_months(window_start, -rng.randint(10, 16))
            if p.founded >= add_months(analysis, -30):
                add(DpeStage.MOBILISATION, p.founded)
            add(DpeStage.ANALYSIS, max(analysis, p.founded + days(45, 120)))
            add(DpeStage.PLANNING, add_months(window_start, -rng.randint(3, 6)))

        start, end = plan_window(*period)
        if previous:
            previous_start, previous_end = plan_window(*previous)
            first_cycle(previous_start)
            add(DpeStage.IMPLEMENTATION, previous_start + days(0, 20))
            if rng.random() < 0.15:
                revision = add_months(previous_start, rng.randint(12, 18))
                add(DpeStage.PLANNING, revision, back=True)
                add(DpeStage.IMPLEMENTATION, add_months(revision, rng.randint(1, 3)))
            evaluation = add_months(previous_end, -rng.randint(3, 6))
            add(DpeStage.EVALUATION, evaluation)
            if case == "draft" and p.dpe_stage == DpeStage.MOBILISATION:
                add(DpeStage.MOBILISATION, REFERENCE_DATE - days(20, 180), back=True)
                return self._settle(events)
            add(DpeStage.ANALYSIS, max(evaluation + days(20, 60), add_months(start, -rng.randint(9, 13))))
            if case == "draft" and p.dpe_stage == DpeStage.ANALYSIS:
                return self._settle(events)
            add(DpeStage.PLANNING, add_months(start, -rng.randint(2, 5)))
        elif case == "draft":
            # A new cycle: the platform holds no record of older ones.
            if p.dpe_stage == DpeStage.MOBILISATION or p.founded > REFERENCE_DATE - datetime.timedelta(
                days=900
            ):
                add(DpeStage.MOBILISATION, max(p.founded, REFERENCE_DATE - days(200, 420)))
            if p.dpe_stage != DpeStage.MOBILISATION:
                add(DpeStage.ANALYSIS, REFERENCE_DATE - days(100, 190))
            if p.dpe_stage == DpeStage.PLANNING:
                add(DpeStage.PLANNING, REFERENCE_DATE - days(10, 90))
            return self._settle(events)
        else:
            first_cycle(start)

        if start > REFERENCE_DATE:  # adopted or drafted, not started
            if case == "draft" and p.dpe_stage != DpeStage.PLANNING:
                add(p.dpe_stage, REFERENCE_DATE - days(10, 60), back=True)
            return self._settle(events)
        add(DpeStage.IMPLEMENTATION, start + days(0, 20))
        stage = p.dpe_stage
        if stage == DpeStage.IMPLEMENTATION and rng.random() < 0.2 and add_months(start, 10) < REFERENCE_DATE:
            revision = add_months(start, rng.randint(6, 10))
            add(DpeStage.PLANNING, revision, back=True)
            add(DpeStage.IMPLEMENTATION, add_months(revision, 1) + days(0, 25))
        elif stage == DpeStage.EVALUATION:
            add(DpeStage.EVALUATION, min(REFERENCE_DATE, end) - days(15, 110))
        elif stage == DpeStage.ANALYSIS:
            if rng.random() < 0.6:
                add(DpeStage.EVALUATION, REFERENCE_DATE - days(120, 240))
            add(DpeStage.ANALYSIS, REFERENCE_DATE - days(5, 90), back=True)
        elif stage == DpeStage.MOBILISATION:
            add(DpeStage.MOBILISATION, REFERENCE_DATE - days(15, 150), back=True)
        return self._settle(events)

    def _settle(self, events: list[tuple[str, datetime.date, str]]) -> list[StageChange]:
        """Dates strictly increasing, from the founding day to the reference date."""
        if not events or events[-1][0] != self.p.dpe_stage:
            events.append((self.p.dpe_stage, REFERENCE_DATE - datetime.timedelta(days=30), ""))
        dates = [when for _stage, when, _note in events]
        limit = REFERENCE_DATE
        for i in reversed(range(len(dates))):
            dates[i] = min(dates[i], limit)
            limit = dates[i] - datetime.timedelta(days=1)
        floor = self.p.founded
        for i in range(len(dates)):
            dates[i] = max(dates[i], floor)
            floor = dates[i] + datetime.timedelta(days=1)
        return [
            StageChange(partnership_id=self.p.pk, stage=stage, changed_on=when, note=note)
            for (stage, _when, note), when in zip(events, dates, strict=True)
        ]

    # A plan ---------------------------------------------------------------------------

    def draw_plan(
        self,
        rows: Rows,
        start_year: int,
        end_year: int,
        status: str,
        visibility: str,
        action_count: int,
        *,
        previous: tuple[Plan, list[DrawnAction]] | None = None,
    ) -> tuple[Plan, list[DrawnAction]]:
        rng = self.rng
        period = f"{start_year}–{end_year}"
        draw = rng.random()
        if draw < 0.45:
            title = f"Plan d'action concerté {period}"
        elif draw < 0.8 or end_year - start_year != 3:
            title = f"Plan d'action {period} : {rng.choice(PLAN_MOTTOS)}"
        else:
            title = f"Plan triennal en petite enfance {period}"
        plan = Plan(
            partnership_id=self.p.pk,
            title=title,
            start_year=start_year,
            end_year=end_year,
            status=status,
            visibility=visibility,
            previous=previous[0] if previous else None,
        )
        rows.plans.append(plan)
        self.draw_findings(rows, plan)
        objectives = self.draw_objectives(rows, plan, rng.randint(4, 7))
        actions = self.draw_actions(rows, plan, objectives, action_count, previous[1] if previous else [])
        self.draw_objective_indicators(rows, plan, objectives)
        focuses = list(dict.fromkeys(FACTOR_FOCUS[o.factors[0]] for o in objectives))[:2]
        plan.summary = (
            f"Ce plan d'action concerté {period} vise le développement global des tout-petits {self.of}, "
            f"de la grossesse à l'entrée à l'école. Il met l'accent sur {' et sur '.join(focuses)}, avec "
            f"{len(objectives)} changements visés et {len(actions)} actions portées par les partenaires."
        )
        if status == PlanStatus.DONE:
            plan.evaluation_worked = " ".join(rng.sample(PLAN_WORKED, 2))
            plan.evaluation_not_worked = " ".join(rng.sample(PLAN_NOT_WORKED, 2))
            plan.evaluation_learnings = " ".join(rng.sample(PLAN_LEARNINGS, 2))
        return plan, actions

    def draw_findings(self, rows: Rows, plan: Plan) -> None:
        rng, p = self.rng, self.p
        # The portrait uses the data published before the plan, and before the reference date.
        year = min(plan.start_year, REFERENCE_DATE.year)
        eqdem_year = latest(sorted(EQDEM), year - 1)
        eqdem = EQDEM[eqdem_year]
        census = latest((2011, 2016, 2021), year - 2)
        survey = f"Sondage auprès des parents {year - 1}"
        national = p.territory_type == TerritoryType.QUEBEC
        if national:
            portrait = f"Institut national de santé publique du Québec, {year - 1}"
        else:
            health = rng.choice(network_demo.REGIONS_BY_CODE[p.region].health)
            portrait = f"Portrait de santé {of_institution(health)} {year - 1}"

        def eqdem_finding(domain: str, where: str = "") -> tuple[str, str]:
            quebec = eqdem[domain]
            value = quebec if national else quebec * rng.uniform(0.75, 1.35)
            versus = "" if national else f" (Québec : {percent(quebec)})"
            text = (
                f"{percent(value)} des enfants de maternelle{where} sont vulnérables {EQDEM_DOMAINS[domain]}"
            )
            return f"{text}{versus}.", f"EQDEM {eqdem_year}"

        def share(low: float, high: float) -> str:
            return percent(rng.uniform(low, high))

        census_source = f"Recensement {census}"
        waiting = rng.randint(8, 24)
        missing_places = number(rng.randint(4, 90) * 10)
        candidates: dict[str, list[tuple[str, str]]] = {
            "enfant": [
                eqdem_finding("any", f" {self.of}"),
                *(
                    eqdem_finding(d)
                    for d in ("physical", "social", "emotional", "cognitive", "talk")
                    if eqdem[d]
                ),
                (
                    f"L'attente en orthophonie dépasse {waiting} mois pour les enfants de moins de 5 ans.",
                    portrait,
                ),
            ],
            "famille": [
                (
                    f"{share(9, 28)} des familles avec des enfants de moins de 6 ans ont un faible revenu.",
                    census_source,
                ),
                (
                    f"{share(6, 20)} des mères de tout-petits n'ont pas de diplôme d'études secondaires.",
                    census_source,
                ),
                (f"{share(12, 30)} des familles avec de jeunes enfants sont monoparentales.", census_source),
                (
                    f"{share(15, 40)} des parents lisent rarement ou jamais une histoire à leur enfant.",
                    survey,
                ),
                (
                    f"{share(25, 45)} des parents se disent souvent épuisés ou dépassés dans leur rôle.",
                    survey,
                ),
            ],
            "communaute": [
                (
                    f"{share(30, 60)} des parents ne connaissent pas les ressources offertes aux familles.",
                    survey,
                ),
                (
                    f"Il manque environ {missing_places} places en service de garde éducatif.",
                    f"Ministère de la Famille, {year - 1}",
                ),
                (
                    f"{share(8, 25)} des élèves de maternelle n'avaient fréquenté aucun service de garde.",
                    f"EQDEM {eqdem_year}",
                ),
                (
                    "Les liens entre services de garde et écoles varient beaucoup d'une école à l'autre.",
                    portrait,
                ),
            ],
        }
        if p.territory_type in (TerritoryType.MRC, TerritoryType.REGION):
            candidates["communaute"].append(
                (
                    "Sans voiture, les familles des secteurs ruraux accèdent difficilement aux services.",
                    f"Consultation des partenaires {year - 1}",
                )
            )
        for system in SYSTEMS:
            chosen = rng.sample(candidates[system], rng.randint(2, 3))
            for position, (text, source) in enumerate(chosen):
                rows.findings.append(
                    Finding(
                        plan=plan,
                        system_id=self.refs.systems[system],
                        text=text,
                        data_source=source,
                        position=position,
                    )
                )

    def draw_objectives(self, rows: Rows, plan: Plan, count: int) -> list[DrawnObjective]:
        rng = self.rng
        per_system = dict.fromkeys(SYSTEMS, 1)
        for system in rng.choices(SYSTEMS, weights=(4, 3.5, 2.5), k=count - len(SYSTEMS)):
            per_system[system] += 1
        drawn: list[DrawnObjective] = []
        for system in SYSTEMS:
            factors = list(FACTORS[system])
            rng.shuffle(factors)
            chosen = []
            for k in range(per_system[system]):
                main = factors[k % len(factors)]
                others = [f for f in factors if f != main]
                extra = rng.sample(others, min(len(others), rng.choice((0, 1, 1, 2))))
                title = OBJECTIVE_TITLES[main][(k // len(factors) + rng.randrange(2)) % 2]
                if any(d.objective.title == title for d in chosen):
                    title = next(t for t in OBJECTIVE_TITLES[main] if t != title)
                chosen.append(
                    DrawnObjective(
                        Objective(plan=plan, system_id=self.refs.systems[system], title=title),
                        system,
                        (main, *extra),
                    )
                )
            # Priorities of the system, those the objectives aim at first.
            aimed = {f for d in chosen for f in d.factors}
            options = list(PRIORITIES[system])
            rng.shuffle(options)
            options.sort(key=lambda option: not aimed.intersection(option[1]))
            priorities = []
            for position, (title, factors_) in enumerate(options[: rng.randint(1, 2)]):
                priority = Priority(
                    plan=plan, system_id=self.refs.systems[system], title=title, position=position
                )
                rows.priorities.append(priority)
                priorities.append((priority, factors_))
            for d in chosen:
                matching = [pr for pr, f in priorities if set(f) & set(d.factors)] or [priorities[0][0]]
                for priority in matching[:2]:
                    rows.objective_priorities.append((d.objective, priority))
            drawn.extend(chosen)
        for position, d in enumerate(drawn):
            d.objective.position = position
            d.objective.description = (
                f"D'ici {plan.end_year}, {d.objective.title[0].lower()}{d.objective.title[1:]}. "
                f"Ce changement s'appuie sur {FACTOR_FOCUS[d.factors[0]]}."
            )
            rows.objectives.append(d.objective)
            rows.objective_factors.extend((d.objective, self.refs.factors[f]) for f in d.factors)
        return drawn

    def draw_actions(
        self,
        rows: Rows,
        plan: Plan,
        objectives: list[DrawnObjective],
        count: int,
        earlier: list[DrawnAction],
    ) -> list[DrawnAction]:
        rng = self.rng
        window = plan_window(plan.start_year, plan.end_year)
        # Coordination first, then actions spread over the intended changes.
        choices: list[tuple[ActionTemplate, DrawnObjective | None, DrawnAction | None]] = [
            (CONCERTATION[0] if rng.random() < 0.7 else CONCERTATION[1], None, None)
        ]
        if rng.random() < 0.4:
            choices.append((rng.choice(CONCERTATION[2:]), None, None))
        used = {t.title for t, _o, _e in choices}
        continued = [e for e in earlier if e.template.action_type != "concertation"]
        rng.shuffle(continued)
        order = list(objectives)
        rng.shuffle(order)
        while len(choices) < count:
            objective = order[len(choices) % len(order)]
            if continued and rng.random() < 0.3:
                source = continued.pop()
                if source.template.title not in used:
                    used.add(source.template.title)
                    choices.append((source.template, None, source))
                    continue
            candidates = list(dict.fromkeys(t for f in objective.factors for t in TEMPLATES_BY_FACTOR[f]))
            fresh = [t for t in candidates if t.title not in used] or [
                t for t in ACTION_TEMPLATES if t.title not in used and t.action_type != "concertation"
            ]
            template = rng.choice(fresh)
            used.add(template.title)
            choices.append((template, objective, None))

        drawn = []
        for position, (template, objective, source) in enumerate(choices):
            action = self.draw_action(rows, plan, window, template, position, source)
            served = [objective] if objective else []
            matching = [o for o in objectives if o not in served and set(o.factors) & set(template.factors)]
            if matching and (not served or rng.random() < 0.3):
                served.append(rng.choice(matching))
            rows.action_objectives.extend((action, o.objective) for o in served)
            drawn.append(DrawnAction(action, template))
        return drawn

    def draw_action(
        self,
        rows: Rows,
        plan: Plan,
        window: tuple[datetime.date, datetime.date],
        template: ActionTemplate,
        position: int,
        source: DrawnAction | None,
    ) -> Action:
        rng, p = self.rng, self.p
        start, end = self.schedule(template, window)
        status, progress = self.status(start, end)

        # The lead is a member that had joined when the action starts, often of the usual sector.
        eligible = p.members[: bisect.bisect_right(self.joined, start)] or p.members[:1]
        if template.action_type == "concertation" and rng.random() < 0.7:
            preferred = [m for m in eligible if m.role == MemberRole.TRUSTEE]
        else:
            preferred = [m for m in eligible if m.sector in template.sectors]
        lead = rng.choice(preferred) if preferred and rng.random() < 0.8 else rng.choice(eligible)
        contributors: list[int] = []
        for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(15, 30, 30, 15, 10))[0]):
            if rng.random() < 0.88 or not self.pool:
                candidate = rng.choice(eligible).organisation_id
            else:
                candidate = rng.choice(self.pool)
            if candidate != lead.organisation_id and candidate not in contributors:
                contributors.append(candidate)

        # Coordination and training reach families only indirectly.
        direct = template.action_type not in ("concertation", "formation")
        populations = list(template.populations)
        for _ in range(rng.choice((0, 1, 1, 1, 2)) if direct else 0):
            code = rng.choices(list(POPULATIONS), weights=[w for w, _d, _s in POPULATIONS.values()])[0]
            if code not in populations:
                populations.append(code)
        ages = list(template.ages)
        if direct and len(ages) > 3 and rng.random() < 0.3:
            size = rng.randint(2, len(ages) - 1)
            first = rng.randint(0, len(ages) - size)
            ages = ages[first : first + size]

        title = source.action.title if source else template.title
        where = at(lead.municipality) if lead.municipality else "sur le territoire"
        if (
            not source
            and template.action_type in ("activites-enfants", "soutien-parental")
            and rng.random() < 0.2
        ):
            title = f"{title} {where}"
        elif not source and direct and not template.populations:
            short = [POPULATIONS[c][2] for c in populations if POPULATIONS[c][2]]
            if short and rng.random() < 0.4:
                title = f"{title} — volet {short[0]}"
        sentences = [template.description, rng.choice(DETAILS[template.action_type]).format(at=where)]
        if populations:
            sentences.append(f"L'action rejoint en priorité {POPULATIONS[populations[0]][1]}.")
        if source:
            sentences.append(f"Cette action prolonge celle du plan {source.action.plan.period_label}.")

        low, high = BUDGETS[template.action_type]
        budget = None if plan.status == PlanStatus.DRAFT and rng.random() < 0.2 else money(rng, low, high)
        in_kind, in_kind_description = None, ""
        if rng.random() < 0.55:
            in_kind = money(rng, 500, max(1000, int(float(budget or high) * 0.6)), 100)
            in_kind_description = rng.choice(IN_KIND)

        action = Action(
            plan=plan,
            title=title,
            description=" ".join(sentences),
            action_type_id=self.refs.action_types[template.action_type],
            lead_id=lead.organisation_id,
            start_date=start,
            end_date=end,
            budget=budget,
            in_kind=in_kind,
            in_kind_description=in_kind_description,
            status=status,
            progress=progress,
            copied_from=source.action if source else None,
            position=position,
        )
        action.search_text = action_search_text(action)
        if status == ActionStatus.DONE and rng.random() < 0.35:
            action.evaluation_worked = rng.choice(ACTION_WORKED)
            action.evaluation_learnings = rng.choice(ACTION_LEARNINGS)
            if rng.random() < 0.6:
                action.evaluation_not_worked = rng.choice(ACTION_NOT_WORKED)
        elif status == ActionStatus.ABANDONED and rng.random() < 0.8:
            action.evaluation_not_worked = rng.choice(ACTION_NOT_WORKED)
            action.evaluation_learnings = rng.choice(ACTION_LEARNINGS)
        rows.actions.append(action)
        rows.contributors.extend((action, pk) for pk in contributors)
        rows.age_periods.extend((action, self.refs.age_periods[code]) for code in ages)
        rows.populations.extend((action, self.refs.populations[code]) for code in populations)
        self.draw_action_follow_up(rows, plan, action, template)
        return action

    def schedule(
        self, template: ActionTemplate, window: tuple[datetime.date, datetime.date]
    ) -> tuple[datetime.date, datetime.date]:
        rng = self.rng
        first, last = window
        if template.whole_plan:
            return first, last
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        duration = min(months, rng.choice((4, 6, 9, 10, 10, 12, 12, 18, 22, 24, 34)))
        start = add_months(first, rng.randint(0, months - duration)).replace(day=1)
        return start, month_end(add_months(start, duration - 1))

    def status(self, start: datetime.date, end: datetime.date) -> tuple[str, int]:
        rng = self.rng
        if end < REFERENCE_DATE:
            draw = rng.random()
            if draw < 0.87:
                return ActionStatus.DONE, 100
            if draw < 0.94:
                return ActionStatus.POSTPONED, rng.randrange(0, 45, 5)
            return ActionStatus.ABANDONED, rng.randrange(10, 65, 5)
        if start <= REFERENCE_DATE:
            if rng.random() < 0.04:
                return ActionStatus.POSTPONED, rng.randrange(0, 30, 5)
            elapsed = (REFERENCE_DATE - start).days / max(1, (end - start).days)
            return ActionStatus.IN_PROGRESS, max(5, min(95, round(elapsed * 100) + rng.randint(-12, 12)))
        return ActionStatus.PLANNED, 0

    # Follow-up: indicators, measurements and reach -----------------------------------

    def draw_action_follow_up(self, rows: Rows, plan: Plan, action: Action, template: ActionTemplate) -> None:
        rng = self.rng
        assert action.start_date and action.end_date
        options = ([template.indicator] if template.indicator else []) + [
            t for t in TYPE_INDICATORS[template.action_type] if t != template.indicator
        ]
        count = rng.choices((0, 1, 2), weights=(3, 6, 1))[0]
        started = action.start_date <= REFERENCE_DATE and action.status != ActionStatus.PLANNED
        for spec in options[:count]:
            indicator = self.indicator(plan, spec, action=action)
            rows.indicators.append(indicator)
            if started:
                self.measure(rows, indicator, spec, action.start_date, action.end_date, action.status)
        if started and template.action_type in REACH_FAMILIES:
            self.draw_reach(rows, action, template)

    def indicator(self, plan: Plan, spec: IndicatorTemplate, **subject) -> Indicator:
        rng = self.rng
        baseline = rng.uniform(*spec.baseline)
        target = baseline + rng.uniform(*spec.change)
        if spec.is_rate:
            target = min(target, 98.0)
        places = 1 if spec.is_rate else 0
        return Indicator(
            plan=plan,
            name=spec.name,
            unit=spec.unit,
            baseline=Decimal(f"{baseline:.{places}f}"),
            target=Decimal(f"{target:.{places}f}"),
            **subject,
        )

    def measure(
        self,
        rows: Rows,
        indicator: Indicator,
        spec: IndicatorTemplate,
        start: datetime.date,
        end: datetime.date,
        status: str,
    ) -> None:
        """A value at each half-year passed (the last few), moving from the baseline to the target."""
        rng = self.rng
        last = min(end, REFERENCE_DATE)
        checkpoints = [
            datetime.date(year, month, day)
            for year in range(start.year, last.year + 1)
            for month, day in ((6, 30), (12, 31))
            if start < datetime.date(year, month, day) <= last
        ]
        if status == ActionStatus.DONE and end <= REFERENCE_DATE and end not in checkpoints:
            checkpoints.append(end)
        if not checkpoints:
            return
        baseline, target = float(indicator.baseline or 0), float(indicator.target or 0)
        pace = (
            rng.uniform(0.75, 1.2)
            if status in (ActionStatus.DONE, ActionStatus.IN_PROGRESS)
            else rng.uniform(0.2, 0.6)
        )
        places = 1 if spec.is_rate else 0
        span = max(1, (end - start).days)
        for when in checkpoints[-rng.randint(2, 4) :]:
            share = min(1.0, (when - start).days / span)
            value = baseline + (target - baseline) * share * pace + rng.uniform(-1.5, 1.5) * (places == 1)
            if spec.is_rate:
                value = max(0.0, min(100.0, value))
            rows.measurements.append(
                Measurement(
                    indicator=indicator,
                    measured_on=when,
                    value=Decimal(f"{max(0.0, value):.{places}f}"),
                    note="Sondage annuel auprès des parents" if spec.is_rate else "Compilation des présences",
                )
            )

    def draw_reach(self, rows: Rows, action: Action, template: ActionTemplate) -> None:
        rng, p = self.rng, self.p
        assert action.start_date and action.end_date
        low, high = REACH_FAMILIES[template.action_type]
        size = max(0.6, min(3.0, (p.children_0_5 or 2500) / 2500))
        yearly = rng.uniform(low, high) * size
        last = min(action.end_date, REFERENCE_DATE)
        for year in range(action.start_date.year, last.year + 1):
            first_month = action.start_date.month if year == action.start_date.year else 1
            last_month = last.month if year == last.year else 12
            families = max(1, round(yearly * (last_month - first_month + 1) / 12 * rng.uniform(0.8, 1.2)))
            children_per_family = 0.9 if template.action_type == "perinatalite" else rng.uniform(1.1, 1.6)
            rows.reach.append(
                Reach(
                    action=action,
                    year=year,
                    families=families,
                    children=max(1, round(families * children_per_family)),
                    parents=max(1, round(families * rng.uniform(1.1, 1.5))),
                )
            )

    def draw_objective_indicators(self, rows: Rows, plan: Plan, objectives: list[DrawnObjective]) -> None:
        rng = self.rng
        first, last = plan_window(plan.start_year, plan.end_year)
        for d in objectives:
            if rng.random() < 0.2:
                continue
            spec = rng.choice(OBJECTIVE_INDICATORS[d.factors[0]])
            indicator = self.indicator(plan, spec, objective=d.objective)
            rows.indicators.append(indicator)
            if not spec.measured or plan.status in (PlanStatus.DRAFT, PlanStatus.ADOPTED):
                continue
            # Surveys and counts once a year, in December.
            baseline, target = float(indicator.baseline or 0), float(indicator.target or 0)
            places = 1 if spec.is_rate else 0
            span = (last - first).days
            for year in range(first.year, last.year + 1):
                when = datetime.date(year, 12, 31)
                if not first < when <= min(last, REFERENCE_DATE):
                    continue
                share = (when - first).days / span
                value = baseline + (target - baseline) * share * rng.uniform(0.5, 1.15)
                rows.measurements.append(
                    Measurement(
                        indicator=indicator,
                        measured_on=when,
                        value=Decimal(f"{max(0.0, value):.{places}f}"),
                        note=f"Sondage auprès des parents {year}"
                        if spec.is_rate
                        else "Relevé du comité de suivi",
                    )
                )


# --- The generator seed_demo runs ------------------------------------------------------


def generate(scale: float, seed: int, progress: network_demo.Progress) -> dict[str, int]:
    """A plan (and sometimes the previous one) for every partnership (call inside a transaction).

    The number of plans follows the number of partnerships, so `scale` is already in it.
    """
    refs = References.load()
    partnerships = load_network()
    pools: dict[str, list[int]] = {}
    for p in partnerships:
        pools.setdefault(p.region, []).extend(m.organisation_id for m in p.members)
    pools = {region: sorted(set(ids)) for region, ids in pools.items()}

    progress.start("Plans d'action", len(partnerships), unit=" regroupements")
    totals: Counter = Counter()
    for first in range(0, len(partnerships), PARTNERSHIPS_PER_CHUNK):
        chunk = partnerships[first : first + PARTNERSHIPS_PER_CHUNK]
        earlier, current, stage_changes = Rows(), Rows(), []
        for p in chunk:
            rng = random.Random(f"{seed}-plans-{p.name}")
            PlanDrawer(p, rng, refs, pools.get(p.region, [])).draw(earlier, current, stage_changes)
        # Previous plans first: the current ones point to them and to their actions.
        earlier.write(totals)
        current.write(totals)
        StageChange.objects.bulk_create(stage_changes)
        progress.advance("Plans d'action", len(chunk))
    return {
        "plans d'action": totals["plans"],
        "actions": totals["actions"],
        "indicateurs": totals["indicators"],
        "mesures": totals["measurements"],
    }


def flush() -> None:
    """Delete every plan and stage history (call inside a transaction, before the network's flush)."""
    with no_history():
        for model in (Measurement, Reach, Indicator, Action, Objective, Priority, Finding, Plan, StageChange):
            model.objects.all().delete()
