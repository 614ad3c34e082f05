"""Deterministic demo library: items of every kind, their reuse and their appropriation.

`generate()` runs after the network and the plans (see `seed_demo`). It reads the
partnerships, their members, their people and their plan actions back from the database,
then draws, from one `random.Random` seeded with the seed:

- about 1,560 French items per unit of scale (learnings and tools above all, then news,
  publications and dossiers of three to six parts), each on one of the 14 themes, written
  from that theme's phrase bank (`demo.banks`) so that searches differ by subject,
  tagged consistently with the theme, credited to a partnership and some of its members
  (its region is the item's), sometimes linked to the partnership's own plan actions;
- about 3 % more in English under the English index, two thirds of them translations of
  French items (same Wagtail `translation_key`);
- réinvestissements (an item, or another partnership's action, inspired an existing action
  of a public plan: one inspiration per action), collections and bookmarks, comments and
  questions with replies (two advertisements hidden by an editor), « utile » votes,
  follows and digest subscriptions, for the demo people.

Pages are written by `library.bulk.create_items` and everything else with `bulk_create`.
The appropriation models stamp `created_at` themselves (`auto_now_add`); to keep the
demo's dates (between 2012 and the fixed reference date, whatever day it is generated),
`_dated()` lifts that stamp while its rows are written.

`flush()` deletes the library's pages and every row that hangs on them; see its docstring
for why it deletes table by table.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import html
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from wagtail.models import Page

from accounts.roles import KNOWLEDGE_EDITORS_GROUP
from demo import banks
from demo import partners as network_demo
from demo import plans as plans_demo
from demo.db import delete_all, delete_in, delete_where_set, insert_rows, no_query_log
from demo.text import at, cap, french_list, lower_first, of
from library.bulk import TAG_FIELDS, NewItem, create_items
from library.models import (
    Bookmark,
    Collection,
    Comment,
    CommentReport,
    DigestFrequency,
    DigestSubscription,
    DossierPart,
    Follow,
    ItemKind,
    LibraryIndexPage,
    LibraryItem,
    PublicationKind,
    Reinvestment,
    ToolDocument,
    UsefulVote,
)
from library.models.items import KIND_MODELS
from partners.models import Affiliation, Organisation, Partnership, PartnershipKind
from plans.models import Action, Visibility
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System, Theme
from territories.models import Region

REFERENCE_DATE = network_demo.REFERENCE_DATE
REFERENCE_MOMENT = network_demo.REFERENCE_MOMENT
FIRST_DATE = datetime.date(2012, 1, 1)

#: French items at scale 1 (English ones come on top).
ITEMS_PER_SCALE = 1560
MIN_ITEMS = 40
KIND_WEIGHTS = {
    ItemKind.LEARNING.value: 44,
    ItemKind.TOOL.value: 30,
    ItemKind.NEWS.value: 13,
    ItemKind.PUBLICATION.value: 9,
    ItemKind.DOSSIER.value: 4,
}
ENGLISH_SHARE = 0.03
TRANSLATED_SHARE = 2 / 3
FEATURED_SHARE = 0.04  # of the items published in the last fifteen months
SOURCE_ACTION_SHARE = {"apprentissage": 0.5, "outil": 0.2, "publication": 0.3}
ITEM_REINVESTMENT_SHARE = 0.08  # of the actions of public plans
ACTION_REINVESTMENT_SHARE = 0.025
COLLECTOR_SHARE = 0.12
VOTES_PER_ITEM = 3
COMMENTED_SHARE = 0.18
THEME_FOLLOWER_SHARE = 0.08
PARTNERSHIP_FOLLOWER_SHARE = 0.03
ITEM_FOLLOWER_SHARE = 0.03
BATCH = 2_000

#: The theme of each action template of the demo plans (by title: actions start with it).
TEMPLATE_THEMES = {
    "Heure du conte et bébés-lecteurs à la bibliothèque": "eveil-lecture-ecriture",
    "Trousses de stimulation du langage": "langage",
    "Ateliers de psychomotricité pour les 2 à 5 ans": "developpement-moteur",
    "Jeu actif extérieur dans les parcs": "developpement-moteur",
    "Ateliers d'éveil musical": "socioaffectif",
    "Groupes de stimulation pour les enfants qui ne fréquentent pas de service de garde": (
        "transition-scolaire"
    ),
    "Ateliers de cuisine pour petits chefs": "saines-habitudes",
    "Jardin pédagogique dans les services de garde": "saines-habitudes",
    "Ateliers sur les émotions avec des marionnettes": "socioaffectif",
    "Ateliers parents-enfants d'éveil à la lecture": "eveil-lecture-ecriture",
    "Halte-garderie communautaire": "parentalite",
    "Cuisines collectives pour jeunes familles": "defavorisation",
    "Groupe de soutien pour les pères": "engagement-peres",
    "Cafés-rencontres pour parents": "parentalite",
    "Visites à domicile auprès des familles isolées": "defavorisation",
    "Ateliers parents-enfants « Jouer pour grandir »": "parentalite",
    "Accompagnement des familles immigrantes vers les services": "diversite",
    "Comptoir de matériel pour bébés": "defavorisation",
    "Campagne de sensibilisation sur l'importance du jeu": "parentalite",
    "Grande semaine des tout-petits et fête de la famille": "mobilisation",
    "Capsules vidéo sur le développement du langage": "langage",
    "Bottin des ressources pour les familles": "acces-services",
    "Trousses du bébé-lecteur remises aux nouveau-nés": "eveil-lecture-ecriture",
    "Chroniques petite enfance dans les médias locaux": "parentalite",
    "Formation des éducatrices sur la stimulation du langage": "langage",
    "Formation des éducatrices sur l'éveil à la lecture et à l'écriture": "eveil-lecture-ecriture",
    "Formation des éducatrices sur le jeu actif et le développement moteur": "developpement-moteur",
    "Formation des éducatrices sur le développement socioaffectif et la gestion des émotions": (
        "socioaffectif"
    ),
    "Formation des éducatrices sur le jeu symbolique et la résolution de problèmes": "socioaffectif",
    "Formation des éducatrices sur l'inclusion des enfants ayant des besoins particuliers": "acces-services",
    "Formation des éducatrices sur la collaboration avec les parents": "parentalite",
    "Formation des éducatrices sur la saine alimentation des tout-petits": "saines-habitudes",
    "Communauté de pratique des éducatrices en milieu familial": "mobilisation",
    "Formation des intervenants sur l'accueil des familles immigrantes": "diversite",
    "Croque-livres dans les lieux publics": "eveil-lecture-ecriture",
    "Navette vers les services pour les familles en milieu rural": "acces-services",
}
#: Otherwise, the theme of an action follows its type.
ACTION_TYPE_THEMES = {
    "activites-enfants": "developpement-moteur",
    "soutien-parental": "parentalite",
    "perinatalite": "perinatalite",
    "sensibilisation": "parentalite",
    "formation": "socioaffectif",
    "transition-scolaire": "transition-scolaire",
    "environnements-favorables": "environnements-favorables",
    "concertation": "mobilisation",
}
#: National projects write about their own subject.
NATIONAL_THEMES = {
    "Éveil à la lecture": "eveil-lecture-ecriture",
    "transition scolaire": "transition-scolaire",
    "Pères engagés": "engagement-peres",
    "Tout-petits en santé": "saines-habitudes",
    "Familles immigrantes": "diversite",
    "Qualité des milieux": "socioaffectif",
    "Périnatalité": "perinatalite",
    "Communautés amies": "environnements-favorables",
}
#: Regions where some partners also publish in English.
ENGLISH_REGIONS = ("06", "07", "05", "16", "13")


# --- French -------------------------------------------------------------------------------

_ARTICLES = ("les ", "le ", "la ", "l'")


def bare(phrase: str) -> str:
    """« les sacs de lecture voyageurs » → « sacs de lecture voyageurs »."""
    for article in _ARTICLES:
        if phrase.startswith(article):
            return phrase[len(article) :]
    return phrase


#: The article of an organisation's name, from its first word (« le CPE Les Lucioles »).
ARTICLES = {
    "le ": "CPE Centre Carrefour Service CLSC Regroupement Comité Comptoir Réseau Laboratoire Bureau "
    "Club Forum Fonds CISSS Conseil CIUSSS Collectif",
    "la ": "Garderie Joujouthèque Bibliothèque Halte-garderie Ville Maison Fondation Corporation Clinique "
    "Direction Chaire Table MRC Conférence Coalition Municipalité Fédération",
    "l'": "École Association Équipe Entraide-parents Office Arrondissement Observatoire Institut Alliance",
    "les ": "Cuisines Services",
}
ARTICLE_OF_WORD = {word: article for article, words in ARTICLES.items() for word in words.split()}


def the(name: str) -> str:
    """An organisation's name with its article: « le CLSC de Rimouski », « la Ville de Laval »."""
    return ARTICLE_OF_WORD.get(name.split(" ", 1)[0], "") + name


