"""Pistes inspirantes of a plan: which candidates answer which need, in what order, who sees
the réinvestir button, what stays hidden, and what a page costs."""

import datetime
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from library.actions.reuse import reinvest
from library.bulk import NewItem, create_items
from library.models import LibraryIndexPage
from plans import actions as plan_actions
from plans.models import Objective, Visibility
from portraits.recommendations import WEIGHT_FACTORS, WEIGHT_TEXT, recommend, reuse_boost, score, similarity
from portraits.tests.test_gaps import add_action, add_objective, enter_rate
from search.analysis import terms
from taxonomy.models import ActionType, ProtectiveFactor, System

pytestmark = pytest.mark.django_db


def FORMATION():  # noqa: N802 - reads as the constant it stands for
    return ActionType.objects.get(code="formation")


PRIORITY = "Stimuler le langage dès 2 ans"
SIMILAR = "Stimuler le langage des tout-petits dès 2 ans en halte-garderie"
PARK, FOREST = "Jeux de langage au parc", "Jeux de langage en forêt"
PARTY = "Fête de quartier annuelle"
HEALTH = "Jeux actifs pour bouger chaque jour"
KIT = "Trousse pour stimuler le langage des tout-petits"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def page_url(plan):
    return f"/portraits/plans/{plan.pk}/pistes/"


class Others:
    pass


@pytest.fixture
def others(plans, network):
    """What other territories offer on Rimouski's needs: a public Hochelaga plan with actions on
    language and physical health, a library item on language; and what must stay out: Rimouski's
    own other plan, Hochelaga's members-only plan."""
    o = Others()
    hochelaga = network.other_coordinator
    o.public = plan_actions.create_plan(
        hochelaga,
        network.montreal,
        title="Plan public Hochelaga 2025–2028",
        start_year=2025,
        end_year=2028,
        visibility=Visibility.PUBLIC,
    )
    language = add_objective(hochelaga, o.public, "enfant", "Parler davantage", ["habiletes-langagieres"])
    health = add_objective(hochelaga, o.public, "enfant", "Bouger", ["sante-physique"])
    o.similar = add_action(hochelaga, o.public, SIMILAR, [language])
    o.park = add_action(hochelaga, o.public, PARK, [language])
    o.forest = add_action(hochelaga, o.public, FOREST, [language])
    o.party = add_action(hochelaga, o.public, PARTY, [language])
    o.health = add_action(hochelaga, o.public, HEALTH, [health])
    # The forest games were reinvested once, into Hochelaga's members-only plan.
    reinvest(
        hochelaga,
        o.forest,
        plans.hidden,
        changes={"title": "Jeux en forêt adaptés", "lead": network.maison, "action_type": FORMATION()},
    )
    hidden_language = add_objective(hochelaga, plans.hidden, "enfant", "Interne", ["habiletes-langagieres"])
    o.hidden_action = add_action(hochelaga, plans.hidden, "Stimuler le langage en secret", [hidden_language])
    coordinator = network.coordinator
    o.own_plan = plan_actions.create_plan(
        coordinator,
        network.rimouski,
        title="Ancien plan de Rimouski",
        start_year=2020,
        end_year=2023,
        visibility=Visibility.PUBLIC,
    )
    own_language = add_objective(coordinator, o.own_plan, "enfant", "Langage", ["habiletes-langagieres"])
    o.own_action = add_action(
        coordinator, o.own_plan, "Stimuler le langage dès 2 ans à Rimouski", [own_language]
    )
    french = LibraryIndexPage.objects.get(locale__language_code="fr")
    language_factor = ProtectiveFactor.objects.filter(code="habiletes-langagieres").values_list(
        "pk", flat=True
    )
    with transaction.atomic():
        (o.kit,) = create_items(
            french,
            [
                NewItem(
                    kind="outil",
                    title=KIT,
                    summary="Des jeux et des livres pour parler avec les tout-petits.",
                    published_on=datetime.date(2025, 2, 1),
                    tags={
                        "protective_factors": list(language_factor),
                        "partnerships": [network.montreal.pk],
                    },
                )
            ],
        )
    cache.clear()
    return o


def needs_by_key(needs):
    return {need.key: need for need in needs}


def titles(need):
    return [r.title for r in need.recommendations]


# Needs ------------------------------------------------------------------------------------


def test_the_needs_are_the_priorities_then_the_gaps(plans, others, network):
    needs = recommend(plans.plan, network.coordinator)
    assert [(need.kind, need.title) for need in needs] == [
        ("priority", PRIORITY),
        ("gap", "Santé physique et saines habitudes de vie"),
        ("gap", "Habiletés cognitives"),
        ("gap", "Compétences sociales et affectives"),
    ]
    priority = needs[0]
    assert priority.key == f"priorite-{plans.priority.pk}"
    assert [factor.code for factor in priority.factors] == ["habiletes-langagieres"]
    assert priority.reasons == ["Les tout-petits développent leur langage"]
    assert needs[1].key == "ecart-sante-physique"


# Candidates and ranking -------------------------------------------------------------------


