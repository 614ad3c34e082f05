"""Anonymous pages served whole from the cache, per version of the data (core/pagecache.py).

What these tests prove: a page is kept only for visitors who see what every visitor sees;
a write becomes visible on the next request, for each cached family; a write to one domain
leaves the others' pages in the cache; a repeat visit gets a 304.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core import pagecache
from library.models import LibraryItem
from partners import actions as partner_actions
from plans import actions as plan_actions
from plans.querysets import Visibility

pytestmark = pytest.mark.django_db


def state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_an_anonymous_page_is_served_from_the_cache_without_a_query(client, network):
    first = client.get("/partenaires/")
    assert state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/partenaires/")
    assert state(second) == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "fr"
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_language_query_string_and_fragments_are_kept_apart(client, network):
    french = client.get("/partenaires/")
    english = client.get("/en/partenaires/")
    assert state(english) == "miss"
    assert english.content != french.content and '<html lang="en">' in english.content.decode()
    assert state(client.get("/partenaires/?region=01")) == "miss"
    assert state(client.get("/partenaires/?region=01")) == "hit"
    fragment = client.get("/partenaires/?region=01", headers={"HX-Request": "true"})
    assert state(fragment) == "miss"
    assert state(client.get("/partenaires/?region=01")) == "hit"


def test_a_signed_in_person_never_gets_nor_leaves_a_cached_page(client, network):
    client.get("/partenaires/")
    client.force_login(network.coordinator)
    mine = client.get("/partenaires/")
    assert state(mine) is None
    name = network.coordinator.get_full_name()
    assert name and name in mine.content.decode()
    client.logout()
    anonymous = client.get("/partenaires/")
    assert state(anonymous) == "hit"
    assert name not in anonymous.content.decode()


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, network):
    client.get("/partenaires/")
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Votre inscription est confirmée.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    page = client.get("/partenaires/")
    assert state(page) is None
    assert "Votre inscription est confirmée." in page.content.decode()


def test_pages_outside_the_families_and_other_answers_are_not_cached(client, network):
    assert state(client.get(reverse("account_login"))) is None
    assert state(client.get("/partenaires/?format=csv")) is None  # a download
    assert state(client.get("/partenaires/?page=zzz")) in (None, "miss")
    long = "/partenaires/?q=" + "a" * (pagecache.MAX_QUERY_STRING + 1)
    assert state(client.get(long)) is None
    assert state(client.head("/partenaires/")) is None


def test_a_response_that_sets_a_cookie_or_is_private_is_not_kept():
    page = HttpResponse("<p>x</p>")
    assert pagecache._cacheable_response(page)
    page.set_cookie("csrftoken", "x")
    assert not pagecache._cacheable_response(page)
    private = HttpResponse("<p>x</p>")
    private["Cache-Control"] = "private"
    assert not pagecache._cacheable_response(private)
    assert not pagecache._cacheable_response(HttpResponse("x", status=404))
    assert not pagecache._cacheable_response(HttpResponse("a;b", content_type="text/csv"))


def test_a_repeat_visit_gets_304_until_the_data_changes(client, network):
    first = client.get("/partenaires/")
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    again = client.get("/partenaires/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/partenaires/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    network.cpe.name = "CPE Les Grands Pas"
    partner_actions.save_organisation(network.cpe)
    changed = client.get("/partenaires/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "CPE Les Grands Pas" in changed.content.decode()


# A write is seen on the next request, family by family --------------------------------------


def test_a_partner_renamed_is_seen_at_once(client, network):
    pages = ["/partenaires/", network.cpe.get_absolute_url(), "/", "/recherche/?q=petits"]
    for url in pages:
        client.get(url)
        assert state(client.get(url)) == "hit", url
    network.cpe.name = "CPE Les Grands Pas"
    partner_actions.save_organisation(network.cpe)
    for url in pages[:2]:
        page = client.get(url)
        assert state(page) == "miss", url
        assert "CPE Les Grands Pas" in page.content.decode(), url
    assert state(client.get("/")) == "miss"


def test_a_plan_made_private_then_public_is_seen_at_once(client, network, plans):
    url = plans.plan.get_absolute_url()
    assert client.get(url).status_code == 200
    assert state(client.get(url)) == "hit"
    title = escape(plans.plan.title)
    assert title in client.get("/plans/").content.decode()
    plan_actions.update_plan(network.coordinator, plans.plan, {"visibility": Visibility.MEMBERS})
    assert client.get(url).status_code in (403, 404, 302)
    assert title not in client.get("/plans/").content.decode()
    plan_actions.update_plan(network.coordinator, plans.plan, {"visibility": Visibility.PUBLIC})
    assert client.get(url).status_code == 200
    assert title in client.get("/plans/").content.decode()


def test_an_action_s_progress_is_seen_at_once_and_leaves_the_library_cached(client, network, plans, library):
    url = plans.plan.get_absolute_url()
    client.get(url)
    client.get("/bibliotheque/")
    client.get(library.learning.url)
    assert state(client.get(url)) == "hit"
    assert "40 %" in client.get(url).content.decode()
    plan_actions.update_action_progress(network.coordinator, plans.workshops, progress=85)
    page = client.get(url)
    assert state(page) == "miss"
    assert "85 %" in page.content.decode()
    # The progress is not on the library's pages: they stay in the cache.
    assert state(client.get("/bibliotheque/")) == "hit"
    assert state(client.get(library.learning.url)) == "hit"


def test_a_library_item_published_is_seen_at_once(
    client, network, library, django_capture_on_commit_callbacks
):
    pages = ["/bibliotheque/", "/", "/recherche/?q=halte"]
    for url in pages:
        client.get(url)
        assert state(client.get(url)) == "hit", url
    item = LibraryItem.objects.get(pk=library.tool.pk).specific
    # The listing reads the search index, which is written once the publication commits.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        item.title = "Halte-répit de Rimouski : la trousse"
        item.save_revision(user=network.editor).publish()
    listing = client.get("/bibliotheque/")
    assert state(listing) == "miss"
    assert "Halte-répit de Rimouski : la trousse" in listing.content.decode()
    assert state(client.get("/")) == "miss"
    item_page = client.get(item.url)
    assert "Halte-répit de Rimouski : la trousse" in item_page.content.decode()
    results = client.get("/recherche/?q=halte")
    assert state(results) == "miss"
    assert "répit de Rimouski : la trousse" in results.content.decode()  # "Halte" is highlighted


# Versions move on with the commit, once per transaction ---------------------------------------


def test_versions_move_on_only_when_the_write_commits(monkeypatch, django_capture_on_commit_callbacks):
    # The real timing here: versions move on when the transaction commits, never before.
    monkeypatch.setattr(pagecache, "transaction", transaction)
    before = pagecache.versions(["network", "library"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.touch("network")
        pagecache.touch("network")
    assert pagecache.versions(["network"]) == {"network": before["network"]}
    for callback in callbacks:
        callback()
    after = pagecache.versions(["network", "library"])
    # Moved on once for the whole transaction, however many writes it held.
    assert after == {"network": before["network"] + 1, "library": before["library"]}


def test_the_domain_of_a_write():
    from accounts.models import User
    from library.models import Bookmark, Comment
    from partners.models import Organisation
    from plans.models import Action, Measurement

    assert pagecache.domain_of(Organisation) == "network"
    assert pagecache.domain_of(Action) == "plans"
    assert pagecache.domain_of(Action, update_fields=["progress", "updated_at"]) == "progress"
    assert pagecache.domain_of(Measurement) == "progress"
    assert pagecache.domain_of(Comment) == "library"
    assert pagecache.domain_of(Bookmark) is None
    assert pagecache.domain_of(User, update_fields=["last_login"]) is None
    assert pagecache.domain_of(User) == "people"
    historical = type(
        "HistoricalOrganisation",
        (),
        {"_meta": type("Meta", (), {"app_label": "partners", "model_name": "historicalorganisation"})},
    )
    assert pagecache.domain_of(historical) is None


def test_an_open_data_export_renews_the_open_data_page(client, network):
    from portraits import opendata

    url = reverse("portraits:opendata")
    client.get(url)
    assert state(client.get(url)) == "hit"
    opendata.export(["organisations"])
    page = client.get(url)
    assert state(page) == "miss"
    assert "ne sont pas encore produits" not in page.content.decode()
