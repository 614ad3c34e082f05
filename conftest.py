"""Fixtures shared by every app's tests: one user per role and a small network."""

import datetime

import pytest
from django.contrib.auth.models import Group

from accounts.roles import KNOWLEDGE_EDITORS_GROUP


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French: a request to /en/… leaves English active in the
    thread, and reverse() would then build English URLs for the next test."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


class _CommitAtOnce:
    """Stands for ``django.db.transaction`` in ``portraits.cache``, ``core.pagecache`` and
    ``core.signals``: runs a callback at once."""

    @staticmethod
    def on_commit(func, using=None, robust=False) -> None:
        func()


@pytest.fixture(autouse=True)
def writes_count_as_committed(monkeypatch):
    """Each test runs inside one transaction that is never committed, so ``on_commit``
    callbacks never run; here a test's writes stand for committed ones and the portraits'
    version moves on at once. portraits/tests/test_cache.py overrides this fixture to check the real
    timing: the version moves on only when the write's transaction commits."""
    from core import pagecache, signals
    from portraits import cache as portrait_cache

    monkeypatch.setattr(portrait_cache, "transaction", _CommitAtOnce)
    monkeypatch.setattr(pagecache, "transaction", _CommitAtOnce)
    monkeypatch.setattr(signals, "transaction", _CommitAtOnce)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no page kept: the database is back to its first state, and a
    page cached by another test under the same versions would show that test's data."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def make_user(db, django_user_model):
    counter = {"n": 0}

    def make(email=None, **extra):
        counter["n"] += 1
        email = email or f"personne{counter['n']}@exemple.qc.ca"
        return django_user_model.objects.create_user(
            username=email, email=email, password="motdepasse-test-123", **extra
        )

    return make


@pytest.fixture
def network(db, make_user):
    """Two partnerships in two regions, with members, coordinators and one user per role."""
    from partners import actions
    from partners.models import Affiliation, Membership, Organisation, Partnership, Scale
    from taxonomy.models import Sector
    from territories.models import Region

    rimouski = Region.objects.get(code="01")
    montreal = Region.objects.get(code="06")
    garde = Sector.objects.get(code="services-de-garde")
    sante = Sector.objects.get(code="sante-services-sociaux")
    famille = Sector.objects.get(code="communautaire-famille")

    def org(name, sector, region, scale=Scale.LOCAL, municipality=""):
        o = Organisation(name=name, sector=sector, scale=scale, municipality=municipality)
        return actions.save_organisation(o, region_ids=[region.pk])

    cpe = org("CPE Les Petits Pas", garde, rimouski, municipality="Rimouski")
    clsc = org("CLSC de Rimouski", sante, rimouski, Scale.REGIONAL, municipality="Rimouski")
    maison = org("Maison de la famille de l'Éveil", famille, montreal, municipality="Montréal")
    halte = org("Halte-garderie Les Tout-Petits", garde, montreal, municipality="Montréal")

    def partnership(name, region, territory):
        p = Partnership(name=name, region=region, territory_name=territory)
        p.search_text = actions.partnership_search_text(p)
        p.save()
        return p

    rlp_rimouski = partnership(
        "Regroupement Naître et grandir à Rimouski", rimouski, "MRC de Rimouski-Neigette"
    )
    rlp_montreal = partnership("Concertation petite enfance Hochelaga", montreal, "Hochelaga-Maisonneuve")
    joined = datetime.date(2020, 9, 1)
    for o in (cpe, clsc):
        Membership.objects.create(partnership=rlp_rimouski, organisation=o, joined_on=joined)
    for o in (maison, halte):
        Membership.objects.create(partnership=rlp_montreal, organisation=o, joined_on=joined)

    coordinator = make_user("coordo@rimouski.qc.ca", first_name="Julie", last_name="Gagnon")
    rlp_rimouski.coordinators.add(coordinator)
    other_coordinator = make_user("coordo@hochelaga.qc.ca")
    rlp_montreal.coordinators.add(other_coordinator)
    member = make_user("membre@cpe.qc.ca")
    Affiliation.objects.create(user=member, organisation=cpe)
    editor = make_user("editrice@agirtot.example")
    editor.groups.add(Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP))
    admin = make_user("admin@agirtot.example", is_staff=True, is_superuser=True)

    class Network:
        pass

    n = Network()
    n.regions = {"01": rimouski, "06": montreal}
    n.cpe, n.clsc, n.maison, n.halte = cpe, clsc, maison, halte
    n.rimouski, n.montreal = rlp_rimouski, rlp_montreal
    n.coordinator, n.other_coordinator = coordinator, other_coordinator
    n.member, n.editor, n.admin = member, editor, admin
    return n


@pytest.fixture
def role_users(network):
    """Every role the platform knows, keyed by name (anonymous is None)."""
    return {
        "anonyme": None,
        "membre": network.member,
        "coordonnateur": network.coordinator,
        "coordonnateur_autre": network.other_coordinator,
        "editeur": network.editor,
        "administrateur": network.admin,
    }