def test_candidates_share_a_factor_and_come_from_elsewhere(plans, others, network):
    needs = needs_by_key(recommend(plans.plan, network.coordinator, limit_per_need=20))
    priority = needs[f"priorite-{plans.priority.pk}"]
    found = titles(priority)
    assert set(found) == {SIMILAR, PARK, FOREST, PARTY, KIT}
    # The physical health games answer the health gap only.
    assert titles(needs["ecart-sante-physique"]) == [HEALTH]
    assert titles(needs["ecart-habiletes-cognitives"]) == []
    kit = next(r for r in priority.recommendations if r.kind == "item")
    assert kit.shared_factors == ["Habiletés langagières et de communication"]
    assert kit.origin == "Concertation petite enfance Hochelaga"
    assert kit.url.startswith("/bibliotheque/")
    similar = next(r for r in priority.recommendations if r.title == SIMILAR)
    assert similar.url == f"/actions/{others.similar.pk}/"
    assert similar.origin == "Concertation petite enfance Hochelaga — Montréal"


def test_more_similar_text_ranks_first_and_reuse_breaks_ties(plans, others, network):
    priority = recommend(plans.plan, network.coordinator, limit_per_need=20)[0]
    found = titles(priority)
    assert found.index(SIMILAR) < found.index(FOREST) < found.index(PARK) < found.index(PARTY)
    forest, park = (next(r for r in priority.recommendations if r.title == t) for t in (FOREST, PARK))
    # Same words, same factors: only the forest games' reinvestment sets them apart.
    assert forest.similarity == park.similarity
    assert (forest.reuse_count, park.reuse_count) == (1, 0)
    assert forest.score - park.score == pytest.approx(0.15 * reuse_boost(1))
    party = next(r for r in priority.recommendations if r.title == PARTY)
    assert party.similarity == 0
    assert party.score == pytest.approx(WEIGHT_FACTORS)


def test_the_limit_keeps_the_best(plans, others, network):
    priority = recommend(plans.plan, network.coordinator, limit_per_need=2)[0]
    assert len(priority.recommendations) == 2
    assert SIMILAR in titles(priority)


def test_the_formula(db):
    need = set(terms(PRIORITY))
    close = similarity(need, Counter(terms(SIMILAR)))
    assert similarity(need, Counter(terms(PARTY))) == 0
    assert 0.5 < close <= 1
    assert reuse_boost(0) == 0 and reuse_boost(20) == 1 and reuse_boost(500) == 1
    assert 0 < reuse_boost(1) < reuse_boost(3) < 1
    assert score(1, 1, 20) == pytest.approx(1)
    assert score(0.5, 1, 0) == pytest.approx(WEIGHT_TEXT * 0.5 + WEIGHT_FACTORS)
    # Reuse boosts, but a clearly closer text still wins.
    assert score(0.5, 1, 3) > score(0.5, 1, 0)
    assert score(0.7, 1, 0) > score(0.4, 1, 20)


def test_own_partnership_members_only_and_already_reinvested_are_left_out(plans, others, network):
    found = titles(recommend(plans.plan, network.coordinator, limit_per_need=20)[0])
    assert "Stimuler le langage dès 2 ans à Rimouski" not in found
    assert "Stimuler le langage en secret" not in found
    assert "Jeux en forêt adaptés" not in found
    # Once Rimouski reinvests the party, it is no longer suggested to Rimouski.
    reinvest(
        network.coordinator,
        others.party,
        plans.plan,
        changes={"title": PARTY, "lead": network.cpe, "action_type": FORMATION()},
    )
    found = titles(recommend(plans.plan, network.coordinator, limit_per_need=20)[0])
    assert PARTY not in found
    assert SIMILAR in found


def test_a_priority_without_factor_looks_at_its_system(plans, others, network):
    from plans.models import Priority

    families = System.objects.get(code="famille")
    priority = plan_actions.save_plan_item(
        network.coordinator, Priority(plan=plans.plan, system=families, title="Soutenir les parents")
    )
    parents = add_objective(
        network.other_coordinator, others.public, "famille", "Parents", ["pratiques-parentales"]
    )
    add_action(network.other_coordinator, others.public, "Ateliers pour soutenir les parents", [parents])
    needs = needs_by_key(recommend(plans.plan, network.coordinator))
    need = needs[f"priorite-{priority.pk}"]
    assert need.factors == []
    assert titles(need) == ["Ateliers pour soutenir les parents"]
    assert need.recommendations[0].shared_factors == []


# The page ---------------------------------------------------------------------------------


