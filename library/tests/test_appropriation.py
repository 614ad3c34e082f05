"""Appropriation: collections and bookmarks (private or shared with a partnership), « utile »
votes, follows and the digest preference, for every role; constant queries on the item page
and on /collections/."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.http import Forbidden
from library.actions import appropriation as actions
from library.models import (
    Bookmark,
    Collection,
    Comment,
    DigestFrequency,
    DigestSubscription,
    Follow,
    UsefulVote,
)
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
SIGNED_IN = set(ROLES) - {"anonyme"}


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def shared(library, network):
    """The Rimouski coordinator's collection shared with Rimouski, with a private note."""
    collection = actions.create_collection(network.coordinator, "Lecture en famille", network.rimouski)
    bookmark, _created = actions.add_bookmark(network.coordinator, collection, library.learning)
    actions.update_bookmark_note(network.coordinator, bookmark, "À proposer au comité de juin")
    return collection


@pytest.fixture
def private(library, network):
    collection = actions.create_collection(network.coordinator, "Mes idées")
    actions.add_bookmark(network.coordinator, collection, library.tool)
    return collection


# Collections: who sees and who changes ------------------------------------------------

# Rimouski's people (its coordinator, the CPE member) see what is shared with Rimouski;
# administrators see shared collections as they see members-only plans.
SEES_SHARED = {"membre", "coordonnateur", "administrateur"}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_shared_collection(client, shared, role_users, role):
    response = login(client, role_users[role]).get(reverse("library:collection", args=[shared.pk]))
    if role == "anonyme":
        assert response.status_code == 302
        return
    if role not in SEES_SHARED:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ateliers parents-enfants d&#x27;éveil à la lecture" in page
    if role == "coordonnateur":
        assert "À proposer au comité de juin" in page
        assert "Renommer ou partager" in page
    else:  # read-only, and the note stays private
        assert "À proposer au comité de juin" not in page
        assert "en lecture seule" in page
        assert "Renommer ou partager" not in page


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_private_collection(client, private, role_users, role):
    response = login(client, role_users[role]).get(reverse("library:collection", args=[private.pk]))
    expected = {"anonyme": 302, "coordonnateur": 200}.get(role, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_collection_list_shows_what_is_shared_with_my_partnerships(client, shared, private, role_users, role):
    response = login(client, role_users[role]).get(reverse("library:collections"))
    if role == "anonyme":
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert ("Lecture en famille" in page) == (role in SEES_SHARED)
    assert ("Mes idées" in page) == (role == "coordonnateur")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["collection_edit", "collection_delete"])
def test_only_the_owner_edits_or_deletes_a_collection(client, shared, role_users, role, name):
    url = reverse(f"library:{name}", args=[shared.pk])
    data = {"name": "Renommée", "partnership": ""} if name == "collection_edit" else {}
    client = login(client, role_users[role])
    get, post = client.get(url), client.post(url, data)
    if role == "coordonnateur":
        assert get.status_code == 200 and post.status_code == 302
        if name == "collection_edit":
            shared.refresh_from_db()
            assert shared.name == "Renommée" and shared.partnership is None
        else:
            assert not Collection.objects.filter(pk=shared.pk).exists()
            assert Bookmark.objects.count() == 0
        return
    expected = 302 if role == "anonyme" else 403 if role in SEES_SHARED else 404
    assert get.status_code == expected and post.status_code == expected
    shared.refresh_from_db()
    assert shared.name == "Lecture en famille"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_changes_bookmarks_and_notes(client, shared, role_users, role):
    bookmark = shared.bookmarks.get()
    client = login(client, role_users[role])
    note = client.post(reverse("library:bookmark_note", args=[bookmark.pk]), {"note": "Changée"})
    remove = client.post(reverse("library:bookmark_remove", args=[bookmark.pk]))
    if role == "coordonnateur":
        assert note.status_code == 302 and remove.status_code == 302
        assert not Bookmark.objects.exists()
        return
    expected = 302 if role == "anonyme" else 403 if role in SEES_SHARED else 404
    assert note.status_code == expected and remove.status_code == expected
    assert Bookmark.objects.get().note == "À proposer au comité de juin"


