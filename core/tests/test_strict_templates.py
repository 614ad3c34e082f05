"""The test settings make a missing variable in a project template fail loudly, and only there."""

import pytest
from django.conf import settings
from django.template import Context, Origin, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from agirtot.strict_templates import MISSING, MissingTemplateVariable, is_project_template

pytestmark = pytest.mark.django_db


def test_the_test_settings_use_the_strict_value():
    assert settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] is MISSING


def test_a_project_template_reading_a_missing_variable_raises():
    request = RequestFactory().get("/")
    # The pagination template reads « listing »: without it, the test fails and says where.
    with pytest.raises(MissingTemplateVariable, match=r"core/_pagination\.html.*listing"):
        render_to_string("core/_pagination.html", {}, request=request)


def project_template(source: str) -> Template:
    """A template that says it comes from the project's templates folder."""
    return Template(source, origin=Origin(str(settings.BASE_DIR / "templates" / "essai.html")))


def test_blocktranslate_with_and_default_on_a_missing_variable_raise():
    for source in (
        "{% load i18n %}{% blocktranslate with who=person.name %}par {{ who }}{% endblocktranslate %}",
        "{% load i18n %}{% blocktranslate %}par {{ who }}{% endblocktranslate %}",
        "{% with who=person.name %}{{ who }}{% endwith %}",
        "{{ person.name|default:'personne' }}",
    ):
        with pytest.raises(MissingTemplateVariable, match=r"templates/essai\.html"):
            project_template(source).render(Context({"person": None}))


def test_if_for_and_firstof_still_tolerate_a_missing_variable():
    template = project_template(
        "{% if nothing %}oui{% else %}non{% endif %}{% for x in nothing %}{{ x }}{% endfor %}"
        "{% firstof nothing 'x' %}{% if person.name %}!{% endif %}"
    )
    assert template.render(Context({"person": None})) == "nonx"


def test_templates_built_from_strings_stay_silent():
    html = Template("[{{ nothing }}][{{ nothing|default:'vide' }}][{% if nothing|default:'' %}!{% endif %}]")
    assert html.render(Context()) == "[][vide][]"


def test_which_templates_belong_to_the_project():
    base = settings.BASE_DIR
    assert is_project_template(str(base / "templates" / "base.html"))
    assert is_project_template(str(base / "plans" / "templates" / "plans" / "history.html"))
    assert not is_project_template(
        str(base / ".venv" / "lib" / "python3.11" / "site-packages" / "django" / "templates" / "x.html")
    )
    assert not is_project_template("/usr/lib/python3/dist-packages/wagtail/templates/x.html")
    assert not is_project_template("<unknown source>")
    assert not is_project_template(None)


@pytest.mark.parametrize(
    "address", ["/django-admin/", "/django-admin/accounts/user/", "/django-admin/plans/plan/add/", "/admin/"]
)
def test_third_party_admin_pages_still_render(client, network, address):
    # Their templates read variables they do not always have, like many third-party ones.
    client.force_login(network.admin)
    assert client.get(address).status_code == 200


def test_third_party_pages_with_a_project_layout_still_render(client):
    # allauth's page, inside the project's own layout (templates/allauth/layouts).
    assert client.get("/comptes/login/").status_code == 200