def test_the_page_lists_every_need_and_why(client, plans, others, network):
    response = client.get(page_url(plans.plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Priorité : {PRIORITY}" in html
    assert "Écart : Santé physique et saines habitudes de vie" in html
    assert "Réinvesti 1 fois" in html
    assert "Jamais réinvesti" in html
    assert "Facteurs en commun : Habiletés langagières et de communication" in html
    assert "Aucune piste trouvée pour ce besoin" in html  # the cognitive skills gap
    assert "Élément de la bibliothèque" in html
    assert "De : Concertation petite enfance Hochelaga — Montréal" in html


@pytest.mark.parametrize(
    ("role", "button"),
    [
        ("anonyme", False),
        ("membre", False),
        ("coordonnateur", True),
        ("coordonnateur_autre", False),
        ("editeur", False),
        ("administrateur", True),
    ],
)
def test_the_reinvest_button_only_for_who_may_reinvest_into_the_plan(
    client, plans, others, role_users, role, button
):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    html = client.get(page_url(plans.plan)).content.decode()
    action_link = f'href="/actions/{others.similar.pk}/reinvestir/?plan={plans.plan.pk}"'
    item_link = f'href="/bibliotheque/elements/{others.kit}/reinvestir/?plan={plans.plan.pk}"'
    assert (action_link in html) is button
    assert (item_link in html) is button
    assert ("Réinvestir dans mon plan" in html) is button
    if not button:
        assert (
            "le regroupement « Regroupement Naître et grandir à Rimouski » peuvent réinvestir ces pistes"
            in html
        )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonyme", 404),
        ("membre", 404),
        ("coordonnateur", 404),
        ("coordonnateur_autre", 200),
        ("editeur", 404),
        ("administrateur", 200),
    ],
)
def test_a_members_only_plan_is_a_404_for_outsiders(client, plans, others, role_users, role, status):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(page_url(plans.hidden))
    assert response.status_code == status
    if status == 404:
        assert (
            escape(f"Aucun plan d'action ne porte le numéro {plans.hidden.pk}.") in response.content.decode()
        )


def test_an_unknown_plan_is_a_french_404(client, db):
    response = client.get("/portraits/plans/999999/pistes/")
    assert response.status_code == 404
    assert escape("Aucun plan d'action ne porte le numéro 999999.") in response.content.decode()


def test_a_plan_without_need(client, plans, others, network):
    """Hochelaga's public plan has no priority; Montréal's rates are below every reference."""
    montreal = network.regions["06"]
    for code in ("sante-physique", "competences-sociales", "maturite-affective"):
        enter_rate(code, montreal, 2022, "5.0")
    for code in ("developpement-cognitif-langagier", "habiletes-communication"):
        enter_rate(code, montreal, 2022, "5.0")
    html = client.get(page_url(others.public)).content.decode()
    assert "Aucune piste trouvée : ce plan n'a ni priorité ni écart" in html


def test_the_download_lists_every_recommendation(client, plans, others):
    response = client.get(page_url(plans.plan), {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffBesoin;Système;Type;Titre;Provenance;")
    assert f"Priorité : {PRIORITY};Enfant;Action;{SIMILAR};" in text
    assert f";Élément de la bibliothèque;{KIT};" in text
    assert client.get(page_url(plans.plan), {"format": "pdf"}).status_code == 400


def test_the_plan_page_brings_the_top_three_when_its_section_is_in_view(client, plans, others):
    html = client.get(plans.plan.get_absolute_url()).content.decode()
    assert "Pistes inspirantes d&#x27;ailleurs" in html or "Pistes inspirantes d'ailleurs" in html
    assert f'href="{page_url(plans.plan)}"' in html  # without JavaScript: the full page
    assert f'hx-get="{page_url(plans.plan)}?apercu=1"' in html
    assert SIMILAR not in html  # the plan page does not wait for the ranking
    preview = client.get(page_url(plans.plan), {"apercu": "1"})
    assert preview.status_code == 200
    fragment = preview.content.decode()
    assert "<html" not in fragment
    assert SIMILAR in fragment
    assert PARTY not in fragment  # fourth and last for the priority: beyond the section's three


def test_the_preview_of_a_members_only_plan_is_hidden_too(client, plans):
    assert client.get(page_url(plans.hidden), {"apercu": "1"}).status_code == 404


# Cost -------------------------------------------------------------------------------------


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_whatever_the_candidates(client, plans, others, network):
    client.force_login(network.coordinator)
    before = (_queries(client, page_url(plans.plan)), _queries(client, plans.plan.get_absolute_url()))
    hochelaga = network.other_coordinator
    language = Objective.objects.get(plan=others.public, title="Parler davantage")
    for k in range(6):
        add_action(hochelaga, others.public, f"Comptines et langage {k}", [language])
    french = LibraryIndexPage.objects.get(locale__language_code="fr")
    factor_ids = list(
        ProtectiveFactor.objects.filter(code="habiletes-langagieres").values_list("pk", flat=True)
    )
    with transaction.atomic():
        create_items(
            french,
            [
                NewItem(
                    kind="outil",
                    title=f"Outil {k}",
                    summary="Langage",
                    tags={"protective_factors": factor_ids},
                )
                for k in range(4)
            ],
        )
    after = (_queries(client, page_url(plans.plan)), _queries(client, plans.plan.get_absolute_url()))
    assert after == before
    # Cached: the page then reads no recommendation from the database.
    client.get(page_url(plans.plan))
    with CaptureQueriesContext(connection) as cached_queries:
        client.get(page_url(plans.plan))
    assert len(cached_queries) < before[0] - 10
