"""Rate limits on login and password reset, and optional two-factor authentication."""

from html import unescape

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and used TOTP codes live in the cache: each test starts clean
    and leaves nothing behind for the other test files."""
    cache.clear()
    yield
    cache.clear()


def login(client, email, password):
    return client.post("/comptes/login/", {"login": email, "password": password})


def test_five_failed_logins_lock_the_address_even_with_the_right_password(client, make_user):
    make_user("agente@exemple.qc.ca")
    for _attempt in range(5):
        response = login(client, "agente@exemple.qc.ca", "mauvais")
        assert "L’adresse courriel ou le mot de passe est incorrect." in unescape(response.content.decode())
    response = login(client, "agente@exemple.qc.ca", PASSWORD)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in unescape(response.content.decode())
    assert not client.get("/").context["user"].is_authenticated
    # Another address from the same place is not locked.
    make_user("autre@exemple.qc.ca")
    assert login(client, "autre@exemple.qc.ca", PASSWORD).status_code == 302


def test_password_reset_emails_are_limited_per_address(client, make_user):
    make_user("agente@exemple.qc.ca")
    for _attempt in range(3):
        response = client.post("/comptes/password/reset/", {"email": "agente@exemple.qc.ca"})
        assert response.status_code == 302
    response = client.post("/comptes/password/reset/", {"email": "agente@exemple.qc.ca"})
    assert response.status_code == 429
    assert "Trop de tentatives" in unescape(response.content.decode())
    assert len(mail.outbox) == 3


def current_code(secret):
    """The code an authenticator app would show now (allauth's own TOTP helpers)."""
    counters = list(totp.yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # now, in the middle of the tolerated window
    return totp.format_hotp_value(totp.hotp_value(secret, counter))


def test_two_factor_link_is_offered_to_editors_and_administrators_only(client, network):
    client.force_login(network.member)
    assert "Double authentification" not in client.get("/").content.decode()
    for user in (network.editor, network.admin):
        client.force_login(user)
        html = client.get("/").content.decode()
        assert 'href="/comptes/2fa/"' in html and "Double authentification" in html


def test_administrator_activates_totp_and_then_needs_a_code_to_log_in(client, network):
    admin = network.admin
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    assert login(client, admin.email, PASSWORD).status_code == 302

    page = client.get("/comptes/2fa/")
    assert page.status_code == 200
    assert 'class="site-header"' in page.content.decode()  # inside the site's layout

    # Changing the second factor asks for the password again, however recent the login.
    assert client.get("/comptes/2fa/totp/activate/").status_code == 302
    assert client.post("/comptes/reauthenticate/", {"password": PASSWORD}).status_code == 302
    form_page = client.get("/comptes/2fa/totp/activate/")
    assert form_page.status_code == 200
    assert 'class="site-header"' in form_page.content.decode()
    secret = client.session[totp.SECRET_SESSION_KEY]
    response = client.post("/comptes/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()

    client.post("/comptes/logout/")
    cache.clear()  # a code is accepted only once; the next one is the same in this window
    response = login(client, admin.email, PASSWORD)
    assert response.status_code == 302 and response.url == "/comptes/2fa/authenticate/"
    assert not client.get("/").context["user"].is_authenticated

    wrong = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/comptes/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/").context["user"] == admin


def test_wagtail_admin_sends_visitors_to_the_login_that_asks_for_the_second_factor(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/?next=/admin/")


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_logins_go_through_the_site_login_and_its_second_factor(client, path):
    response = client.get(path, {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=%2Fadmin%2F"
    # A password posted to the admin's own form is not accepted there either.
    assert client.post(path, {"username": "x", "password": "y"}).status_code in (302, 405)
