"""Demo library: items of every kind in the planned numbers, tagged like their theme, written
in each theme's own words (so that searches differ), with reuse and appropriation; the same
seed gives the same library, the flush leaves nothing behind, and the pages are served."""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils.html import escape
from wagtail.models import Page

from demo import banks as demo_banks
from demo import library as demo
from demo import partners as network_demo
from demo import search as search_demo
from demo.generators import generators
from library.models import (
    Bookmark,
    Collection,
    Comment,
    CommentReport,
    DigestFrequency,
    DigestSubscription,
    DossierPart,
    Follow,
    LibraryIndexPage,
    LibraryItem,
    Reinvestment,
    UsefulVote,
)
from library.text import html_to_text
from partners.models import Membership
from plans.models import Action, Visibility
from search.models import Document
from search.query import search

pytestmark = pytest.mark.django_db

SCALE = 0.1
LIBRARY_KINDS = ["apprentissage", "outil", "publication", "dossier", "actualite"]


def seed(scale=SCALE, seed=1, **options):
    out = StringIO()
    call_command("seed_demo", scale=scale, seed=seed, verbosity=0, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo at scale 0.1, committed once for the module (each test runs in its own transaction)."""
    with django_db_blocker.unblock():
        output = seed(SCALE, 1, flush=True)
    yield output
    with django_db_blocker.unblock(), transaction.atomic():
        for _generate, flush in reversed(generators()):
            flush()


def french_total(scale=SCALE):
    return max(demo.MIN_ITEMS, round(demo.ITEMS_PER_SCALE * scale))


def snapshot():
    """The library as a visitor sees it, independent of database ids."""
    return {
        "items": sorted(
            LibraryItem.objects.values_list("title", "kind", "locale__language_code", "published_on")
        ),
        "reuse": sorted(
            tuple(value or "" for value in row)
            for row in Reinvestment.objects.values_list(
                "source_item__title", "source_action__title", "action__title", "adapted"
            )
        ),
        "comments": sorted(Comment.objects.values_list("item__title", "body", "created_at")),
        "votes": UsefulVote.objects.count(),
    }


# Counts and shape ------------------------------------------------------------------------


def test_every_kind_in_the_planned_numbers(demo_data):
    expected = network_demo.allocate(french_total(), demo.KIND_WEIGHTS)
    french = Counter(LibraryItem.objects.filter(locale__language_code="fr").values_list("kind", flat=True))
    assert dict(french) == {kind: n for kind, n in expected.items() if n}
    english = LibraryItem.objects.filter(locale__language_code="en")
    assert english.count() == max(2, round(french_total() * demo.ENGLISH_SHARE))
    assert not LibraryItem.objects.exclude(live=True).exists()
    assert "éléments de la bibliothèque" in demo_data and "documents indexés" in demo_data
    # Scale 1 is at least the 1,500 published items of the real library.
    assert demo.ITEMS_PER_SCALE >= 1500


def test_items_live_under_their_language_index(demo_data):
    for language in ("fr", "en"):
        index = LibraryIndexPage.objects.get(locale__language_code=language)
        children = Page.objects.child_of(index)
        assert children.count() == LibraryItem.objects.filter(locale__language_code=language).count()
        assert Page.objects.get(pk=index.pk).numchild == children.count()
    assert Page.find_problems() == ([], [], [], [], [])


def test_english_items_are_mostly_translations(demo_data):
    english = list(LibraryItem.objects.filter(locale__language_code="en"))
    translations = [item for item in english if item.get_translations().filter(locale__language_code="fr")]
    assert len(translations) == round(len(english) * demo.TRANSLATED_SHARE)
    for item in translations:
        original = item.get_translations().get(locale__language_code="fr").specific
        assert original.kind == item.kind
        assert set(original.themes.values_list("code", flat=True)) >= set(
            item.themes.values_list("code", flat=True)
        )


def test_dossiers_have_three_to_six_parts_on_their_theme(demo_data):
    dossiers = LibraryItem.objects.filter(kind="dossier").annotate(n=Count("dossierpage__parts"))
    assert dossiers.exists()
    for dossier in dossiers:
        assert 3 <= dossier.n <= 6
        theme = set(dossier.themes.values_list("code", flat=True))
        for part in DossierPart.objects.filter(page_id=dossier.pk).select_related("item"):
            assert part.item.kind != "dossier"
            assert part.item.published_on <= dossier.published_on
            assert theme & set(part.item.themes.values_list("code", flat=True))


def test_items_are_tagged_like_their_theme(demo_data):
    items = LibraryItem.objects.filter(locale__language_code="fr").prefetch_related(
        "themes", "systems", "protective_factors", "age_periods", "regions", "organisations", "partnerships"
    )
    for item in items:
        themes = [t.code for t in item.themes.all()]
        assert themes, item.title
        bank = demo_banks.THEMES_BY_CODE[themes[0]] if len(themes) == 1 else None
        if bank is not None:
            assert {s.code for s in item.systems.all()} <= set(bank.systems)
            assert {f.code for f in item.protective_factors.all()} <= set(bank.factors)
            assert {a.code for a in item.age_periods.all()} <= set(bank.ages)
        partnerships = list(item.partnerships.all())
        assert len(partnerships) <= 1
        if partnerships:
            partnership = partnerships[0]
            assert [r.code for r in item.regions.all()] == [partnership.region.code]
            members = set(
                Membership.objects.filter(partnership=partnership).values_list("organisation_id", flat=True)
            )
            assert {o.pk for o in item.organisations.all()} <= members
        assert demo.FIRST_DATE <= item.published_on <= demo.REFERENCE_DATE


def test_source_actions_come_from_the_item_partnership_and_precede_it(demo_data):
    linked = LibraryItem.objects.filter(source_actions__isnull=False).distinct()
    assert linked.exists()
    for item in linked:
        partnerships = set(item.partnerships.values_list("pk", flat=True))
        for action in item.source_actions.select_related("plan"):
            assert action.plan.partnership_id in partnerships
            assert action.start_date <= item.published_on


def test_texts_are_plausible_french_of_the_right_length(demo_data):
    items = list(LibraryItem.objects.filter(locale__language_code="fr").specific())
    titles = [item.title for item in items]
    assert len(set(titles)) >= 0.9 * len(titles)
    for item in items:
        words = len(html_to_text(item.body).split())
        assert 80 <= words <= 200, (item.title, words)
        assert item.summary and len(item.summary) <= 1000
        for text in (item.title, item.summary, item.body):
            assert not re.search(r"[{}]", text), text
            assert "  " not in text and " ." not in text and " ," not in text, text
        if item.kind == "apprentissage":
            for name in item.SECTIONS:
                assert html_to_text(getattr(item, name)), (item.title, name)
    featured = LibraryItem.objects.filter(featured=True)
    assert all(item.published_on.year >= 2024 for item in featured)


# Search ----------------------------------------------------------------------------------

# A query in each theme's own words, and the theme its best answer must belong to.
THEME_QUERIES = {
    "orthophoniste": "langage",
    "albums": "eveil-lecture-ecriture",
    "kinésiologue": "developpement-moteur",
    "coin calme": "socioaffectif",
    "répit": "parentalite",
    "allaitement": "perinatalite",
}


def library_hits(query, limit=5):
    results = search(query, filters={"type": LIBRARY_KINDS}, limit=limit)
    items = LibraryItem.objects.in_bulk([hit.document.object_id for hit in results.hits])
    return [items[hit.document.object_id] for hit in results.hits]


def test_each_theme_answers_its_own_words(demo_data):
    tops = {}
    for query, theme in THEME_QUERIES.items():
        hits = library_hits(query)
        assert hits, query
        assert theme in hits[0].themes.values_list("code", flat=True), (query, hits[0].title)
        tops[query] = {item.pk for item in hits[:3]}
    queries = list(tops)
    for i, first in enumerate(queries):
        for second in queries[i + 1 :]:
            assert not tops[first] & tops[second], (first, second)


def test_the_index_holds_every_item_and_the_network(demo_data):
    assert Document.objects.filter(type="library").count() == LibraryItem.objects.count()
    assert Document.objects.filter(type="action").exists()
    assert Document.objects.filter(type="organisation").exists()
    reused = Document.objects.filter(type="library", reuse_count__gt=0)
    assert (
        reused.count()
        == Reinvestment.objects.filter(source_item__isnull=False).values("source_item").distinct().count()
    )
    english = search("breastfeeding", filters={"type": LIBRARY_KINDS})
    assert all(hit.document.language == "en" for hit in english.hits)


# Reuse and appropriation -----------------------------------------------------------------


def test_reinvestments_link_other_partnerships_actions(demo_data):
    reinvestments = Reinvestment.objects.select_related("source_item", "source_action__plan", "action__plan")
    assert reinvestments.filter(source_item__isnull=False).exists()
    assert reinvestments.filter(source_action__isnull=False).exists()
    for reinvestment in reinvestments:
        assert reinvestment.partnership_id == reinvestment.action.plan.partnership_id
        assert reinvestment.action.plan.visibility == Visibility.PUBLIC
        assert reinvestment.adapted and reinvestment.reason
        assert reinvestment.created_at <= network_demo.REFERENCE_MOMENT
        if reinvestment.source_item_id:
            item = reinvestment.source_item
            assert reinvestment.partnership_id not in set(item.partnerships.values_list("pk", flat=True))
            assert item.published_on < reinvestment.action.start_date
            assert item.published_on <= reinvestment.created_at.date()
        else:
            source = reinvestment.source_action
            assert source.plan.partnership_id != reinvestment.partnership_id
            assert source.start_date < reinvestment.action.start_date
    # One inspiration per action.
    assert Action.objects.filter(inspiration__isnull=False).count() == reinvestments.count()


def test_collections_bookmarks_votes_and_follows(demo_data):
    assert Collection.objects.exists() and Bookmark.objects.exists()
    for collection in Collection.objects.filter(partnership__isnull=False).select_related("owner"):
        mine = set(collection.owner.coordinated_partnerships.values_list("pk", flat=True)) | set(
            Membership.objects.filter(organisation__affiliations__user=collection.owner).values_list(
                "partnership_id", flat=True
            )
        )
        assert collection.partnership_id in mine
    for bookmark in Bookmark.objects.select_related("item")[:200]:
        assert bookmark.created_at.date() >= bookmark.item.published_on
    assert UsefulVote.objects.count() > LibraryItem.objects.count()
    assert UsefulVote.objects.values("item", "user").distinct().count() == UsefulVote.objects.count()
    assert Follow.objects.filter(theme__isnull=False).exists()
    for subscription in DigestSubscription.objects.all():
        assert (subscription.consented_at is None) == (subscription.frequency == DigestFrequency.NEVER)


def test_comments_questions_replies_and_moderation(demo_data):
    questions = Comment.objects.filter(is_question=True, parent__isnull=True)
    assert questions.exists()
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.is_question and reply.parent.parent_id is None
        assert reply.item_id == reply.parent.item_id
        assert reply.created_at >= reply.parent.created_at
    hidden = Comment.objects.filter(hidden=True)
    assert 1 <= hidden.count() <= 2
    for comment in hidden:
        assert comment.hidden_at and comment.reports.filter(resolved=True).exists()
    assert CommentReport.objects.filter(resolved=False, comment__hidden=False).count() == 1
    for comment in Comment.objects.select_related("item")[:300]:
        assert comment.created_at.date() >= comment.item.published_on
        assert comment.created_at <= network_demo.REFERENCE_MOMENT


# Pages -------------------------------------------------------------------------------------


def test_pages_of_every_kind_are_served(client, demo_data):
    for kind in LIBRARY_KINDS:
        item = LibraryItem.objects.filter(kind=kind, locale__language_code="fr").first()
        response = client.get(item.url)
        assert response.status_code == 200, (kind, item.url)
        assert escape(item.title) in response.content.decode()
    english = LibraryItem.objects.filter(locale__language_code="en").first()
    assert english.url.startswith("/en/")
    assert client.get(english.url).status_code == 200


def test_hidden_comments_stay_hidden_on_the_page(client, demo_data):
    comment = Comment.objects.filter(hidden=True).select_related("item").first()
    html = client.get(comment.item.url).content.decode()
    assert comment.body not in html


# Determinism and flush (each test reseeds inside its own transaction) ----------------------


def test_same_seed_gives_the_same_library(demo_data):
    first = snapshot()
    seed(SCALE, 1, flush=True)
    assert snapshot() == first
    seed(SCALE, 2, flush=True)
    other = snapshot()
    assert {t for t, *_rest in other["items"]} != {t for t, *_rest in first["items"]}


def test_flush_removes_the_library_and_its_index(demo_data):
    assert LibraryItem.objects.exists()
    search_demo.flush()
    demo.flush()
    assert not LibraryItem.objects.exists()
    for model in (
        Reinvestment,
        Collection,
        Bookmark,
        Comment,
        CommentReport,
        UsefulVote,
        Follow,
        DossierPart,
    ):
        assert not model.objects.exists(), model
    assert not DigestSubscription.objects.exists()
    assert not Document.objects.exists()
    for index in LibraryIndexPage.objects.all():
        assert not Page.objects.child_of(index).exists()
        assert index.numchild == 0
    assert Page.find_problems() == ([], [], [], [], [])
    # The network is still there, and a new library can be seeded on top of it.
    assert Action.objects.exists()
    demo.generate(0.05, 3, _NoProgress())
    assert LibraryItem.objects.count() == french_total(0.05) + max(2, round(french_total(0.05) * 0.03))


def test_demo_rows_pass_the_models_validation(demo_data):
    for item in LibraryItem.objects.order_by("pk").specific()[:60]:
        item.full_clean()
    for model in (Reinvestment, Collection, Bookmark, Comment, UsefulVote, Follow, DigestSubscription):
        for row in model.objects.order_by("pk")[:100]:
            row.full_clean()


def test_dates_do_not_depend_on_the_day(demo_data):
    latest = max(
        Comment.objects.latest("created_at").created_at,
        UsefulVote.objects.latest("created_at").created_at,
        Bookmark.objects.latest("created_at").created_at,
        Reinvestment.objects.latest("created_at").created_at,
    )
    assert latest <= network_demo.REFERENCE_MOMENT
    assert LibraryItem.objects.latest("published_on").published_on <= datetime.date(2026, 3, 31)


class _NoProgress:
    def start(self, label, total, unit=""):
        pass

    def advance(self, phase, steps):
        pass