@pytest.fixture
def plans(network):
    """A public plan for Rimouski with a portrait, objectives, actions and indicators,
    and a members-only plan for Hochelaga."""
    from decimal import Decimal

    from plans import actions as plan_actions
    from plans.models import ActionStatus, Finding, Indicator, Objective, PlanStatus, Priority, Visibility
    from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

    coordinator = network.coordinator
    systems = {s.code: s for s in System.objects.all()}
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    plan = plan_actions.create_plan(
        coordinator,
        network.rimouski,
        title="Plan d'action concerté 2024–2027",
        start_year=2024,
        end_year=2027,
        status=PlanStatus.IN_PROGRESS,
        visibility=Visibility.PUBLIC,
        summary="Miser sur le langage et le soutien aux parents.",
    )
    finding = plan_actions.save_plan_item(
        coordinator,
        Finding(
            plan=plan,
            system=systems["enfant"],
            text="27 % des enfants vulnérables en langage",
            data_source="EQDEM 2022",
        ),
    )
    priority = plan_actions.save_plan_item(
        coordinator, Priority(plan=plan, system=systems["enfant"], title="Stimuler le langage dès 2 ans")
    )
    language = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=systems["enfant"], title="Les tout-petits développent leur langage"),
        m2m={"protective_factors": [factors["habiletes-langagieres"]], "priorities": [priority]},
    )
    parents = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=systems["famille"], title="Les parents lisent avec leurs enfants"),
        m2m={"protective_factors": [factors["pratiques-parentales"], factors["attitudes-parentales"]]},
    )
    workshops = plan_actions.save_action(
        coordinator,
        plan,
        None,
        {
            "title": "Ateliers parents-enfants d'éveil à la lecture",
            "description": "Dix ateliers par année à la bibliothèque.",
            "action_type": ActionType.objects.get(code="soutien-parental"),
            "lead": network.cpe,
            "budget": Decimal("12000"),
            "in_kind": Decimal("3000"),
            "status": ActionStatus.IN_PROGRESS,
            "progress": 40,
            "start_date": datetime.date(2024, 9, 1),
            "end_date": datetime.date(2026, 6, 30),
        },
        {
            "contributors": [network.clsc],
            "objectives": [language, parents],
            "age_periods": [AgePeriod.objects.get(code="2-3")],
            "populations": [Population.objects.get(code="defavorisation")],
        },
    )
    stimulation = plan_actions.save_action(
        coordinator,
        plan,
        None,
        {
            "title": "Formation des éducatrices à la stimulation du langage",
            "action_type": ActionType.objects.get(code="formation"),
            "lead": network.clsc,
            "budget": Decimal("5000"),
            "status": ActionStatus.PLANNED,
            "progress": 0,
            "start_date": datetime.date(2025, 1, 15),
        },
        {"objectives": [language]},
    )
    indicator = plan_actions.save_plan_item(
        coordinator,
        Indicator(
            plan=plan,
            action=workshops,
            name="Familles participantes",
            unit="familles",
            baseline=Decimal("0"),
            target=Decimal("60"),
        ),
    )
    plan_actions.record_measurement(
        coordinator, indicator, Decimal("18"), measured_on=datetime.date(2025, 1, 31)
    )
    plan_actions.record_measurement(
        coordinator, indicator, Decimal("35"), measured_on=datetime.date(2025, 6, 30)
    )
    objective_indicator = plan_actions.save_plan_item(
        coordinator,
        Indicator(
            plan=plan,
            objective=language,
            name="Enfants vulnérables en langage",
            unit="%",
            baseline=Decimal("27"),
            target=Decimal("20"),
        ),
    )
    plan_actions.save_reach(coordinator, workshops, 2025, children=80, parents=70, families=55)

    hidden = plan_actions.create_plan(
        network.other_coordinator,
        network.montreal,
        title="Plan interne Hochelaga 2025–2028",
        start_year=2025,
        end_year=2028,
        visibility=Visibility.MEMBERS,
    )

    class Plans:
        pass

    p = Plans()
    p.plan, p.hidden = plan, hidden
    p.finding, p.priority = finding, priority
    p.language, p.parents = language, parents
    p.workshops, p.stimulation = workshops, stimulation
    p.indicator, p.objective_indicator = indicator, objective_indicator
    return p


