"""E-mail login and password reset (django-allauth)."""

from html import unescape

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_login_with_email(client, make_user):
    make_user("agente@exemple.qc.ca")
    page = client.get("/comptes/login/")
    html = unescape(page.content.decode())
    assert page.status_code == 200
    assert '<html lang="fr">' in html
    assert "Connexion" in html
    assert "Courriel" in html and "e-mail" not in html.lower()  # Québec usage
    response = client.post(
        "/comptes/login/", {"login": "agente@exemple.qc.ca", "password": "motdepasse-test-123"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "agente@exemple.qc.ca"


def test_wrong_password_keeps_the_email_and_explains_in_french(client, make_user):
    make_user("agente@exemple.qc.ca")
    response = client.post("/comptes/login/", {"login": "agente@exemple.qc.ca", "password": "mauvais"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert 'value="agente@exemple.qc.ca"' in html
    assert "L’adresse courriel ou le mot de passe est incorrect." in html


def test_password_reset_sends_an_email(client, make_user):
    make_user("agente@exemple.qc.ca")
    response = client.post("/comptes/password/reset/", {"email": "agente@exemple.qc.ca"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agente@exemple.qc.ca"]
    assert "[Agir tôt]" in mail.outbox[0].subject
    assert "/comptes/password/reset/key/" in mail.outbox[0].body


def test_signup_creates_an_account_identified_by_email(client, django_user_model):
    response = client.post(
        "/comptes/signup/",
        {
            "email": "nouvelle@exemple.qc.ca",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(email="nouvelle@exemple.qc.ca")
    assert user.email == "nouvelle@exemple.qc.ca"
    assert str(user) == "Membre d'Agir tôt"  # never the address where others may see it


def test_roles(network):
    from accounts.roles import is_administrator, is_knowledge_editor

    assert is_knowledge_editor(network.editor) and not is_administrator(network.editor)
    assert is_administrator(network.admin) and is_knowledge_editor(network.admin)
    assert not is_knowledge_editor(network.member)