def of_name(name: str) -> str:
    """« de » before an organisation's name: « du CPE Les Lucioles », « de la Ville de Laval »."""
    return of(the(name))


def has_place(subject: str) -> bool:
    """Whether a subject already says where it happens (« la bibliothèque mobile dans les parcs »)."""
    return any(f" {word} " in f" {subject} " for word in ("à", "au", "aux", "dans", "en"))


def for_population(text: str, populations: Sequence[str]) -> str:
    """« pour les pères », unless the text already names them."""
    if not populations:
        return ""
    phrase = banks.POPULATION_PHRASES[populations[0]]
    return "" if phrase.split()[-1] in text.lower() else f"pour {phrase}"


def paragraph(*sentences: str) -> str:
    return "<p>" + html.escape(" ".join(s for s in sentences if s), quote=False) + "</p>"


def bullets(sentences: Iterable[str]) -> str:
    items = "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in sentences)
    return f"<ul>{items}</ul>"


# --- What the database already holds ------------------------------------------------------


@dataclass(slots=True)
class Person:
    pk: int
    name: str
    email: str
    job_title: str
    organisation: int | None


@dataclass(slots=True)
class ActionInfo:
    pk: int
    partnership: int
    theme: str
    start: datetime.date
    public: bool


@dataclass
class References:
    """Database ids of the reference data the items are tagged with."""

    themes: dict[str, int]
    theme_labels: dict[str, str]
    systems: dict[str, int]
    factors: dict[str, int]
    ages: dict[str, int]
    populations: dict[str, int]
    action_types: dict[str, int]
    regions: dict[str, int]
    french_index: LibraryIndexPage
    english_index: LibraryIndexPage

    @classmethod
    def load(cls) -> References:
        def ids(model: type[models.Model], needed: Iterable[str]) -> dict[str, int]:
            found = dict(model.objects.values_list("code", "pk"))
            missing = sorted(set(needed) - set(found))
            if missing:
                raise LookupError(f"{model._meta.label}: {', '.join(missing)}")
            return found

        def index(language: str) -> LibraryIndexPage:
            page = LibraryIndexPage.objects.filter(locale__language_code=language).first()
            if page is None:
                raise LookupError(f"library.LibraryIndexPage ({language})")
            return page

        themes = banks.THEMES
        return cls(
            themes=ids(Theme, [t.code for t in themes]),
            theme_labels=dict(Theme.objects.values_list("code", "label_fr")),
            systems=ids(System, {c for t in themes for c in t.systems}),
            factors=ids(ProtectiveFactor, {c for t in themes for c in t.factors}),
            ages=ids(AgePeriod, {c for t in themes for c in t.ages}),
            populations=ids(Population, banks.POPULATION_PHRASES),
            action_types=ids(ActionType, {c for t in themes for c in t.action_types}),
            regions=ids(Region, network_demo.REGIONS_BY_CODE),
            french_index=index("fr"),
            english_index=index("en"),
        )


def action_theme(title: str, action_type: str) -> str:
    for template, theme in TEMPLATE_THEMES.items():
        if title.startswith(template):
            return theme
    return ACTION_TYPE_THEMES.get(action_type, "mobilisation")