@pytest.fixture
def library(network):
    """Published library items in French (and one English translation), indexed for search."""
    from django.db import transaction

    from library.bulk import NewItem, create_items
    from library.models import LibraryIndexPage, LibraryItem
    from search import index
    from taxonomy.models import AgePeriod, ProtectiveFactor, System, Theme

    def ids(model, *codes):
        return list(model.objects.filter(code__in=codes).values_list("pk", flat=True))

    french = LibraryIndexPage.objects.get(locale__language_code="fr")
    english = LibraryIndexPage.objects.get(locale__language_code="en")
    with transaction.atomic():
        learning, tool, publication, news = create_items(
            french,
            [
                NewItem(
                    kind="apprentissage",
                    title="Ateliers parents-enfants d'éveil à la lecture",
                    summary="Dix ateliers à la bibliothèque municipale pour lire avec les tout-petits.",
                    body="<p>Les éducatrices du CPE animent les ateliers avec la bibliothécaire.</p>",
                    published_on=datetime.date(2025, 3, 1),
                    owner_id=network.member.pk,
                    specific={
                        "context": "<p>Peu de familles fréquentaient la bibliothèque.</p>",
                        "reuse_advice": "<p>Prévoir une halte-garderie pour les plus jeunes.</p>",
                    },
                    tags={
                        "themes": ids(Theme, "eveil-lecture-ecriture"),
                        "systems": ids(System, "famille"),
                        "protective_factors": ids(ProtectiveFactor, "pratiques-parentales"),
                        "age_periods": ids(AgePeriod, "2-3"),
                        "regions": [network.regions["01"].pk],
                        "organisations": [network.cpe.pk],
                        "partnerships": [network.rimouski.pk],
                    },
                ),
                NewItem(
                    kind="outil",
                    title="Grille d'animation des haltes-garderies communautaires",
                    summary="Une grille pour planifier les activités de jeu libre en halte-garderie.",
                    published_on=datetime.date(2025, 5, 10),
                    tags={
                        "themes": ids(Theme, "developpement-moteur"),
                        "systems": ids(System, "enfant"),
                        "regions": [network.regions["06"].pk],
                        "organisations": [network.halte.pk],
                    },
                ),
                NewItem(
                    kind="publication",
                    title="Portrait des tout-petits de Hochelaga",
                    summary="Les données du quartier sur la vulnérabilité des enfants à la maternelle.",
                    published_on=datetime.date(2024, 11, 20),
                    specific={"publication_kind": "rapport", "authors": "Concertation Hochelaga"},
                    tags={"regions": [network.regions["06"].pk], "partnerships": [network.montreal.pk]},
                ),
                NewItem(
                    kind="actualite",
                    title="Nouvelle cohorte de formation des éducatrices",
                    summary="Une formation sur la stimulation du langage commence en janvier.",
                    published_on=datetime.date(2026, 1, 5),
                    featured=True,
                    tags={"themes": ids(Theme, "langage")},
                ),
            ],
        )
        (translation,) = create_items(
            english,
            [
                NewItem(
                    kind="apprentissage",
                    title="Parent-child early reading workshops",
                    summary="Ten workshops at the public library to read with toddlers.",
                    published_on=datetime.date(2025, 3, 1),
                    tags={"themes": ids(Theme, "eveil-lecture-ecriture")},
                )
            ],
        )
        # The English page is a translation of the French learning.
        LibraryItem.objects.filter(pk=translation).update(
            translation_key=LibraryItem.objects.get(pk=learning).translation_key
        )
    index.rebuild()

    class Library:
        pass

    lib = Library()
    lib.french_index, lib.english_index = french, english
    lib.learning = LibraryItem.objects.get(pk=learning).specific
    lib.tool = LibraryItem.objects.get(pk=tool).specific
    lib.publication = LibraryItem.objects.get(pk=publication).specific
    lib.news = LibraryItem.objects.get(pk=news).specific
    lib.translation = LibraryItem.objects.get(pk=translation).specific
    return lib


# The lines that test modules add to the end of the report (core/tests/summary.py) -------


def pytest_sessionfinish(session):
    from core.tests.summary import local_lines

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker hands its lines to the controller
        workeroutput["summary_lines"] = local_lines(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from core.tests.summary import worker_lines

    worker_lines(node.config).extend(getattr(node, "workeroutput", {}).get("summary_lines", []))


def pytest_terminal_summary(terminalreporter, config):
    from core.tests.summary import local_lines, worker_lines

    for line in local_lines(config) + worker_lines(config):
        terminalreporter.write_line(line)


# Reference data survive the transactional tests ---------------------------------------------
# A transactional test (live server, real commits) empties every table when it ends, the
# reference data loaded by migrations included (regions, taxonomy, synonyms, library pages).
# Run in one process, pytest-django puts those tests last; run in several (pytest-xdist), a
# worker may go on with ordinary tests afterwards. So the content left by the migrations is
# kept once, and written back after each transactional test.

_REFERENCE_DATA = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    from django.db import connection

    with django_db_blocker.unblock():
        request.config.stash[_REFERENCE_DATA] = connection.creation.serialize_db_to_string()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    snapshot = item.config.stash.get(_REFERENCE_DATA, None)
    if snapshot is None or not _is_transactional(item):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(snapshot)


def pytest_collection_modifyitems(items):
    """Every test has its own id. schemathesis names each operation's test after it
    (``test…[GET /api/v1/regions]``) but gives them all the function's id, and pytest-xdist
    schedules tests by id: it would run one operation and drop the others."""
    for item in items:
        base, _, last = item.nodeid.rpartition("::")
        if base and last != item.name and item.name.startswith(last + "["):
            item._id = item.parent.id.child(item.name)  # pytest 9 keeps a node's id here