def test_actions_refuse_what_views_would_not_offer(library, network, shared):
    with pytest.raises(Forbidden):
        actions.add_bookmark(network.member, shared, library.tool)
    with pytest.raises(Forbidden):
        actions.delete_collection(network.admin, shared)
    # Sharing only with one's own partnerships.
    with pytest.raises(Forbidden):
        actions.create_collection(network.member, "Ailleurs", network.montreal)
    assert (
        actions.create_collection(network.member, "Chez nous", network.rimouski).partnership
        == network.rimouski
    )


def test_create_collection_from_the_list_page(client, library, network):
    login(client, network.member)
    url = reverse("library:collections")
    response = client.post(url, {"name": "  Outils   de   langage ", "partnership": network.rimouski.pk})
    collection = Collection.objects.get()
    assert response["Location"] == reverse("library:collection", args=[collection.pk])
    assert collection.name == "Outils de langage" and collection.partnership == network.rimouski
    # Errors in French, with what was typed kept.
    response = client.post(url, {"name": "outils de langage", "partnership": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vous avez déjà une collection nommée « outils de langage »." in page
    assert 'value="outils de langage"' in page
    response = client.post(url, {"name": "Autre", "partnership": network.montreal.pk})
    assert "Choisissez l&#x27;un de vos regroupements." in response.content.decode()
    response = client.post(url, {"name": "", "partnership": ""})
    assert "Donnez un nom à la collection." in response.content.decode()
    assert Collection.objects.count() == 1


def test_save_an_item_from_its_page_into_a_new_then_an_existing_collection(client, library, network):
    login(client, network.member)
    url = reverse("library:bookmark_add", args=[library.learning.pk])
    response = client.post(url, {"new_name": "À lire", "partnership": "", "next": library.learning.url})
    assert response["Location"] == library.learning.url
    collection = Collection.objects.get(owner=network.member)
    assert collection.partnership is None
    assert collection.bookmarks.get().item_id == library.learning.pk
    page = client.get(library.learning.url).content.decode()
    assert "Enregistré dans la collection « À lire »." in page
    assert "Cet élément est dans vos collections" in page
    # Saving again keeps one bookmark; typing the same name again uses the same collection.
    response = client.post(url, {"collection": collection.pk}, follow=True)
    assert "déjà dans la collection" in response.content.decode()
    client.post(url, {"new_name": "à lire"})
    assert Bookmark.objects.count() == 1
    client.post(reverse("library:bookmark_add", args=[library.tool.pk]), {"collection": collection.pk})
    assert collection.bookmarks.count() == 2
    # Nothing chosen, or somebody else's collection: an error, nothing saved.
    response = client.post(url, {}, follow=True)
    assert "Choisissez une collection ou nommez-en une nouvelle." in response.content.decode()
    other = actions.create_collection(network.coordinator, "Coordo")
    response = client.post(url, {"collection": other.pk}, follow=True)
    assert "Choisissez l&#x27;une de vos collections." in response.content.decode()
    assert not other.bookmarks.exists()


def test_anonymous_visitor_is_sent_to_login_to_save(client, library):
    response = client.post(reverse("library:bookmark_add", args=[library.learning.pk]), {"new_name": "X"})
    assert reverse("account_login") in response["Location"]
    assert not Collection.objects.exists()


def test_note_is_limited_and_kept_private(client, library, network, shared):
    bookmark = shared.bookmarks.get()
    login(client, network.coordinator)
    response = client.post(
        reverse("library:bookmark_note", args=[bookmark.pk]), {"note": "x" * 2_001}, follow=True
    )
    assert response.status_code == 200
    bookmark.refresh_from_db()
    assert bookmark.note == "À proposer au comité de juin"


def test_collection_export_csv_and_xlsx(client, library, network, shared):
    url = reverse("library:collection", args=[shared.pk])
    login(client, network.coordinator)
    response = client.get(url + "?format=csv")
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeffTitre;Type;Résumé;Ajouté le;Adresse;Note personnelle")
    assert "À proposer au comité de juin" in text
    assert "/bibliotheque/ateliers-parents-enfants-deveil-a-la-lecture/" in text
    response = client.get(url + "?format=xlsx")
    assert response.content[:2] == b"PK"
    assert client.get(url + "?format=pdf").status_code == 400
    # Others download without the owner's notes.
    member = login(Client(), network.member).get(url + "?format=csv").content.decode("utf-8")
    assert "Note personnelle" not in member and "comité de juin" not in member


def test_unpublished_items_leave_collections(client, library, network, shared):
    library.learning.unpublish()
    page = (
        login(client, network.coordinator)
        .get(reverse("library:collection", args=[shared.pk]))
        .content.decode()
    )
    assert "Cette collection est vide." in page


# « Utile » votes ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_vote(client, library, role_users, role):
    user = role_users[role]
    url = reverse("library:useful_vote", args=[library.learning.pk])
    response = login(client, user).post(url, {"useful": "1"})
    assert response.status_code == 302
    if role == "anonyme":
        assert reverse("account_login") in response["Location"]
        assert not UsefulVote.objects.exists()
        return
    assert UsefulVote.objects.get().user == user
    # Once per person: voting again changes nothing; taking it back removes it.
    client.post(url, {"useful": "1"})
    assert UsefulVote.objects.count() == 1
    client.post(url, {"useful": "0"})
    assert not UsefulVote.objects.exists()


def test_vote_count_is_shown_and_htmx_swaps_the_button(client, library, network):
    url = reverse("library:useful_vote", args=[library.learning.pk])
    login(client, network.member).post(url, {"useful": "1"})
    actions.set_useful_vote(network.coordinator, library.learning, True)
    page = client.get(library.learning.url).content.decode()
    assert "2 personnes l&#x27;ont trouvé utile" in page or "2 personnes l'ont trouvé utile" in page
    assert 'aria-pressed="true"' in page
    response = client.post(url, {"useful": "0"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith("<form")
    assert 'aria-pressed="false"' in fragment and "1 personne l" in fragment
    assert "<html" not in fragment


def test_cannot_vote_on_an_unpublished_item(client, library, network):
    library.tool.unpublish()
    response = login(client, network.member).post(reverse("library:useful_vote", args=[library.tool.pk]))
    assert response.status_code == 404


# Follows ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_follow(client, library, network, role_users, role):
    user = role_users[role]
    theme = Theme.objects.get(code="eveil-lecture-ecriture")
    client = login(client, user)
    targets = [("element", library.learning.pk), ("theme", theme.pk), ("regroupement", network.rimouski.pk)]
    for kind, pk in targets:
        response = client.post(reverse("library:follow", args=[kind, pk]), {"follow": "1"})
        assert response.status_code == 302
    if role == "anonyme":
        assert not Follow.objects.exists()
        return
    follows = Follow.objects.filter(user=user)
    assert {(f.item_id, f.theme_id, f.partnership_id) for f in follows.all()} == {
        (library.learning.pk, None, None),
        (None, theme.pk, None),
        (None, None, network.rimouski.pk),
    }
    for kind, pk in targets:
        client.post(reverse("library:follow", args=[kind, pk]), {"follow": "1"})  # twice: still once
    assert follows.count() == 3
    for kind, pk in targets:
        client.post(reverse("library:follow", args=[kind, pk]), {"follow": "0"})
    assert not follows.exists()


def test_follow_from_the_item_page_and_the_follows_page(client, library, network):
    login(client, network.member)
    page = client.get(library.learning.url).content.decode()
    assert "Suivre cet élément" in page
    assert "Suivre le thème « Éveil à la lecture et à l&#x27;écriture »" in page
    assert "Suivre le regroupement « Regroupement Naître et grandir à Rimouski »" in page
    response = client.post(
        reverse("library:follow", args=["element", library.learning.pk]),
        {"follow": "1", "next": library.learning.url},
    )
    assert response["Location"] == library.learning.url
    page = client.get(library.learning.url).content.decode()
    assert "Vous suivez maintenant" in page and "Ne plus suivre cet élément" in page
    follows = client.get(reverse("library:follows")).content.decode()
    assert "Ateliers parents-enfants d&#x27;éveil à la lecture" in follows
    # htmx swaps the button only.
    response = client.post(
        reverse("library:follow", args=["element", library.learning.pk]),
        {"follow": "0", "next": reverse("library:follows")},
        headers={"HX-Request": "true"},
    )
    assert "Suivre cet élément" in response.content.decode() and "<html" not in response.content.decode()
    assert not Follow.objects.exists()


def test_follow_unknown_targets(client, library, network):
    login(client, network.member)
    assert (
        client.post(reverse("library:follow", args=["element", 999_999]), {"follow": "1"}).status_code == 404
    )
    assert client.post(reverse("library:follow", args=["theme", 999_999]), {"follow": "1"}).status_code == 404
    assert client.post(reverse("library:follow", args=["chose", 1]), {"follow": "1"}).status_code == 404
    network.montreal.is_active = False
    network.montreal.save()
    assert (
        client.post(reverse("library:follow", args=["regroupement", network.montreal.pk])).status_code == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_partnership_page_offers_to_follow(client, network, role_users, role):
    page = login(client, role_users[role]).get(network.rimouski.get_absolute_url()).content.decode()
    assert "Suivre ce regroupement" in page
    if role == "anonyme":
        assert "pour suivre les nouveaux éléments de ce regroupement" in page
    else:
        assert reverse("library:follow", args=["regroupement", network.rimouski.pk]) in page


def test_follow_a_partnership_from_its_page(client, network):
    login(client, network.other_coordinator)
    url = network.rimouski.get_absolute_url()
    response = client.post(
        reverse("library:follow", args=["regroupement", network.rimouski.pk]), {"next": url}
    )
    assert response["Location"] == url
    assert "Ne plus suivre le regroupement" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "next_value", ["-133721", "0512-05-22", "accueil", "https://ailleurs.example/", "//ailleurs"]
)
def test_a_next_that_is_not_a_path_of_the_site_sends_back_to_the_target(client, network, next_value):
    """Only a path of this site is followed; anything else (a word, a number, another
    site) falls back to the followed page instead of a server error or an open redirect."""
    login(client, network.other_coordinator)
    response = client.post(
        reverse("library:follow", args=["regroupement", network.rimouski.pk]), {"next": next_value}
    )
    assert response.status_code == 302
    assert response["Location"] == network.rimouski.get_absolute_url()


# The digest preference ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_digest_preference_records_and_withdraws_consent(client, role_users, role):
    user = role_users[role]
    client = login(client, user)
    url = reverse("library:digest_preference")
    response = client.post(url, {"frequency": "weekly"})
    if role == "anonyme":
        assert reverse("account_login") in response["Location"]
        assert not DigestSubscription.objects.exists()
        return
    subscription = DigestSubscription.objects.get(user=user)
    assert subscription.frequency == DigestFrequency.WEEKLY and subscription.consented_at is not None
    consented = subscription.consented_at
    client.post(url, {"frequency": "daily"})
    subscription.refresh_from_db()
    assert subscription.frequency == "daily" and subscription.consented_at == consented
    client.post(url, {"frequency": "never"})
    subscription.refresh_from_db()
    assert subscription.frequency == "never" and subscription.consented_at is None
    response = client.post(url, {"frequency": "hourly"}, follow=True)
    assert "Choisissez une fréquence parmi celles proposées." in response.content.decode()
    assert DigestSubscription.objects.get(user=user).frequency == "never"


def test_follows_page_explains_consent_and_defaults_to_never(client, network):
    page = login(client, network.member).get(reverse("library:follows")).content.decode()
    assert "vous consentez à recevoir ce résumé à membre@cpe.qc.ca" in page
    assert 'value="never" id="id_frequency_0" checked' in page or (
        'value="never"' in page and "checked" in page.split('value="never"')[1].split(">")[0]
    )
    assert not DigestSubscription.objects.exists()


# Constant queries ---------------------------------------------------------------------


def _grow(library, network, make_user, n):
    """n more people who vote, comment (with replies), report, save and follow the learning."""
    item = library.learning
    for _i in range(n):
        person = make_user()
        actions.set_useful_vote(person, item, True)
        comment = actions.post_comment(person, item, f"Avis de {person.email}", is_question=True)
        actions.post_comment(network.coordinator, item, f"Réponse à {person.email}", parent=comment)
        actions.report_comment(network.member, comment, "")
        if _i % 2:
            actions.hide_comment(network.editor, comment)
        collection = actions.create_collection(network.member, f"Collection {person.email}")
        actions.add_bookmark(network.member, collection, item)
    theme = Theme.objects.get(code="eveil-lecture-ecriture")
    actions.set_follow(network.member, theme, True)
    actions.set_follow(network.member, item, True)


@pytest.mark.parametrize("role", ["anonyme", "membre", "editeur"])
def test_item_page_costs_constant_queries(
    client, library, network, make_user, role_users, role, django_assert_max_num_queries
):
    client = login(client, role_users[role])
    _grow(library, network, make_user, 2)
    with django_assert_max_num_queries(60) as small:
        assert client.get(library.learning.url).status_code == 200
    _grow(library, network, make_user, 12)
    assert Comment.objects.count() == 28
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(library.learning.url).status_code == 200


def test_item_context_costs_constant_queries(rf, library, network, make_user, django_assert_num_queries):
    """The parts this concern adds to the item page, measured alone."""
    from library.item_page import appropriation_context

    request = rf.get(library.learning.url)
    request.user = network.member
    page = library.learning
    page.locale  # noqa: B018 - loaded with the page on the real item page
    _grow(library, network, make_user, 1)
    # Editor check, votes, comments and their replies, my reports, my collections, my
    # partnerships, the item's themes and partnerships, my follows among them.
    with django_assert_num_queries(10):
        appropriation_context(request, page)
    _grow(library, network, make_user, 10)
    with django_assert_num_queries(10):
        context = appropriation_context(request, page)
    assert context["useful_count"] == 11 and context["comment_count"] == 22
    assert len(context["saved_in"]) == 11 and context["following_item"]


def _new_items(library, n):
    from django.db import transaction

    from library.bulk import NewItem, create_items
    from library.models import LibraryItem

    with transaction.atomic():
        ids = create_items(
            library.french_index,
            [NewItem(kind="outil", title=f"Outil numéro {i}", summary="Un outil de plus.") for i in range(n)],
        )
    return list(LibraryItem.objects.filter(pk__in=ids))


def test_collections_pages_cost_constant_queries(
    client, library, network, make_user, django_assert_max_num_queries
):
    from partners.models import Affiliation

    mine = actions.create_collection(network.coordinator, "Mienne", network.rimouski)

    def grow(n):
        for item in _new_items(library, n):
            actions.add_bookmark(network.coordinator, mine, item)
            other = actions.create_collection(network.coordinator, f"Autre {item.pk}")
            actions.add_bookmark(network.coordinator, other, item)
            member = make_user()
            Affiliation.objects.create(user=member, organisation=network.clsc)
            theirs = actions.create_collection(member, f"Partagée {item.pk}", network.rimouski)
            actions.add_bookmark(member, theirs, item)

    grow(2)
    urls = [reverse("library:collections"), reverse("library:collection", args=[mine.pk])]
    viewers = [network.coordinator, network.member]
    counts = {}
    for viewer in viewers:
        login(client, viewer)
        for url in urls:
            with django_assert_max_num_queries(40) as small:
                assert client.get(url).status_code == 200
            counts[viewer.pk, url] = len(small.captured_queries)
    grow(15)
    for viewer in viewers:
        login(client, viewer)
        for url in urls:
            with django_assert_max_num_queries(counts[viewer.pk, url]):
                response = client.get(url)
            assert response.status_code == 200
    assert len(re.findall(r">Partagée \d+</a>", client.get(urls[0]).content.decode())) == 17
    assert client.get(urls[1]).content.decode().count("Outil numéro") == 17


def test_english_item_page_posts_to_english_addresses(client, library, network):
    login(client, network.member)
    response = client.get(library.translation.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="/en/bibliotheque/elements/{library.translation.pk}/commenter/"' in page
    assert f'action="/en/bibliotheque/elements/{library.translation.pk}/utile/"' in page
    response = client.post(
        reverse("library:useful_vote", args=[library.translation.pk]), {"next": library.translation.url}
    )
    assert response["Location"] == library.translation.url


def test_header_links_to_my_collections_and_follows(client, network):
    anonymous = client.get("/").content.decode()
    assert reverse("library:collections") not in anonymous
    page = login(client, network.member).get("/").content.decode()
    assert f'href="{reverse("library:collections")}"' in page
    assert f'href="{reverse("library:follows")}"' in page
