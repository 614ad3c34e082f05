"""How people are named where others see them: never by their e-mail address."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts import actions as account_actions
from accounts.people import anonymised_address, is_deleted_account, public_name

pytestmark = pytest.mark.django_db


def test_full_name_when_the_person_gave_one(make_user):
    person = make_user("julie@exemple.qc.ca", first_name="Julie", last_name="Gagnon")
    assert public_name(person) == "Julie Gagnon"
    assert public_name(person, organisation="CPE Les Petits Pas") == "Julie Gagnon"


def test_a_first_name_alone_is_a_name(make_user):
    assert public_name(make_user("julie@exemple.qc.ca", first_name="Julie")) == "Julie"


def test_without_a_name_the_organisation_or_a_neutral_label(make_user, network):
    person = make_user("sans.nom@exemple.qc.ca", first_name="  ")
    assert public_name(person) == "Membre d'Agir tôt"
    assert public_name(person, organisation=network.cpe) == "Membre de CPE Les Petits Pas"
    assert public_name(person, organisation="CLSC de Rimouski") == "Membre de CLSC de Rimouski"
    assert "sans.nom" not in public_name(person) + public_name(person, organisation=network.cpe)


def test_a_cleared_link_or_an_anonymised_row_is_a_deleted_account(make_user):
    assert public_name(None) == "Compte supprimé"
    assert public_name(None, organisation="CPE Les Petits Pas") == "Compte supprimé"
    person = make_user("partie@exemple.qc.ca", first_name="Lise", last_name="Roy")
    # What accounts.privacy leaves when the row must stay (something protects it).
    account_actions._anonymise(person)
    person.refresh_from_db()
    assert person.email == anonymised_address(person.pk)
    assert is_deleted_account(person)
    assert public_name(person) == "Compte supprimé"


def test_an_anonymous_visitor_is_not_named_by_anything_private():
    assert public_name(AnonymousUser()) == "Membre d'Agir tôt"


def test_the_account_string_never_falls_back_to_the_email(make_user):
    person = make_user("sans.nom@exemple.qc.ca")
    assert str(person) == "Membre d'Agir tôt"
    assert not hasattr(person, "display_name")
    named = make_user("julie@exemple.qc.ca", first_name="Julie", last_name="Gagnon")
    assert str(named) == "Julie Gagnon"


def test_the_person_filter_follows_the_same_rule(make_user, network):
    nameless = make_user("sans.nom@exemple.qc.ca")
    named = make_user("julie@exemple.qc.ca", first_name="Julie", last_name="Gagnon")
    template = Template(
        "{% load people %}[{{ a|person }}][{{ b|person }}][{{ b|person:org }}][{{ gone|person }}]"
    )
    html = template.render(Context({"a": named, "b": nameless, "org": network.cpe, "gone": None}))
    assert html == "[Julie Gagnon][Membre d&#x27;Agir tôt][Membre de CPE Les Petits Pas][Compte supprimé]"
