"""The journeys people make on the site, in Chromium, with the keyboard only.

Every step is a key press: Tab (or Shift+Tab) until the control has the focus, which must
be visible on the way (helpers.tab_to), then Enter or typing. Pages met on the way are
checked with axe-core too, as signed-in people see them.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .helpers import assert_accessible, choose, tab_to, type_into

# The live server's thread must see the data: it is committed, then flushed after each
# test; the serialized rollback puts back the reference data that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password


def skip_to_content(page):
    """The first Tab reaches the skip link; Enter moves the focus to the main content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("Aller au contenu|Skip to content"))
    assert skip.evaluate("(element) => document.activeElement === element"), (
        "Le lien d'évitement n'est pas le premier"
    )
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_a_visitor_finds_a_tool_by_search_and_downloads_its_file(
    page, page_errors, expect, library, settings, tmp_path
):
    from wagtail.documents import get_document_model

    from library.models.items import ToolDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    content = b"%PDF-1.4\n% Grille d'animation\n%%EOF\n"
    document = get_document_model().objects.create(
        title="Grille d'animation (PDF)", file=SimpleUploadedFile("grille-animation.pdf", content)
    )
    ToolDocument.objects.create(page=library.tool, document=document, title="Grille à imprimer")

    page.goto("/")
    tab_to(
        page,
        page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Recherche"),
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/$"))

    skip_to_content(page)
    type_into(page, page.get_by_label("Mots cherchés"), "grille halte-garderie")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?.*q=grille"))
    result = page.get_by_role("link", name=re.compile("Grille d'animation des haltes-garderies"))
    expect(result).to_be_visible()
    assert_accessible(page)

    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(library.tool.title)

    download_link = page.get_by_role("link", name="Grille à imprimer")
    tab_to(page, download_link)
    with page.expect_download() as event:
        page.keyboard.press("Enter")
    download = event.value
    assert download.suggested_filename == "grille-animation.pdf"
    assert open(download.path(), "rb").read() == content
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_a_coordinator_signs_in_and_updates_the_progress_of_an_action(
    page, page_errors, expect, plans, network
):
    from plans.models import Action

    action = plans.workshops
    page.goto(action.get_absolute_url())
    tab_to(page, page.get_by_role("link", name="Se connecter"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    type_into(page, page.get_by_label("Courriel", exact=False).first, network.coordinator.email)
    type_into(page, page.get_by_label("Mot de passe", exact=False).first, PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(action.get_absolute_url()) + "$"))

    tab_to(page, page.get_by_role("link", name="Mettre à jour l'avancement"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suivi de l'action")
    assert_accessible(page)

    progress = page.get_by_label("Avancement (%)")
    type_into(page, progress, "75")
    tab_to(page, page.get_by_role("button", name="Enregistrer le suivi"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(action.get_absolute_url()) + "$"))
    expect(page.locator("dd.progress-line")).to_contain_text("75 % réalisé")
    expect(page.get_by_role("status")).to_be_visible()
    action.refresh_from_db()
    assert action.progress == 75
    assert Action.objects.get(pk=action.pk).status == "en_cours"
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_a_visitor_switches_to_english_and_keeps_the_page(page, page_errors, expect, plans):
    plan_url = plans.plan.get_absolute_url()
    page.goto(plan_url)
    tab_to(page, page.get_by_role("link", name="English"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en" + re.escape(plan_url) + "$"))
    assert page.get_attribute("html", "lang") == "en"
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()

    # The way back to French is in the same place, and keeps the page too.
    tab_to(page, page.get_by_role("link", name="Français"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(plan_url) + "$"))
    assert page.get_attribute("html", "lang") == "fr"
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_a_member_submits_a_learning_and_an_editor_publishes_it(
    page, page_errors, expect, sign_in, browser_context, network, library
):
    from django.core import mail

    from library.models import LibraryItem

    title = "Halte-répit pour les parents du quartier"
    sign_in(network.member)
    page.goto("/bibliotheque/")
    skip_to_content(page)
    tab_to(page, page.get_by_role("link", name="Proposer un apprentissage ou un outil"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Apprentissage", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposer un contenu")
    assert_accessible(page)

    type_into(page, page.get_by_label("Titre"), title)
    type_into(
        page, page.get_by_label("Résumé"), "Une halte-répit deux matins par semaine pour les parents épuisés."
    )
    type_into(
        page,
        page.get_by_label("Ce qui a été fait"),
        "Nous avons ouvert une halte-répit au sous-sol de l'église.",
    )
    family = page.get_by_role("checkbox", name="Famille", exact=True)
    tab_to(page, family)
    page.keyboard.press("Space")
    expect(family).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Envoyer aux éditeurs des savoirs"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(title)
    expect(page.locator(".submissions")).to_contain_text("En révision")
    assert_accessible(page)
    item = LibraryItem.objects.get(title=title)
    assert not item.live

    # The editor reviews it from the Wagtail admin's dashboard and approves it.
    browser_context.clear_cookies()
    sign_in(network.editor)
    page.goto("/admin/")
    row = page.get_by_role("row").filter(has_text=title)
    tab_to(page, row.get_by_role("button", name="Actions"))
    page.keyboard.press("Enter")
    tab_to(page, row.get_by_role("button", name="Approuver", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("row").filter(has_text=title)).to_have_count(0)

    item.refresh_from_db()
    assert item.live
    assert any(
        "Publiée" in message.subject and message.to == [network.member.email] for message in mail.outbox
    )

    # Anyone can now read it.
    browser_context.clear_cookies()
    page.goto(item.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("sous-sol de l'église")
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_a_coordinator_reinvests_a_learning_into_their_plan(
    page, page_errors, expect, sign_in, network, plans, library
):
    from library.reuse import Reinvestment

    sign_in(network.coordinator)
    page.goto(library.learning.url)
    tab_to(page, page.get_by_role("link", name="Réinvestir dans mon plan"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Réinvestir dans votre plan d'action")
    # Pre-filled from the learning; the coordinator adapts the title and says why.
    title = page.get_by_label("Titre de l'action")
    expect(title).to_have_value(library.learning.title)
    assert_accessible(page)
    type_into(page, title, "Ateliers d'éveil à la lecture à Rimouski")
    choose(page, page.get_by_label("Type d'action"), "Soutien aux parents et réseautage")
    choose(page, page.get_by_label("Organisme porteur"), "CPE Les Petits Pas")
    type_into(page, page.get_by_role("textbox", name="Ce qui a été adapté"), "Ateliers le samedi matin.")
    type_into(page, page.get_by_role("textbox", name="Pourquoi"), "Les parents travaillent en semaine.")
    tab_to(page, page.get_by_role("button", name="Ajouter l'action à mon plan"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ateliers d'éveil à la lecture à Rimouski")
    expect(page.get_by_role("status")).to_be_visible()
    reinvestment = Reinvestment.objects.get(source_item=library.learning)
    assert reinvestment.action.plan == plans.plan
    assert reinvestment.partnership == network.rimouski
    assert reinvestment.adapted == "Ateliers le samedi matin."
    expect(page.locator("main")).to_contain_text(library.learning.title)  # « inspiré de … »
    assert_accessible(page)

    # The learning's page shows the lineage.
    page.goto(library.learning.url)
    expect(page.locator(".reuse-count")).to_contain_text("Réinvesti par 1 regroupement")
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"
