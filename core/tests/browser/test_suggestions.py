"""Suggestions while typing, in Chromium, with the keyboard only.

The search boxes are ARIA 1.2 comboboxes: two letters typed show a list of titles with
their kind, the Down arrow moves into it, Enter opens the page chosen, Escape closes it,
and axe-core finds nothing wrong with the list open. Without JavaScript the boxes are
plain search forms.
"""

import re

import pytest

from .helpers import assert_accessible, type_into

# The live server's thread must see the data: it is committed, then flushed after each
# test; the serialized rollback puts back the reference data that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOME_LABEL = "Chercher dans la bibliothèque, les partenaires, les regroupements et les actions"


@pytest.fixture
def indexed(network, library):
    """The conftest's network and library, indexed by the library fixture's rebuild."""
    return network


def listbox_of(page, box):
    return page.locator(f"#{box.get_attribute('aria-controls')}")


def test_a_visitor_picks_a_partner_from_the_home_search_with_the_keyboard(page, page_errors, expect, indexed):
    page.goto("/")
    box = page.get_by_role("combobox", name=HOME_LABEL)
    expect(box).to_have_attribute("aria-expanded", "false")
    type_into(page, box, "halte")

    listbox = listbox_of(page, box)
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    # Each option says its kind; a title's start comes before a later word of another title.
    expect(options.nth(0)).to_have_text(re.compile(r"Halte-garderie Les Tout-Petits.*Partenaire"))
    expect(options.nth(1)).to_have_text(re.compile(r"Grille d'animation des haltes-garderies.*Bibliothèque"))
    expect(page.locator(".home-search [aria-live='polite']")).to_have_text(re.compile(r"^2 suggestions"))

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    assert_accessible(page)

    # Down again, then Up: back on the partner; the focus never leaves the box.
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")
    assert box.evaluate("(element) => document.activeElement === element")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(indexed.halte.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(indexed.halte.name)
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_escape_closes_the_list_and_enter_then_searches_the_words(page, page_errors, expect, indexed):
    page.goto("/partenaires/")
    box = page.get_by_role("combobox", name="Chercher dans le site")
    type_into(page, box, "langage et")
    options = listbox_of(page, box).get_by_role("option")
    expect(options.first).to_have_text(re.compile(r"Langage et communication.*Thème"))
    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox_of(page, box)).to_be_hidden()
    expect(box).to_have_value("langage et")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=langage\+et$"))
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_a_theme_leads_to_its_search_from_the_header(page, page_errors, expect, indexed):
    page.goto("/partenaires/")
    box = page.get_by_role("combobox", name="Chercher dans le site")
    type_into(page, box, "langage et")
    expect(listbox_of(page, box).get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?theme=langage$"))
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_the_library_list_keeps_its_suggestions_while_its_results_change(
    page, page_errors, expect, indexed, library
):
    page.goto("/bibliotheque/")
    box = page.get_by_role("combobox", name="Mots cherchés")
    type_into(page, box, "eveil")
    # The results follow the words typed (htmx swaps the listing with its form)...
    expect(page).to_have_url(re.compile(r"/bibliotheque/\?q=eveil"))
    box = page.get_by_role("combobox", name="Mots cherchés")
    # ...and the new box shows the list again, still with the focus.
    options = listbox_of(page, box).get_by_role("option")
    learning = options.filter(has_text="Ateliers parents-enfants d'éveil à la lecture")
    expect(learning).to_have_text(re.compile(r"lecture, ?Bibliothèque"))
    assert box.evaluate("(element) => document.activeElement === element")
    assert_accessible(page)

    target = learning.get_attribute("id")
    for _ in range(options.count()):
        page.keyboard.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == target:
            break
    expect(learning).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(library.learning.title)
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_the_directory_box_suggests_too(page, page_errors, expect, indexed):
    page.goto("/partenaires/")
    box = page.get_by_role("combobox", name="Nom ou municipalité")
    type_into(page, box, "clsc de")
    expect(listbox_of(page, box).get_by_role("option")).to_have_text(
        [re.compile(r"CLSC de Rimouski.*Partenaire")]
    )
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_without_javascript_the_boxes_are_plain_search_forms(browser_thread, live_server, indexed):
    context = browser_thread.browser.new_context(
        base_url=live_server.url, locale="fr-CA", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        box = page.get_by_role("searchbox", name=HOME_LABEL)
        assert box.get_attribute("role") is None
        box.fill("halte-garderie")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/recherche/\?q=halte-garderie$"))
        assert page.get_by_role("link", name="Halte-garderie Les Tout-Petits").count() == 1
    finally:
        context.close()
