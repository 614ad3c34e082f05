"""Every main page of the site, in French and in English, has no WCAG 2.1 A or AA violation
that axe-core can find, reflows at 320 CSS pixels without scrolling sideways, and runs
without a JavaScript error or a CSP violation."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import translation

from .helpers import axe_violations, describe

# The live server's thread must see the data: it is committed, then flushed after each
# test; the serialized rollback puts back the reference data that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
# The elements that stick out of the window, when the page is wider than the window.
OVERFLOW = """() => {
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5)
    .map((element) => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
}"""


def build_portraits_world(network, plans, library):
    """The portraits' small network (another public plan, reach, réinvestissements) and the open
    data files, exported into settings.VAR_DIR (a temporary folder), so each portrait page has content."""
    from portraits.tests.world import build

    world = build(network, plans, library)
    call_command("export_open_data", stdout=io.StringIO(), stderr=io.StringIO())
    # The portraits are cached by data version; a flushed database may reuse a version number.
    cache.clear()
    return world


@pytest.fixture
def portraits_world(network, plans, library, settings, tmp_path):
    """Portrait pages with real content (see build_portraits_world)."""
    settings.VAR_DIR = tmp_path
    yield build_portraits_world(network, plans, library)
    cache.clear()


def main_pages(network, plans, library):
    """(name, French address, English address) of each main page."""

    def both(name, path):
        return name, path, translate_url(path, "en")

    with translation.override("fr"):
        return [
            both("accueil", reverse("home")),
            both("partenaires", reverse("partners:organisation_list")),
            both("fiche d'un partenaire", network.cpe.get_absolute_url()),
            both("regroupements", reverse("partners:partnership_list")),
            both("fiche d'un regroupement", network.rimouski.get_absolute_url()),
            both("plans", reverse("plans:plan_list")),
            both("plan", plans.plan.get_absolute_url()),
            both("action", plans.workshops.get_absolute_url()),
            ("recherche", reverse("search:search") + "?q=ateliers", "/en/recherche/?q=workshops"),
            both("bibliothèque", reverse("library:index")),
            ("élément de la bibliothèque", library.learning.url, library.translation.url),
            ("outil de la bibliothèque", library.tool.url, None),
            both("connexion", reverse("account_login")),
            both("confidentialité", reverse("privacy")),
            both("recherche sans mots", reverse("search:search")),
            both("recherche sans résultat", reverse("search:search") + "?q=xylophone"),
            both("portrait du Québec", reverse("portraits:index")),
            both("portrait d'une région", reverse("portraits:region", args=["01"])),
            both("portrait d'un regroupement", reverse("portraits:partnership", args=[network.rimouski.pk])),
            both("réseau du Québec", reverse("portraits:network")),
            both(
                "réseau d'un regroupement",
                reverse("portraits:partnership_network", args=[network.rimouski.pk]),
            ),
            both("pistes inspirantes", reverse("portraits:plan_recommendations", args=[plans.plan.pk])),
            both("données ouvertes", reverse("portraits:opendata")),
        ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_main_pages_have_no_wcag_21_aa_violation(
    page, page_errors, network, plans, library, portraits_world, language, subtests
):
    for name, french, english in main_pages(network, plans, library):
        path = french if language == "fr" else english
        if path is None:
            continue
        with subtests.test(page=name, path=path):
            page_errors.clear()
            response = page.goto(path)
            assert response.status == 200, f"{path} : {response.status}"
            assert page.get_attribute("html", "lang") == language
            violations = axe_violations(page)
            assert not violations, f"{path}\n{describe(violations)}"
            assert page_errors == [], f"{path} : {page_errors}"
            # Reflow (WCAG 1.4.10): at 320 CSS pixels only wide tables scroll, each in its own
            # box, which the keyboard can reach (axe checks it once the box does scroll).
            page.set_viewport_size(NARROW)
            try:
                overflow = page.evaluate(OVERFLOW)
                assert not overflow, f"{path} : la page défile de côté à 320 px ({overflow})"
                violations = axe_violations(page)
                assert not violations, f"{path} à 320 px\n{describe(violations)}"
            finally:
                page.set_viewport_size(WIDE)


def test_the_check_finds_violations_when_there_are(page, network):
    """The page check is not blind: a picture without text and an unlabelled field are found."""
    page.goto("/")
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.append(document.createElement("img"), document.createElement("input"));
        }"""
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found