class Network:
    """The partnerships, organisations, people and actions the library draws on."""

    def __init__(self) -> None:
        self.partnerships = plans_demo.load_network()
        self.by_pk = {p.pk: p for p in self.partnerships}
        self.organisations: dict[int, tuple[str, str, str]] = {}
        self.partnerships_of: dict[int, list[int]] = defaultdict(list)
        member_ids = {m.organisation_id for p in self.partnerships for m in p.members}
        for p in self.partnerships:
            for m in p.members:
                self.partnerships_of[m.organisation_id].append(p.pk)
        for pk, name, sector, municipality in Organisation.objects.filter(pk__in=member_ids).values_list(
            "pk", "name", "sector__code", "municipality"
        ):
            self.organisations[pk] = (name, sector, municipality)

        User = get_user_model()
        suffix = "@" + network_demo.DEMO_EMAIL_DOMAIN
        self.people: list[Person] = []
        self.people_of: dict[int, list[Person]] = defaultdict(list)
        seen: set[int] = set()
        rows = (
            Affiliation.objects.filter(user__email__iendswith=suffix, user__is_active=True)
            .order_by("user_id", "pk")
            .values_list(
                "user_id",
                "user__first_name",
                "user__last_name",
                "user__email",
                "job_title",
                "organisation_id",
            )
        )
        for pk, first, last, email, job, organisation in rows:
            if pk in seen:
                continue
            seen.add(pk)
            person = Person(pk, f"{first} {last}".strip(), email, job, organisation)
            self.people.append(person)
            self.people_of[organisation].append(person)
        self.person = {person.pk: person for person in self.people}
        self.coordinators: dict[int, list[int]] = defaultdict(list)
        for partnership, user in (
            Partnership.coordinators.through.objects.filter(user__email__iendswith=suffix)
            .order_by("partnership_id", "user_id")
            .values_list("partnership_id", "user_id")
        ):
            self.coordinators[partnership].append(user)
        self.coordinated: dict[int, int] = {u: p for p, users in self.coordinators.items() for u in users}
        self.editors = list(
            User.objects.filter(email__iendswith=suffix, groups__name=KNOWLEDGE_EDITORS_GROUP)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

        self.actions: list[ActionInfo] = []
        self.actions_of: dict[int, list[ActionInfo]] = defaultdict(list)
        rows = (
            Action.objects.filter(start_date__isnull=False)
            .order_by("pk")
            .values_list(
                "pk", "plan__partnership_id", "title", "action_type__code", "start_date", "plan__visibility"
            )
        )
        for pk, partnership, title, action_type, start, visibility in rows.iterator(chunk_size=5_000):
            info = ActionInfo(
                pk, partnership, action_theme(title, action_type), start, visibility == Visibility.PUBLIC
            )
            self.actions.append(info)
            self.actions_of[partnership].append(info)


# --- Drawing the items ------------------------------------------------------------------


@dataclass(slots=True)
class Drawn:
    """What later phases need to know of an item, without its texts."""

    kind: str
    theme: str
    partnership: int | None
    region: str | None
    organisations: list[int]
    published_on: datetime.date
    weight: float
    subject: int = 0
    tool: int = 0
    language: str = "fr"
    translation_of: int | None = None  # index of the French item
    pk: int = 0


def _weighted_index(rng: random.Random, cumulative: Sequence[float], end: int | None = None) -> int:
    end = len(cumulative) if end is None else end
    return bisect.bisect_right(cumulative, rng.random() * cumulative[end - 1], 0, end - 1)


class ItemDrawer:
    """Composes the items from the phrase banks, one random generator for the whole library."""

    def __init__(self, rng: random.Random, network: Network, refs: References) -> None:
        self.rng = rng
        self.net = network
        self.refs = refs
        self.themes = banks.THEMES
        self.theme_weights = [t.weight for t in self.themes]
        self.local = [p for p in network.partnerships if p.kind != PartnershipKind.NATIONAL and p.members]
        self.national = {
            theme: [p for p in network.partnerships if p.kind == PartnershipKind.NATIONAL and key in p.name]
            for key, theme in NATIONAL_THEMES.items()
        }
        self.regional = defaultdict(list)
        for p in network.partnerships:
            if p.kind == PartnershipKind.REGIONAL:
                self.regional[p.region].append(p)
        self.drawn: list[Drawn] = []
        #: The tags of each French item (by index in `drawn`), for its translation.
        self.tags_of: dict[int, dict[str, list[int]]] = {}

    # Small draws ------------------------------------------------------------------------

    def fill(self, text: str) -> str:
        rng = self.rng
        return text.format(n=rng.randint(25, 480), k=rng.randint(3, 24), pct=f"{rng.randint(12, 85)}\u00a0%")

    def pick(self, options: Sequence[str], count: int = 1) -> list[str]:
        return self.rng.sample(list(options), min(count, len(options)))

    def one(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def sentences(self, options: Sequence[str], count: int) -> list[str]:
        """Bank sentences with their counts and percentages drawn."""
        return [self.fill(sentence) for sentence in self.pick(options, count)]

    def theme(self) -> banks.ThemeBank:
        return self.rng.choices(self.themes, weights=self.theme_weights)[0]

    def partnership(self, theme: banks.ThemeBank) -> plans_demo.PartnershipInfo | None:
        national = [p for p in self.national.get(theme.code, ()) if p.members]
        if national and self.rng.random() < 0.08:
            return self.rng.choice(national)
        return self.rng.choice(self.local) if self.local else None

    def organisations(self, p: plans_demo.PartnershipInfo | None, theme: banks.ThemeBank) -> list[int]:
        if p is None or not p.members:
            return []
        members = [m.organisation_id for m in p.members if m.organisation_id in self.net.organisations]
        preferred = [m for m in members if self.net.organisations[m][1] in theme.sectors]
        lead = self.rng.choice(preferred or members)
        others = [m for m in members if m != lead]
        return [lead] + self.rng.sample(others, min(len(others), self.rng.choice((0, 1, 1, 2))))

    def date(self, p: plans_demo.PartnershipInfo | None) -> datetime.date:
        low = FIRST_DATE
        if p is not None and p.members:
            low = max(low, p.founded + datetime.timedelta(days=120))
        low = min(low, REFERENCE_DATE - datetime.timedelta(days=60))
        span = (REFERENCE_DATE - low).days
        # More items in recent years: the library grew with the network.
        return low + datetime.timedelta(days=round(span * self.rng.random() ** 0.6))

    def ages(self, theme: banks.ThemeBank) -> list[str]:
        pool = theme.ages
        size = min(len(pool), self.rng.choice((1, 2, 2, 3)))
        first = self.rng.randint(0, len(pool) - size)
        return list(pool[first : first + size])

    def populations(self, theme: banks.ThemeBank) -> list[str]:
        chosen = []
        if theme.populations and self.rng.random() < 0.7:
            chosen.append(theme.populations[0])
        if self.rng.random() < 0.15:
            chosen.append(self.rng.choice(list(banks.POPULATION_PHRASES)))
        return list(dict.fromkeys(chosen))

    def tags(self, theme: banks.ThemeBank, region: str | None, orgs: list[int], p, populations) -> dict:
        refs, rng = self.refs, self.rng
        themes = [theme.code]
        if rng.random() < 0.25:
            themes.append(rng.choice(theme.related))
        systems = theme.systems[:1] + tuple(s for s in theme.systems[1:] if rng.random() < 0.4)
        factors = theme.factors[:1] + tuple(self.pick(theme.factors[1:], rng.choice((0, 1, 1))))
        action_types = [rng.choice(theme.action_types)]
        return {
            "themes": [refs.themes[c] for c in themes],
            "systems": [refs.systems[c] for c in systems],
            "protective_factors": [refs.factors[c] for c in factors],
            "age_periods": [refs.ages[c] for c in self.ages(theme)],
            "populations": [refs.populations[c] for c in populations],
            "action_types": [refs.action_types[c] for c in action_types],
            "regions": [refs.regions[region]] if region else [],
            "organisations": orgs,
            "partnerships": [p.pk] if p is not None else [],
        }

    def source_actions(self, kind: str, theme: banks.ThemeBank, p, published_on: datetime.date) -> list[int]:
        if p is None or self.rng.random() >= SOURCE_ACTION_SHARE.get(kind, 0):
            return []
        actions = [a for a in self.net.actions_of.get(p.pk, ()) if a.start <= published_on]
        matching = [a for a in actions if a.theme == theme.code] or [
            a for a in actions if a.theme in theme.related
        ]
        if not matching:
            return []
        return [a.pk for a in self.rng.sample(matching, min(len(matching), self.rng.choice((1, 1, 2))))]

    # Context shared by every kind --------------------------------------------------------

    def setting(self, p, orgs: list[int]) -> dict[str, str]:
        """Names of the places and organisations an item speaks of."""
        net = self.net
        lead = net.organisations[orgs[0]] if orgs else None
        if p is None:
            territory, of_territory, city = "Québec", "du Québec", "Québec"
        else:
            territory = p.territory_name
            of_territory = plans_demo.territory_of(p)
            city = (lead[2] if lead and lead[2] else "") or p.territory_name
        org = the(lead[0]) if lead else (p.name if p else "le réseau")
        partners = [the(net.organisations[o][0]) for o in orgs[1:]]
        region = network_demo.REGIONS_BY_CODE[p.region].of if p is not None else "du Québec"
        return {
            "territory": territory,
            "of_territory": of_territory,
            "city": city,
            "at_city": at(city),
            "org": org,
            "Org": cap(org),
            "name": lead[0] if lead else (p.name if p else "Agir tôt"),
            "of_org": of_name(lead[0]) if lead else of(org),
            "partners": french_list(partners),
            "partnership": p.name if p else "",
            "members": str(len(p.members)) if p else "",
            "children": f"{p.children_0_5:,}".replace(",", "\u00a0") if p and p.children_0_5 else "",
            "of_region": region,
        }

    def territory_sentence(self, p, where: dict[str, str]) -> str:
        if p is None:
            return ""
        sentence = f"{where['partnership']} réunit {where['members']} partenaires"
        if where["children"]:
            sentence += f" d'un territoire qui compte environ {where['children']} enfants de 0 à 5 ans"
        return sentence + "."

    def contacts(self, orgs: list[int], p) -> str:
        people = [person for o in orgs for person in self.net.people_of.get(o, ())]
        if not people and p is not None:
            people = [self.net.person[u] for u in self.net.coordinators.get(p.pk, ()) if u in self.net.person]
        lines = []
        for person in self.rng.sample(people, min(len(people), self.rng.choice((1, 1, 2)))):
            organisation = self.net.organisations.get(person.organisation, ("",))[0]
            role = ", ".join(filter(None, [person.job_title, organisation]))
            lines.append(paragraph(f"{person.name}, {role} : {person.email}"))
        if not lines:
            lines.append(paragraph("Pour en savoir plus, écrivez au regroupement par courriel."))
        return "".join(lines)

    def owner(self, orgs: list[int]) -> int | None:
        people = [person for o in orgs[:1] for person in self.net.people_of.get(o, ())]
        return self.rng.choice(people).pk if people else None

    # The kinds --------------------------------------------------------------------------

    def draw(self, kind: str) -> NewItem:
        rng = self.rng
        theme = self.theme()
        p = self.partnership(theme)
        orgs = self.organisations(p, theme)
        published_on = self.date(p)
        populations = self.populations(theme)
        subject_index = rng.randrange(len(theme.subjects))
        tool_index = rng.randrange(len(theme.tools))
        where = self.setting(p, orgs)
        record = Drawn(
            kind=kind,
            theme=theme.code,
            partnership=p.pk if p else None,
            region=p.region if p else None,
            organisations=orgs,
            published_on=published_on,
            weight=rng.paretovariate(1.3),
            subject=subject_index,
            tool=tool_index,
        )
        self.drawn.append(record)
        subject = theme.subjects[subject_index][0]
        compose = {
            ItemKind.LEARNING.value: self.learning,
            ItemKind.TOOL.value: self.tool,
            ItemKind.PUBLICATION.value: self.publication,
            ItemKind.NEWS.value: self.news,
        }[kind]
        title, summary, body, specific = compose(theme, p, where, subject, populations, record)
        tags = self.tags(theme, record.region, orgs, p, populations)
        tags["source_actions"] = self.source_actions(kind, theme, p, published_on)
        self.tags_of[len(self.drawn) - 1] = tags
        recent = published_on >= REFERENCE_DATE - datetime.timedelta(days=450)
        return NewItem(
            kind=kind,
            title=title,
            summary=summary,
            body=body,
            published_on=published_on,
            featured=recent and kind != ItemKind.PUBLICATION and rng.random() < FEATURED_SHARE,
            owner_id=self.owner(orgs),
            specific=specific,
            tags=tags,
        )

    def learning(self, theme, p, where, subject, populations, record):
        rng = self.rng
        place = "" if has_place(subject) else self.one(theme.places)
        if place and place.split()[-1].lower() in subject.lower():
            place = ""  # « le jumelage entre le CPE et l'école » happens at no single « CPE »
        lesson = self.one(theme.lessons)
        patterns = [
            f"{cap(bare(subject))} {place or where['at_city']}",
            f"{cap(bare(subject))} {where['at_city']}",
            f"{cap(bare(subject))} : {lesson}",
            f"Ce que nous avons appris avec {subject} {where['of_territory']}",
            f"{cap(lesson)} : l'expérience {where['of_territory']}",
            f"{cap(bare(subject))} {where['of_territory']} : {self.one(banks.GENERIC_LESSONS)}",
        ]
        aimed = for_population(subject, populations)
        if aimed:
            patterns.append(f"{cap(bare(subject))} {aimed}")
        title = rng.choice(patterns)
        goal = self.one(theme.goals)
        year = record.published_on.year - rng.randint(1, 3)
        needs = self.pick(theme.needs, 2)
        activities = self.sentences(theme.activities, 4)
        results = [self.fill(r) for r in self.pick(theme.results, 3)]
        advice = self.pick(theme.advice, 3)
        with_partners = f", avec {where['partners']}," if where["partners"] else ""
        where_done = f" {place}" if place else ""
        started = (
            f"En {year}, {where['org']}{with_partners} a mis sur pied {subject}{where_done} pour {goal}."
        )
        summary = f"{where['Org']} et ses partenaires ont mis sur pied {subject}{where_done} pour {goal}."
        summary += " " + results[0]
        body = (
            paragraph(needs[0], self.territory_sentence(p, where))
            + paragraph(started, activities[0], activities[1])
            + paragraph(results[0], results[1], advice[0])
        )
        specific = {
            "context": paragraph(*needs, self.territory_sentence(p, where)),
            "what_was_done": paragraph(started) + bullets(activities[1:]),
            "results": bullets(results),
            "success_conditions": bullets(self.pick(theme.conditions, rng.choice((2, 3)))),
            "challenges": paragraph(*self.pick(theme.challenges, rng.choice((1, 2)))),
            "reuse_advice": bullets(advice),
            "contacts": self.contacts(record.organisations, p),
        }
        return title, summary, body, specific

    def tool(self, theme, p, where, subject, populations, record):
        rng = self.rng
        name = theme.tools[record.tool][0]
        patterns = [
            f"{name} ({where['territory']})",
            f"{name} ({where['territory']})",
            f"{name} — édition {record.published_on.year}",
            f"{name} : version {self.one(banks.TOOL_VARIANTS)}",
        ]
        aimed = for_population(name, populations)
        if aimed:
            patterns.append(f"{name} {aimed}")
        if rng.random() < 0.05:
            patterns = [name]
        title = rng.choice(patterns)
        goal = self.one(theme.goals)
        components = self.pick(banks.TOOL_COMPONENTS, 3)
        users = self.pick(banks.TOOL_USERS, 2)
        summary = (
            f"Un outil pour {goal}, conçu par {where['org']} et ses partenaires {where['of_territory']}."
        )
        body = (
            paragraph(
                f"{name} : un outil conçu par les partenaires {where['of_territory']} pour {goal}.",
                f"Il est né de l'expérience des partenaires avec {subject}.",
                self.one(theme.needs),
            )
            + paragraph(
                f"Il comprend {french_list(components)}.",
                f"Il s'adresse d'abord {at(users[0])} et {at(users[1])}.",
                self.fill(self.one(theme.activities)),
            )
            + paragraph(self.one(theme.advice), self.fill(self.one(banks.TOOL_FORMATS)))
        )
        return title, summary, body, {}

    def publication(self, theme, p, where, subject, populations, record):
        rng = self.rng
        kind = rng.choices(
            [PublicationKind.EVALUATION, PublicationKind.REPORT, PublicationKind.RESEARCH],
            weights=(40, 40, 20),
        )[0]
        year = record.published_on.year
        research = theme.research[rng.randrange(len(theme.research))][0]
        methods = self.pick(banks.EVALUATION_METHODS, 2)
        results = [self.fill(r) for r in self.pick(theme.results, 2)]
        if kind == PublicationKind.RESEARCH:
            title = rng.choice(
                [
                    f"Synthèse de recherche : {research}",
                    f"Ce que dit la recherche sur {research}",
                    f"{cap(research)} : état des connaissances ({year})",
                ]
            )
            authors = french_list(
                [
                    f"{rng.choice(network_demo.FIRST_NAMES)[0]} {rng.choice(network_demo.LAST_NAMES)}"
                    for _ in range(rng.choice((1, 2, 2, 3)))
                ]
            )
            summary = (
                f"Une synthèse des connaissances sur {research}, pour les partenaires en petite enfance."
            )
            body = (
                paragraph(
                    f"Cette synthèse fait le point sur {research}.",
                    self.one(theme.needs),
                    "Elle s'appuie sur des études québécoises et internationales "
                    "publiées depuis une dizaine d'années.",
                )
                + paragraph(
                    "Plusieurs pratiques y sont décrites comme prometteuses.",
                    self.fill(self.one(theme.activities)),
                    f"Condition de succès souvent citée : {lower_first(self.one(theme.conditions))}",
                )
                + paragraph(
                    "Pour les regroupements, les auteurs retiennent quelques pistes.",
                    *self.pick(theme.advice, 2),
                )
            )
        else:
            first = max(FIRST_DATE.year, year - rng.randint(1, 3))
            if kind == PublicationKind.EVALUATION:
                title = rng.choice(
                    [
                        f"Évaluation {of(subject)} {where['of_territory']}",
                        f"Évaluation {of(subject)} : {self.one(banks.GENERIC_LESSONS)}",
                        f"Évaluation du projet « {cap(bare(subject))} » ({first}-{year})"
                        if "«" not in subject
                        else f"Évaluation {of(subject)} ({first}-{year})",
                    ]
                )
                where_done = where["of_territory"]
                opening = f"Cette évaluation, menée de {first} à {year}, porte sur {subject} {where_done}."
            else:
                title = rng.choice(
                    [
                        f"Rapport d'activités {year} : {subject}",
                        f"Bilan {of(subject)} {where['of_territory']}",
                        f"Rapport de projet : {bare(subject)} ({first}-{year})",
                    ]
                )
                where_done = where["of_territory"]
                opening = f"Ce rapport présente le bilan {of(subject)} {where_done}, de {first} à {year}."
            authors = where["name"]
            summary = f"{opening} {results[0]}"
            body = (
                paragraph(opening, self.one(theme.needs))
                + paragraph(f"Il s'appuie sur {methods[0]} et sur {methods[1]}.", *results)
                + paragraph(
                    "Les auteurs retiennent une condition de succès : "
                    + lower_first(self.one(theme.conditions)),
                    f"Défi à surveiller : {lower_first(self.one(theme.challenges))}",
                    self.one(theme.advice),
                )
            )
        return title, summary, body, {"publication_kind": kind.value, "authors": authors[:300]}

    def news(self, theme, p, where, subject, populations, record):
        dossier = self.one(theme.dossiers)
        values = {
            "City": where["city"],
            "subject": subject,
            "Subject": cap(bare(subject)),
            "of_subject": of(subject),
            "at_city": where["at_city"],
            "of_territory": where["of_territory"],
            "Org": where["Org"],
            "of_org": where["of_org"],
            "Dossier": dossier,
            "of_region": where["of_region"],
            "partnership": where["partnership"] or where["org"],
        }
        title = self.one(banks.NEWS_TITLES).format(**values)
        opening = self.one(banks.NEWS_OPENINGS).format(**values)
        quote_person = self.contacts_person(record.organisations)
        goal = self.one(theme.goals)
        quote = f"« Nous voulions {goal}. {self.one(theme.advice).rstrip('.')} »"
        quote += f", souligne {quote_person}." if quote_person else "."
        summary = opening
        body = (
            paragraph(opening, self.one(theme.needs))
            + paragraph(*self.sentences(theme.activities, 2))
            + paragraph(quote)
            + paragraph(self.fill(self.one(theme.results)), self.one(banks.NEWS_CLOSINGS).format(**values))
        )
        return title, summary, body, {}

    def contacts_person(self, orgs: list[int]) -> str:
        people = [person for o in orgs for person in self.net.people_of.get(o, ())]
        if not people:
            return ""
        person = self.rng.choice(people)
        return ", ".join(filter(None, [person.name, person.job_title.lower()]))

    # Dossiers and English items, drawn from the items already written -----------------------

    def dossier(self, theme_code: str, candidates: list[int]) -> tuple[NewItem, list[tuple[int, str]]]:
        """A dossier on one theme and its parts (indices into `drawn` with their note)."""
        rng = self.rng
        theme = banks.THEMES_BY_CODE[theme_code]
        parts = rng.sample(candidates, min(len(candidates), rng.randint(3, 6)))
        parts.sort(key=lambda i: (self.drawn[i].kind != "apprentissage", self.drawn[i].published_on))
        first = self.drawn[parts[0]]
        p = self.net.by_pk.get(first.partnership) if first.partnership else None
        if p is not None and self.regional.get(p.region) and rng.random() < 0.6:
            p = rng.choice(self.regional[p.region])
        latest = max(self.drawn[i].published_on for i in parts)
        published_on = min(REFERENCE_DATE, latest + datetime.timedelta(days=rng.randint(3, 90)))
        topic = self.one(theme.dossiers)
        region = network_demo.REGIONS_BY_CODE[p.region].of if p is not None else "du Québec"
        title = rng.choice(
            [topic, f"{topic} : les expériences {region}", f"Dossier : {topic[:1].lower()}{topic[1:]}"]
        )
        label = self.refs.theme_labels.get(theme_code, theme_code).lower()
        kinds = Counter(self.drawn[i].kind for i in parts)
        count = french_list(
            [
                f"{n} {word if n == 1 else word + 's'}"
                for kind, word in (
                    ("apprentissage", "expérience"),
                    ("outil", "outil"),
                    ("publication", "publication"),
                    ("actualite", "nouvelle"),
                )
                if (n := kinds.get(kind))
            ]
        )
        summary = f"Un dossier en {len(parts)} parties sur le thème « {label} » : {count}."
        body = (
            paragraph(
                f"Ce dossier rassemble {count} sur le thème « {label} ».",
                self.one(theme.needs),
                f"Les partenaires y montrent comment {self.one(theme.goals)}.",
            )
            + paragraph(*self.sentences(theme.activities, 2))
            + paragraph(
                "Chaque partie peut se lire seule; ensemble, elles donnent des repères "
                "pour passer à l'action.",
                f"Une condition de succès revient souvent : {lower_first(self.one(theme.conditions))}",
                self.one(theme.advice),
            )
        )
        members = {m.organisation_id for m in p.members} if p is not None else set()
        orgs = sorted({o for i in parts for o in self.drawn[i].organisations[:1]} & members)[:3]
        record = Drawn(
            kind=ItemKind.DOSSIER.value,
            theme=theme_code,
            partnership=p.pk if p else None,
            region=p.region if p else None,
            organisations=orgs,
            published_on=published_on,
            weight=rng.paretovariate(1.3),
        )
        self.drawn.append(record)
        tags = self.tags(theme, record.region, orgs, p, [])
        item = NewItem(
            kind=ItemKind.DOSSIER.value,
            title=title,
            summary=summary,
            body=body,
            published_on=published_on,
            featured=published_on >= REFERENCE_DATE - datetime.timedelta(days=450) and rng.random() < 0.2,
            tags=tags,
        )
        notes = [(i, self.one(banks.DOSSIER_NOTES.get(self.drawn[i].kind, ("",)))) for i in parts]
        return item, notes

    def english(self, source: int | None) -> NewItem:
        """An English item: the translation of the French item `source`, or an original."""
        rng = self.rng
        if source is not None:
            original = self.drawn[source]
            theme = banks.THEMES_BY_CODE[original.theme]
            kind = original.kind
            p = self.net.by_pk.get(original.partnership) if original.partnership else None
            orgs = original.organisations
            published_on = min(
                REFERENCE_DATE, original.published_on + datetime.timedelta(days=rng.randint(10, 120))
            )
            subject_index, tool_index = original.subject, original.tool
        else:
            theme = self.theme()
            kind = rng.choice([ItemKind.LEARNING.value, ItemKind.LEARNING.value, ItemKind.TOOL.value])
            english_partnerships = [p for p in self.local if p.region in ENGLISH_REGIONS] or self.local
            p = rng.choice(english_partnerships) if english_partnerships else None
            orgs = self.organisations(p, theme)
            published_on = self.date(p)
            subject_index = rng.randrange(len(theme.subjects))
            tool_index = rng.randrange(len(theme.tools))
        where = self.setting(p, orgs)
        subject = theme.subjects[subject_index][1]
        tool = theme.tools[tool_index][1]
        territory = where["territory"]
        values = {"territory": territory, "subject": subject, "Subject": cap(subject), "org": where["name"]}
        if kind == ItemKind.TOOL.value:
            title = f"{tool} ({territory})"
        elif kind == ItemKind.LEARNING.value:
            title = rng.choice([f"What we learned from {subject}", f"{cap(subject)} in {territory}"])
        else:
            title = f"{banks.ENGLISH_KIND_WORDS.get(kind, '')} {subject} in {territory}".strip()
        if source is None:
            title += " (English-speaking families)"
        lines = list(theme.english)
        rng.shuffle(lines)
        partners = (
            f"{where['partnership']} brings together {where['members']} partners."
            if where["partnership"]
            else ""
        )
        opening = self.one(banks.ENGLISH_OPENINGS).format(**values)
        body = (
            paragraph(opening, partners)
            + paragraph(*lines)
            + paragraph(
                "Practitioners and parents were involved at every step, "
                "from the first meetings to the evaluation.",
                self.one(banks.ENGLISH_CLOSINGS),
            )
        )
        record = Drawn(
            kind=kind,
            theme=theme.code,
            partnership=p.pk if p else None,
            region=p.region if p else None,
            organisations=orgs,
            published_on=published_on,
            weight=rng.paretovariate(1.5),
            subject=subject_index,
            tool=tool_index,
            language="en",
            translation_of=source,
        )
        self.drawn.append(record)
        specific: dict = {}
        if kind == ItemKind.LEARNING.value:
            specific = {
                "context": paragraph(opening, partners),
                "what_was_done": bullets(lines),
                "reuse_advice": paragraph(self.one(banks.ENGLISH_CLOSINGS)),
            }
        elif kind == ItemKind.PUBLICATION.value:
            specific = {"publication_kind": PublicationKind.REPORT.value, "authors": where["name"][:300]}
        return NewItem(
            kind=kind,
            title=title,
            summary=f"{cap(subject)} in {territory}: {theme.english[0]}",
            body=body,
            published_on=published_on,
            owner_id=self.owner(orgs),
            specific=specific,
            tags=self.tags_of[source] if source is not None else self.tags(theme, record.region, orgs, p, []),
        )


# --- Writing ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _dated(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the `created_at` the demo chose instead of stamping now."""
    fields = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and f.auto_now_add
    ]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time of the working day on `day`, never after the reference moment."""
    value = datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=datetime.UTC
    )
    return min(value, REFERENCE_MOMENT)


def after(when: datetime.datetime, rng: random.Random, low: int, high: int) -> datetime.datetime:
    """Some hours after `when`, never after the reference moment."""
    return min(when + datetime.timedelta(hours=rng.randint(low, high)), max(when, REFERENCE_MOMENT))


def later(day: datetime.date, rng: random.Random, low: int, high: int) -> datetime.date:
    return min(REFERENCE_DATE, day + datetime.timedelta(days=rng.randint(low, high)))


def _counted(items: Iterable[NewItem], progress, label: str) -> Iterator[NewItem]:
    count = 0
    for item in items:
        yield item
        count += 1
        if count == 250:
            progress.advance(label, count)
            count = 0
    if count:
        progress.advance(label, count)


@dataclass
class Appropriation:
    """Unsaved rows of reuse and appropriation, written once all are drawn."""

    reinvestments: list[Reinvestment] = field(default_factory=list)
    collections: list[Collection] = field(default_factory=list)
    bookmarks: list[tuple[int, Bookmark]] = field(default_factory=list)  # (collection index, row)
    votes: list[UsefulVote] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    replies: list[tuple[int, Comment]] = field(default_factory=list)  # (comment index, row)
    reports: list[tuple[int, CommentReport]] = field(default_factory=list)
    follows: list[Follow] = field(default_factory=list)
    digests: list[DigestSubscription] = field(default_factory=list)

    def total(self) -> int:
        return sum(
            len(rows)
            for rows in (
                self.reinvestments,
                self.collections,
                self.bookmarks,
                self.votes,
                self.comments,
                self.replies,
                self.reports,
                self.follows,
                self.digests,
            )
        )


class AppropriationDrawer:
    """Reuse, bookmarks, comments, votes and follows of the drawn items."""

    def __init__(self, rng: random.Random, network: Network, drawer: ItemDrawer) -> None:
        self.rng = rng
        self.net = network
        self.drawer = drawer
        self.items = [d for d in drawer.drawn if d.pk]
        self.rows = Appropriation()
        self.cumulative = list(_accumulate(d.weight for d in self.items))
        self.by_theme: dict[str, list[Drawn]] = defaultdict(list)
        for d in sorted(self.items, key=lambda d: (d.published_on, d.pk)):
            if d.language == "fr" and d.kind in ("apprentissage", "outil", "publication"):
                self.by_theme[d.theme].append(d)
        self.theme_cumulative = {
            theme: list(_accumulate(d.weight for d in items)) for theme, items in self.by_theme.items()
        }
        self.theme_dates = {theme: [d.published_on for d in items] for theme, items in self.by_theme.items()}

    def popular(self) -> Drawn:
        return self.items[_weighted_index(self.rng, self.cumulative)]

    def reinvestments(self) -> None:
        rng, rows = self.rng, self.rows
        targets = [a for a in self.net.actions if a.public]
        rng.shuffle(targets)
        item_count = round(len(targets) * ITEM_REINVESTMENT_SHARE)
        action_count = round(len(targets) * ACTION_REINVESTMENT_SHARE)
        by_theme: dict[str, list[ActionInfo]] = defaultdict(list)
        for a in sorted(self.net.actions, key=lambda a: (a.start, a.pk)):
            if a.public:
                by_theme[a.theme].append(a)
        starts = {theme: [a.start for a in actions] for theme, actions in by_theme.items()}

        def note() -> tuple[str, str]:
            adapted = " ".join(rng.sample(banks.REINVESTMENT_ADAPTED, rng.choice((1, 1, 2))))
            return adapted, rng.choice(banks.REINVESTMENT_REASONS)

        def created(low: datetime.date, start: datetime.date) -> datetime.datetime:
            day = max(low + datetime.timedelta(days=1), start - datetime.timedelta(days=rng.randint(7, 60)))
            return moment(min(day, REFERENCE_DATE), rng)

        for target in targets[:item_count]:
            candidates = self.by_theme.get(target.theme)
            if not candidates:
                continue
            end = bisect.bisect_left(
                self.theme_dates[target.theme], target.start - datetime.timedelta(days=60)
            )
            if end == 0:
                continue
            for _attempt in range(3):
                source = candidates[_weighted_index(rng, self.theme_cumulative[target.theme], end)]
                if source.partnership != target.partnership:
                    break
            else:
                continue
            adapted, reason = note()
            coordinators = self.net.coordinators.get(target.partnership)
            rows.reinvestments.append(
                Reinvestment(
                    source_item_id=source.pk,
                    action_id=target.pk,
                    partnership_id=target.partnership,
                    adapted=adapted,
                    reason=reason,
                    created_at=created(source.published_on, target.start),
                    created_by_id=coordinators[0] if coordinators else None,
                )
            )
        inspired = {r.action_id for r in rows.reinvestments}
        for target in targets[item_count : item_count + action_count]:
            if target.pk in inspired:
                continue
            actions = by_theme.get(target.theme, [])
            end = bisect.bisect_left(starts.get(target.theme, []), target.start - datetime.timedelta(days=90))
            earlier = [a for a in actions[:end] if a.partnership != target.partnership]
            if not earlier:
                continue
            source = rng.choice(earlier)
            adapted, reason = note()
            coordinators = self.net.coordinators.get(target.partnership)
            rows.reinvestments.append(
                Reinvestment(
                    source_action_id=source.pk,
                    action_id=target.pk,
                    partnership_id=target.partnership,
                    adapted=adapted,
                    reason=reason,
                    created_at=created(source.start, target.start),
                    created_by_id=coordinators[0] if coordinators else None,
                )
            )

    def collections(self, people: list[Person], theme_labels: dict[str, str]) -> None:
        rng, rows = self.rng, self.rows
        for person in people:
            names = rng.sample(banks.COLLECTION_NAMES, 2) + [None]
            for name in names[: rng.choice((1, 1, 2, 3))]:
                theme = None
                if name is None:
                    theme = rng.choice(list(self.by_theme))
                    name = theme_labels.get(theme, theme)
                partnership = None
                if person.pk in self.net.coordinated and rng.random() < 0.5:
                    partnership = self.net.coordinated[person.pk]
                elif person.organisation is not None and rng.random() < 0.2:
                    mine = self.net.partnerships_of.get(person.organisation)
                    partnership = rng.choice(mine) if mine else None
                opened = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2200))
                opened = min(opened, REFERENCE_DATE)
                index = len(rows.collections)
                rows.collections.append(
                    Collection(
                        owner_id=person.pk,
                        name=name,
                        partnership_id=partnership,
                        created_at=moment(opened, rng),
                    )
                )
                chosen: dict[int, Drawn] = {}
                for _ in range(rng.randint(3, 12)):
                    if theme is not None:
                        pool = self.by_theme[theme]
                        item = pool[_weighted_index(rng, self.theme_cumulative[theme])]
                    else:
                        item = self.popular()
                    chosen.setdefault(item.pk, item)
                for item in chosen.values():
                    day = later(max(opened, item.published_on), rng, 0, 200)
                    rows.bookmarks.append(
                        (
                            index,
                            Bookmark(
                                item_id=item.pk,
                                note=rng.choice(banks.BOOKMARK_NOTES) if rng.random() < 0.25 else "",
                                created_at=moment(day, rng),
                            ),
                        )
                    )

    def votes(self, people: list[Person]) -> None:
        rng = self.rng
        if not people:
            return
        count = VOTES_PER_ITEM * len(self.items)
        items = rng.choices(self.items, cum_weights=self.cumulative, k=count)
        voters = rng.choices(people, k=count)
        seen: set[tuple[int, int]] = set()
        for item, person in zip(items, voters, strict=True):
            if (item.pk, person.pk) in seen:
                continue
            seen.add((item.pk, person.pk))
            day = later(item.published_on, rng, 1, 400)
            self.rows.votes.append(
                UsefulVote(item_id=item.pk, user_id=person.pk, created_at=moment(day, rng))
            )

    def comments(self, people: list[Person]) -> None:
        rng, rows = self.rng, self.rows
        if not people:
            return
        french = [d for d in self.items if d.language == "fr" and d.kind != ItemKind.DOSSIER.value]
        commented = rng.sample(french, min(len(french), round(len(french) * COMMENTED_SHARE)))
        for item in sorted(commented, key=lambda d: d.pk):
            theme = banks.THEMES_BY_CODE[item.theme]
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                author = rng.choice(people)
                question = rng.random() < 0.4
                if question:
                    body = rng.choice(theme.questions if rng.random() < 0.7 else banks.GENERIC_QUESTIONS)
                else:
                    body = rng.choice(theme.comments if rng.random() < 0.6 else banks.GENERIC_COMMENTS)
                day = later(item.published_on, rng, 1, 500)
                index = len(rows.comments)
                rows.comments.append(
                    Comment(
                        item_id=item.pk,
                        author_id=author.pk,
                        organisation_id=author.organisation,
                        is_question=question,
                        body=body,
                        created_at=moment(day, rng),
                    )
                )
                asked = rows.comments[index].created_at
                if question and rng.random() < 0.7:
                    answerers = [p for o in item.organisations for p in self.net.people_of.get(o, ())]
                    answerer = rng.choice(answerers) if answerers else rng.choice(people)
                    rows.replies.append(
                        (
                            index,
                            Comment(
                                item_id=item.pk,
                                author_id=answerer.pk,
                                organisation_id=answerer.organisation,
                                body=rng.choice(banks.REPLIES),
                                created_at=after(asked, rng, 2, 12 * 24),
                            ),
                        )
                    )
        # Two advertisements, reported and hidden by an editor; one comment awaits review.
        editor = self.net.editors[0] if self.net.editors else None
        for body, reason in zip(banks.HIDDEN_COMMENTS, banks.REPORT_REASONS, strict=True):
            if not french:
                break
            item = rng.choice(french)
            posted = moment(later(item.published_on, rng, 5, 300), rng)
            index = len(rows.comments)
            rows.comments.append(
                Comment(
                    item_id=item.pk,
                    author_id=rng.choice(people).pk,
                    body=body,
                    hidden=True,
                    hidden_by_id=editor,
                    hidden_at=after(posted, rng, 4, 48),
                    created_at=posted,
                )
            )
            rows.reports.append(
                (
                    index,
                    CommentReport(
                        reporter_id=rng.choice(people).pk,
                        reason=reason,
                        resolved=True,
                        created_at=after(posted, rng, 1, 3),
                    ),
                )
            )
        visible = [i for i, c in enumerate(rows.comments) if not c.hidden and not c.is_question]
        if visible:
            index = rng.choice(visible)
            rows.reports.append(
                (
                    index,
                    CommentReport(
                        reporter_id=rng.choice(people).pk,
                        reason="Ce commentaire donne une information qui n'est plus à jour.",
                        created_at=after(rows.comments[index].created_at, rng, 2, 30 * 24),
                    ),
                )
            )

    def follows(self, people: list[Person], theme_ids: dict[str, int], always: set[int]) -> None:
        rng, rows = self.rng, self.rows
        followers: set[int] = set()
        for person in people:
            forced = person.pk in always
            day = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 1900))
            when = moment(min(day, REFERENCE_DATE), rng)
            if forced or rng.random() < THEME_FOLLOWER_SHARE:
                for code in rng.sample(list(theme_ids), rng.choice((1, 1, 2))):
                    rows.follows.append(Follow(user_id=person.pk, theme_id=theme_ids[code], created_at=when))
                followers.add(person.pk)
            if forced or rng.random() < PARTNERSHIP_FOLLOWER_SHARE:
                mine = self.net.partnerships_of.get(person.organisation or 0) or [
                    p.pk for p in self.net.partnerships[:1]
                ]
                if mine:
                    rows.follows.append(
                        Follow(user_id=person.pk, partnership_id=rng.choice(mine), created_at=when)
                    )
                    followers.add(person.pk)
            if forced or rng.random() < ITEM_FOLLOWER_SHARE:
                for item_pk in {self.popular().pk for _ in range(rng.randint(1, 3))}:
                    rows.follows.append(Follow(user_id=person.pk, item_id=item_pk, created_at=when))
                followers.add(person.pk)
        for pk in sorted(followers):
            if pk not in always and rng.random() >= 0.6:
                continue
            frequency = rng.choices(
                [DigestFrequency.WEEKLY, DigestFrequency.DAILY, DigestFrequency.NEVER], weights=(70, 20, 10)
            )[0]
            consented = None
            if frequency != DigestFrequency.NEVER:
                consented = moment(
                    datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1150)), rng
                )
            rows.digests.append(
                DigestSubscription(user_id=pk, frequency=frequency.value, consented_at=consented)
            )


def _accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _write_appropriation(rows: Appropriation, progress) -> None:
    label = "Réinvestissement et appropriation"

    def write(model: type[models.Model], objects: list, *, ids: bool = False) -> None:
        for start in range(0, len(objects), BATCH):
            batch = objects[start : start + BATCH]
            if ids:
                model.objects.bulk_create(batch)
            else:
                insert_rows(model, batch)
            progress.advance(label, len(batch))

    with _dated(Reinvestment, Collection, Bookmark, Comment, CommentReport, UsefulVote, Follow):
        write(Reinvestment, rows.reinvestments)
        write(Collection, rows.collections, ids=True)
        for index, bookmark in rows.bookmarks:
            bookmark.collection_id = rows.collections[index].pk
        write(Bookmark, [b for _i, b in rows.bookmarks])
        write(UsefulVote, rows.votes)
        write(Comment, rows.comments, ids=True)
        for index, reply in rows.replies:
            reply.parent_id = rows.comments[index].pk
        write(Comment, [r for _i, r in rows.replies])
        for index, report in rows.reports:
            report.comment_id = rows.comments[index].pk
        write(CommentReport, [r for _i, r in rows.reports])
        write(Follow, rows.follows)
        write(DigestSubscription, rows.digests)


# --- The generator seed_demo runs ------------------------------------------------------------


def _demo_accounts() -> set[int]:
    """The accounts of `ensure_demo_accounts`, when they exist: they always get some of everything."""
    User = get_user_model()
    local_parts = ("coordination", "membre", "editrice", "admin")
    emails = [f"{part}@{network_demo.DEMO_EMAIL_DOMAIN}" for part in local_parts]
    return set(User.objects.filter(email__in=emails).values_list("pk", flat=True))


def generate(scale: float, seed: int, progress: network_demo.Progress) -> dict[str, int]:
    """The demo library, its reuse and its appropriation (call inside a transaction)."""
    with no_query_log():
        return _generate(scale, seed, progress)


def _generate(scale: float, seed: int, progress: network_demo.Progress) -> dict[str, int]:
    refs = References.load()
    network = Network()
    rng = random.Random(f"{seed}-library")
    drawer = ItemDrawer(rng, network, refs)

    french_total = max(MIN_ITEMS, round(ITEMS_PER_SCALE * scale))
    counts = network_demo.allocate(french_total, KIND_WEIGHTS)
    english_total = max(2, round(french_total * ENGLISH_SHARE))
    progress.start("Bibliothèque", french_total + english_total, unit=" éléments")

    kinds = [kind for kind, n in counts.items() if kind != ItemKind.DOSSIER.value for _ in range(n)]
    rng.shuffle(kinds)
    label = "Bibliothèque"
    ids = create_items(refs.french_index, _counted((drawer.draw(kind) for kind in kinds), progress, label))
    for record, pk in zip(drawer.drawn, ids, strict=True):
        record.pk = pk

    # Dossiers gather items of one theme, from the same region when there are enough.
    singles = list(range(len(drawer.drawn)))
    by_theme: dict[str, list[int]] = defaultdict(list)
    for i in singles:
        if drawer.drawn[i].kind != ItemKind.NEWS.value:
            by_theme[drawer.drawn[i].theme].append(i)
    dossiers, parts = [], []
    themes = [t for t in banks.THEMES if len(by_theme[t.code]) >= 3]
    for _ in range(counts[ItemKind.DOSSIER.value] if themes else 0):
        theme = rng.choices(themes, weights=[t.weight for t in themes])[0]
        pool = by_theme[theme.code]
        region = drawer.drawn[rng.choice(pool)].region
        same_region = [i for i in pool if drawer.drawn[i].region == region]
        item, notes = drawer.dossier(theme.code, same_region if len(same_region) >= 3 else pool)
        dossiers.append(item)
        parts.append(notes)
    first_dossier = len(drawer.drawn) - len(dossiers)
    dossier_ids = create_items(refs.french_index, _counted(dossiers, progress, label))
    part_rows = []
    for offset, (pk, notes) in enumerate(zip(dossier_ids, parts, strict=True)):
        drawer.drawn[first_dossier + offset].pk = pk
        for order, (index, note) in enumerate(notes):
            part_rows.append(
                DossierPart(page_id=pk, item_id=drawer.drawn[index].pk, note=note, sort_order=order)
            )
    DossierPart.objects.bulk_create(part_rows, batch_size=BATCH)

    # English: translations of French learnings, tools and news, and a few originals.
    translatable = [
        i
        for i, d in enumerate(drawer.drawn)
        if d.kind in (ItemKind.LEARNING.value, ItemKind.TOOL.value, ItemKind.NEWS.value)
    ]
    translated = round(english_total * TRANSLATED_SHARE)
    sources: list[int | None] = sorted(rng.sample(translatable, min(translated, len(translatable))))
    sources += [None] * (english_total - len(sources))
    first_english = len(drawer.drawn)
    english = [drawer.english(source) for source in sources]
    english_ids = create_items(refs.english_index, _counted(english, progress, label))
    for offset, pk in enumerate(english_ids):
        drawer.drawn[first_english + offset].pk = pk
    keys = dict(
        Page.objects.filter(pk__in=[drawer.drawn[s].pk for s in sources if s is not None]).values_list(
            "pk", "translation_key"
        )
    )
    translations = [
        Page(pk=pk, translation_key=keys[drawer.drawn[source].pk])
        for pk, source in zip(english_ids, sources, strict=True)
        if source is not None
    ]
    Page.objects.bulk_update(translations, ["translation_key"], batch_size=500)

    # Reuse and appropriation.
    appropriation = AppropriationDrawer(rng, network, drawer)
    appropriation.reinvestments()
    accounts = _demo_accounts()
    people = network.people
    collectors = [p for p in people if p.pk in accounts or rng.random() < COLLECTOR_SHARE]
    appropriation.collections(collectors, refs.theme_labels)
    appropriation.votes(people)
    appropriation.comments(people)
    appropriation.follows(people, refs.themes, accounts)
    rows = appropriation.rows
    progress.start("Réinvestissement et appropriation", rows.total(), unit=" lignes")
    _write_appropriation(rows, progress)

    items = len(drawer.drawn)
    return {
        "éléments de la bibliothèque": items,
        "réinvestissements": len(rows.reinvestments),
        "signets": len(rows.bookmarks),
        "commentaires": len(rows.comments) + len(rows.replies),
        "votes « utile »": len(rows.votes),
    }


# --- Flushing ----------------------------------------------------------------------------------


def _library_pages() -> models.QuerySet:
    """Every page under the library's index pages (French and English)."""
    pages = Page.objects.none()
    for path, depth in LibraryIndexPage.objects.values_list("path", "depth"):
        pages = pages | Page.objects.filter(path__startswith=path, depth__gt=depth)
    return pages


def _delete_wagtail_rows(ids: models.QuerySet, text_ids: list[str]) -> None:
    """Rows of Wagtail's own tables that point at these pages.

    Foreign keys are read from the models, so that a table added by a Wagtail upgrade is
    not forgotten; they are usually empty for demo pages, so the collector's cost is nil.
    Revisions, workflow states, the reference index and the search entries point at pages
    through generic keys and are deleted by (content type, object id).
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex, Revision, WorkflowState
    from wagtail.search.models import IndexEntry

    page_ids = [int(pk) for pk in text_ids]
    done: set[tuple[type[models.Model], str]] = set()
    for model in (Page, LibraryItem, *KIND_MODELS.values()):
        for relation in model._meta.related_objects:
            related = relation.related_model
            if relation.parent_link or related._meta.app_label == "library" or relation.many_to_many:
                continue
            key = (related, relation.field.name)
            if key in done:
                continue
            done.add(key)
            if relation.on_delete is models.SET_NULL:
                related._base_manager.filter(**{f"{relation.field.name}__in": ids}).update(
                    **{relation.field.name: None}
                )
            elif relation.on_delete is models.DO_NOTHING:
                delete_in(related, relation.field.name, page_ids)
            else:
                related._base_manager.filter(**{f"{relation.field.name}__in": ids}).delete()
    Page.objects.filter(pk__in=ids).update(latest_revision=None, live_revision=None)
    page_types = list(ContentType.objects.get_for_models(Page, LibraryItem, *KIND_MODELS.values()).values())
    base = page_types[0].pk
    delete_in(Revision, "object_id", text_ids, base_content_type=base)
    for start in range(0, len(text_ids), 500):
        chunk = text_ids[start : start + 500]
        WorkflowState.objects.filter(base_content_type=base, object_id__in=chunk).delete()
    delete_in(ReferenceIndex, "object_id", text_ids, base_content_type=base)
    delete_in(ReferenceIndex, "to_object_id", text_ids, to_content_type=base)
    delete_in(IndexEntry, "object_id", text_ids, content_type=[t.pk for t in page_types])


def flush() -> None:
    """Delete the library's items and everything that hangs on them (inside a transaction).

    Everything in the library goes, as the network's flush removes every organisation: the
    demo replaces the content of a database. Deleting pages through Django's collector
    (or Wagtail's tree) loads every page with its specific row and sends their signals
    one by one, which is far too slow at scale 10; so the rows are deleted table by table,
    dependents first, with plain `DELETE` statements (`demo.db`): this app's tables
    (appropriation, reuse, dossier parts, tool files, tags), then what Wagtail keeps about
    these pages (`_delete_wagtail_rows`), then the pages themselves, concrete type, item
    and page rows. The search index is rebuilt (or flushed) by `demo.search`.
    """
    delete_all(Reinvestment, CommentReport, Bookmark, Collection, UsefulVote, Follow, DigestSubscription)
    delete_where_set(Comment, "parent")
    delete_all(Comment)

    pages = _library_pages()
    ids = pages.values("pk")
    page_ids = list(pages.values_list("pk", flat=True))
    if not page_ids:
        return
    text_ids = [str(pk) for pk in page_ids]
    for model in (DossierPart, ToolDocument):
        delete_in(model, "page", page_ids)
    delete_in(DossierPart, "item", page_ids)
    for name in TAG_FIELDS:
        relation = LibraryItem._meta.get_field(name)
        delete_in(relation.remote_field.through, relation.m2m_field_name(), page_ids)
    _delete_wagtail_rows(ids, text_ids)
    for model in (*KIND_MODELS.values(), LibraryItem, Page):
        delete_in(model, model._meta.pk.name, page_ids)
    LibraryIndexPage.objects.update(numchild=0)
