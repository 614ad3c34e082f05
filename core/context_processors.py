"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# (URL name, label). Only sections whose URL resolves are shown, so the navigation
# never links to a section that does not exist yet.
SECTIONS = [
    ("home", _("Accueil")),
    ("partners:organisation_list", _("Partenaires")),
    ("partners:partnership_list", _("Regroupements")),
    ("plans:plan_list", _("Plans d'action")),
    ("library:index", _("Bibliothèque")),
    ("search:search", _("Recherche")),
    ("portraits:index", _("Portraits")),
    ("api-1.0.0:openapi-view", _("API")),
]


def _navigation_links() -> list[dict]:
    links = []
    for name, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"name": name, "label": label, "url": url})
    return links


def navigation(request: HttpRequest) -> dict:
    links = _navigation_links()
    path = request.path
    for link in links:
        link["current"] = path == link["url"] or (
            link["url"] not in ("/", "/en/") and path.startswith(link["url"])
        )
    return {"nav_links": links, "other_languages": _other_languages(request)}


def _other_languages(request: HttpRequest) -> list[dict]:
    # The target URL is computed while the current language is active, because
    # only then does the current path resolve (set_language runs unprefixed, in French).
    current = get_language()
    return [
        {"code": code, "next": translate_url(request.get_full_path(), code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
