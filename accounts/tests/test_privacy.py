"""Loi 25: the privacy notice, a person's data export, account deletion and the administrators' access log."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken

from accounts import actions as account_actions
from accounts import privacy
from accounts.models import AccessKind, AccessLog, User
from core.http import Forbidden

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password
MFA_SECRET = "JBSWY3DPEHPK3PXPSECRETVALUE"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Password attempts are counted in the cache per account; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()


def text_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def person(network, library):
    """The CPE member, named, with something in every section of the export."""
    from library.models import (
        Bookmark,
        Collection,
        Comment,
        CommentReport,
        DigestFrequency,
        DigestSubscription,
        Follow,
        UsefulVote,
    )
    from taxonomy.models import Theme

    member = network.member
    member.first_name, member.last_name = "Émilie", "Tremblay"
    member.save()
    member.affiliations.update(job_title="Éducatrice en chef")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    Authenticator.objects.create(user=member, type="totp", data={"secret": MFA_SECRET})
    _token, key = account_actions.create_token(member, "Tableau de bord du CPE")
    collection = Collection.objects.create(
        owner=member, name="À lire en équipe", partnership=network.rimouski
    )
    Bookmark.objects.create(collection=collection, item=library.tool, note="Pour la halte du jeudi")
    comment = Comment.objects.create(
        item=library.learning,
        author=member,
        organisation=network.cpe,
        body="Nous avons essayé les ateliers au CPE : les parents ont adoré.",
    )
    other = Comment.objects.create(
        item=library.learning, author=network.coordinator, body="Merci du partage!"
    )
    CommentReport.objects.create(comment=other, reporter=member, reason="Hors sujet")
    UsefulVote.objects.create(item=library.tool, user=member)
    Follow.objects.create(user=member, theme=Theme.objects.get(code="langage"))
    DigestSubscription.objects.create(
        user=member, frequency=DigestFrequency.WEEKLY, consented_at=timezone.now()
    )
    AccessLog.objects.create(
        actor=network.admin, subject=member, subject_pk=member.pk, kind=AccessKind.VIEW, path="/x/"
    )
    member.api_key = key
    member.comment = comment
    return member


# The privacy notice -----------------------------------------------------------------------


def test_privacy_notice_in_french_and_english(client, db):
    response = client.get("/confidentialite/")
    html = text_of(response)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "<h1>Politique de confidentialité</h1>" in html
    assert "responsable.vie-privee@agirtot.example" in html
    assert "Commission d'accès à l'information" in html
    assert 'href="/comptes/donnees/"' in html

    english = client.get("/en/confidentialite/")
    assert english.status_code == 200
    assert '<html lang="en">' in text_of(english)
    assert 'href="/en/comptes/donnees/"' in text_of(english)


def test_every_page_links_to_the_notice_and_the_person_to_their_data(client, network):
    home = text_of(client.get("/"))
    assert 'href="/confidentialite/"' in home
    assert "Mes données personnelles" not in home
    client.force_login(network.member)
    assert '<a href="/comptes/donnees/">Mes données personnelles</a>' in text_of(client.get("/"))


# The personal data page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/comptes/donnees/"),
        ("get", "/comptes/donnees/telecharger/"),
        ("post", "/comptes/donnees/supprimer/"),
    ],
)
def test_visitors_are_sent_to_the_login(client, db, method, url):
    response = getattr(client, method)(url, {"password": PASSWORD} if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")


def test_page_explains_downloads_and_offers_deletion(client, network):
    client.force_login(network.member)
    response = client.get("/comptes/donnees/")
    html = text_of(response)
    assert response.status_code == 200
    assert "<h1>Mes données personnelles</h1>" in html
    assert network.member.email in html
    assert 'href="/comptes/donnees/telecharger/"' in html
    assert 'action="/comptes/donnees/supprimer/"' in html
    assert 'type="password" name="password"' in html
    assert "La suppression est définitive" in html
    assert response["Cache-Control"].startswith("max-age=0")


# The export -------------------------------------------------------------------------------


def test_export_holds_every_section_and_no_secret(person, network, library):
    data = privacy.export_personal_data(person)
    raw = json.dumps(data, ensure_ascii=False)

    assert data["account"]["email"] == "membre@cpe.qc.ca"
    assert data["account"]["first_name"] == "Émilie"
    assert data["email_addresses"] == [{"email": "membre@cpe.qc.ca", "verified": True, "primary": True}]
    assert [a["type"] for a in data["two_factor_authentication"]] == ["totp"]
    assert data["api_tokens"][0]["name"] == "Tableau de bord du CPE"
    assert data["administrator_accesses"][0]["access"] == "view"
    assert data["partners"]["affiliations"] == [
        {
            "organisation_id": network.cpe.pk,
            "organisation": "CPE Les Petits Pas",
            "job_title": "Éducatrice en chef",
        }
    ]
    assert set(data["partners"]["changes"]) == {"organisations", "partnerships", "memberships"}
    assert set(data["plans"]) == {"stage_changes", "measurements_recorded", "changes"}
    lib = data["library"]
    assert [s["title"] for s in lib["submissions"]] == [library.learning.title]
    assert lib["submissions"][0]["url"].startswith("/bibliotheque/")
    assert lib["collections"][0]["name"] == "À lire en équipe"
    assert lib["collections"][0]["shared_with_partnership"] == network.rimouski.name
    assert lib["collections"][0]["bookmarks"][0]["note"] == "Pour la halte du jeudi"
    assert lib["comments"][0]["body"].startswith("Nous avons essayé")
    assert lib["comments"][0]["organisation"] == "CPE Les Petits Pas"
    assert lib["comment_reports"][0]["reason"] == "Hors sujet"
    assert lib["useful_votes"][0]["item"] == library.tool.title
    assert lib["follows"][0]["type"] == "theme"
    assert lib["digest"]["frequency"] == "weekly" and lib["digest"]["consented_at"]

    person.refresh_from_db()
    token = APIToken.objects.get(user=person)
    for secret in (person.password, person.api_key, token.key_hash, MFA_SECRET):
        assert secret not in raw
    assert "password" not in raw


def test_export_of_a_coordinator_counts_their_plan_work(plans, network):
    data = privacy.export_personal_data(network.coordinator)
    assert data["partners"]["coordinated_partnerships"] == [
        {"partnership_id": network.rimouski.pk, "partnership": network.rimouski.name}
    ]
    assert data["plans"]["measurements_recorded"] == 2
    assert data["plans"]["changes"]["plans"]["created"] == 1
    assert data["plans"]["changes"]["actions"]["created"] == 2


def test_export_costs_the_same_queries_whatever_the_activity(person, library):
    from library.models import Bookmark, Collection, Comment, UsefulVote

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            privacy.export_personal_data(person)
        return len(queries)

    small = count()
    for n in range(5):
        collection = Collection.objects.create(owner=person, name=f"Collection {n}")
        for item in (library.learning, library.tool, library.publication):
            Bookmark.objects.create(collection=collection, item=item)
        Comment.objects.create(item=library.tool, author=person, body=f"Commentaire {n}")
    UsefulVote.objects.create(item=library.news, user=person)
    assert count() == small


def test_download_is_a_utf8_json_attachment(client, person):
    client.force_login(person)
    response = client.get("/comptes/donnees/telecharger/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="agirtot-donnees-personnelles-')
    assert "Émilie".encode() in response.content  # UTF-8, not \u escapes
    data = json.loads(response.content.decode("utf-8"))
    assert data["account"]["id"] == person.pk
    assert {"partners", "plans", "library"} <= set(data)
    assert response["Cache-Control"].startswith("max-age=0")


# Deleting the account ---------------------------------------------------------------------


def test_deletion_keeps_contributions_credited_to_the_organisation(client, person, network, library):
    from library.models import Collection, Comment, DigestSubscription, Follow, UsefulVote
    from partners.models import Affiliation

    pk = person.pk
    client.force_login(person)
    assert "Émilie Tremblay" in text_of(client.get(library.learning.url))
    response = client.post("/comptes/donnees/supprimer/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/donnees/compte-supprime/"

    assert not User.objects.filter(pk=pk).exists()
    for model, field in [
        (Affiliation, "user_id"),
        (Collection, "owner_id"),
        (UsefulVote, "user_id"),
        (Follow, "user_id"),
        (DigestSubscription, "user_id"),
        (APIToken, "user_id"),
        (EmailAddress, "user_id"),
        (Authenticator, "user_id"),
    ]:
        assert not model.objects.filter(**{field: pk}).exists(), model

    # The learning they submitted stays, credited to the CPE; their comment too.
    learning = type(library.learning).objects.get(pk=library.learning.pk)
    assert learning.owner_id is None
    assert list(learning.organisations.values_list("name", flat=True)) == ["CPE Les Petits Pas"]
    comment = Comment.objects.get(pk=person.comment.pk)
    assert comment.author_id is None and comment.organisation == network.cpe

    # Signed out, with a confirmation page.
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "Votre compte est supprimé" in text_of(confirmation)
    assert client.get("/comptes/donnees/").status_code == 302

    # Nothing shows their name any more; the item page credits the organisation.
    page = text_of(client.get(learning.url))
    assert "Nous avons essayé les ateliers" in page
    assert "CPE Les Petits Pas" in page
    assert "Tremblay" not in page and "Émilie" not in page and "membre@cpe.qc.ca" not in page


def test_deletion_clears_the_name_from_administration_logs(client, person, network):
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(
        user=network.admin,
        content_type=user_type,
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )
    organisation_entry = LogEntry.objects.create(
        user=network.admin,
        content_type=ContentType.objects.get_for_model(type(network.cpe)),
        object_id=str(network.cpe.pk),
        object_repr=str(network.cpe),
        action_flag=CHANGE,
        change_message=json.dumps(
            [{"added": {"name": "affiliation", "object": "Émilie Tremblay — CPE Les Petits Pas"}}]
        ),
    )
    account_actions.delete_account(person, person, PASSWORD)

    assert LogEntry.objects.get(content_type=user_type).object_repr == "Compte supprimé"
    organisation_entry.refresh_from_db()
    assert "Tremblay" not in organisation_entry.change_message
    assert "Compte supprim" in json.loads(organisation_entry.change_message)[0]["added"]["object"]
    assert organisation_entry.object_repr == "CPE Les Petits Pas"


def test_deleting_a_coordinator_keeps_the_plan_history_without_their_name(plans, network):
    from plans.models import Measurement, Plan, StageChange

    coordinator = network.coordinator
    StageChange.objects.create(
        partnership=network.rimouski,
        stage="planification",
        changed_on=datetime.date(2025, 1, 1),
        changed_by=coordinator,
    )
    history_rows = Plan.history.filter(id=plans.plan.pk).count()
    pk = coordinator.pk
    assert Plan.history.filter(history_user_id=pk).exists()
    assert Measurement.history.filter(recorded_by_id=pk).exists()
    account_actions.delete_account(coordinator, coordinator, PASSWORD)

    assert Plan.objects.filter(pk=plans.plan.pk).exists()
    assert Plan.history.filter(id=plans.plan.pk).count() == history_rows
    assert not Plan.history.filter(history_user_id=pk).exists()
    assert StageChange.objects.get(partnership=network.rimouski, stage="planification").changed_by is None
    assert (
        Measurement.objects.filter(indicator=plans.indicator, value=Decimal("35")).get().recorded_by is None
    )
    assert not Measurement.history.filter(recorded_by_id=pk).exists()
    assert not network.rimouski.coordinators.exists()


def test_wrong_password_deletes_nothing_and_says_why_in_french(client, person):
    client.force_login(person)
    response = client.post("/comptes/donnees/supprimer/", {"password": "pas-le-bon"})
    html = text_of(response)
    assert response.status_code == 400
    assert "Ce mot de passe est incorrect : votre compte n'a pas été supprimé." in html
    assert User.objects.filter(pk=person.pk).exists()
    assert person.collections.exists() and person.affiliations.exists()
    assert client.get("/comptes/donnees/").status_code == 200  # still signed in

    empty = client.post("/comptes/donnees/supprimer/", {"password": ""})
    assert empty.status_code == 400
    assert "Tapez votre mot de passe pour confirmer la suppression." in text_of(empty)


def test_password_guessing_is_stopped(client, person):
    client.force_login(person)
    for _attempt in range(10):
        assert client.post("/comptes/donnees/supprimer/", {"password": "devinette"}).status_code == 400
    response = client.post("/comptes/donnees/supprimer/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Trop d'essais de mot de passe" in text_of(response)
    assert User.objects.filter(pk=person.pk).exists()


def test_the_last_administrator_cannot_delete_their_account(client, network):
    admin = network.admin
    client.force_login(admin)
    page = text_of(client.get("/comptes/donnees/"))
    assert "Vous êtes la seule personne administratrice de la plateforme" in page
    assert 'action="/comptes/donnees/supprimer/"' not in page

    response = client.post("/comptes/donnees/supprimer/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "nommez d'abord une autre personne administratrice" in text_of(response)
    assert User.objects.filter(pk=admin.pk).exists()

    # With a second administrator, the first one may go.
    User.objects.create_user(
        username="autre@agirtot.example", email="autre@agirtot.example", is_superuser=True
    )
    assert client.post("/comptes/donnees/supprimer/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=admin.pk).exists()


@pytest.mark.parametrize(
    "role", ["anonyme", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
)
def test_only_the_holder_deletes_an_account(role_users, role, network):
    from django.contrib.auth.models import AnonymousUser

    actor = role_users[role] or AnonymousUser()
    with pytest.raises(Forbidden):
        account_actions.delete_account(actor, network.member, PASSWORD)
    assert User.objects.filter(pk=network.member.pk).exists()


@pytest.mark.parametrize("role", ["membre", "coordonnateur", "coordonnateur_autre", "editeur"])
def test_every_person_deletes_their_own_account(client, role_users, role):
    person = role_users[role]
    client.force_login(person)
    assert client.post("/comptes/donnees/supprimer/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_a_protected_account_is_anonymised_instead(monkeypatch, person):
    def refuse(self, *args, **kwargs):
        raise ProtectedError("protected", set())

    monkeypatch.setattr(User, "delete", refuse)
    account_actions.delete_account(person, person, PASSWORD)

    row = User.objects.get(pk=person.pk)
    assert row.email == f"compte-supprime-{person.pk}@invalid"
    assert (row.first_name, row.last_name, row.is_active) == ("", "", False)
    assert not row.has_usable_password()
    assert not EmailAddress.objects.filter(user=row).exists()
    assert not APIToken.objects.filter(user=row).exists()


def test_a_wrong_password_is_a_validation_error(person):
    with pytest.raises(ValidationError) as error:
        account_actions.delete_account(person, person, "pas-le-bon")
    assert error.value.message_dict["password"] == [
        "Ce mot de passe est incorrect : votre compte n'a pas été supprimé."
    ]


# The administrators' access log -----------------------------------------------------------


def entries(**filters):
    return list(AccessLog.objects.filter(**filters).values_list("kind", "subject_id", "actor_id", "path"))


def test_django_admin_access_to_a_person_is_logged(client, network):
    admin, member = network.admin, network.member
    client.force_login(admin)
    change_url = f"/django-admin/accounts/user/{member.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert entries(kind="view") == [("view", member.pk, admin.pk, change_url)]

    assert client.get("/django-admin/accounts/user/").status_code == 200
    assert entries(kind="list") == [("list", None, admin.pk, "/django-admin/accounts/user/")]

    assert client.get(f"/django-admin/accounts/user/{member.pk}/history/").status_code == 200
    assert client.get("/django-admin/accounts/user/999999/change/").status_code == 302  # no such person
    assert AccessLog.objects.count() == 3


def test_wagtail_admin_access_to_a_person_is_logged(client, network):
    admin, member = network.admin, network.member
    client.force_login(admin)
    edit_url = f"/admin/users/edit/{member.pk}/"
    assert client.get(edit_url).status_code == 200
    assert entries(kind="view") == [("view", member.pk, admin.pk, edit_url)]
    assert client.get("/admin/users/").status_code == 200
    assert entries(kind="list") == [("list", None, admin.pk, "/admin/users/")]


def test_a_refused_visit_is_not_logged(client, network):
    client.force_login(network.editor)  # not staff: both admins refuse
    client.get(f"/django-admin/accounts/user/{network.member.pk}/change/")
    client.get(f"/admin/users/edit/{network.member.pk}/")
    assert not AccessLog.objects.exists()


def test_the_access_log_is_read_only_in_django_admin(client, network):
    admin, member = network.admin, network.member
    client.force_login(admin)
    client.get(f"/django-admin/accounts/user/{member.pk}/change/")
    entry = AccessLog.objects.get()

    listing = client.get("/django-admin/accounts/accesslog/")
    assert listing.status_code == 200
    assert f"/django-admin/accounts/user/{member.pk}/change/" in text_of(listing)
    detail = client.get(f"/django-admin/accounts/accesslog/{entry.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in text_of(detail)
    assert client.get("/django-admin/accounts/accesslog/add/").status_code == 403
    assert (
        client.post(f"/django-admin/accounts/accesslog/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AccessLog.objects.count() == 1  # viewing the log is not itself an access to a person


def test_the_access_log_keeps_the_number_of_a_deleted_account(client, network):
    admin, member = network.admin, network.member
    client.force_login(admin)
    client.get(f"/django-admin/accounts/user/{member.pk}/change/")
    pk = member.pk
    account_actions.delete_account(member, member, PASSWORD)
    entry = AccessLog.objects.get()
    assert (entry.subject_id, entry.subject_pk) == (None, pk)
    assert f"Compte n° {pk} (supprimé)" in text_of(client.get("/django-admin/accounts/accesslog/"))


def test_an_administrator_exports_a_persons_data_and_it_is_logged(client, person, network):
    client.force_login(network.admin)
    response = client.post(
        "/django-admin/accounts/user/",
        {"action": "download_personal_data", "_selected_action": [str(person.pk)]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == person.email
    assert entries() == [("export", person.pk, network.admin.pk, "/django-admin/accounts/user/")] + [
        ("view", person.pk, network.admin.pk, "/x/")
    ]

    two = client.post(
        "/django-admin/accounts/user/",
        {
            "action": "download_personal_data",
            "_selected_action": [str(person.pk), str(network.coordinator.pk)],
        },
    )
    assert two.status_code == 302
    assert AccessLog.objects.filter(kind="export").count() == 1


def test_old_access_log_entries_are_purged(network):
    now = timezone.now()
    old = AccessLog.objects.create(actor=network.admin, kind=AccessKind.LIST, path="/a/")
    AccessLog.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=731))
    recent = AccessLog.objects.create(actor=network.admin, kind=AccessKind.LIST, path="/b/")
    out = io.StringIO()
    call_command("purge_access_log", stdout=out)
    assert "1 entrée(s) supprimée(s)" in out.getvalue()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
