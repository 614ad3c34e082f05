"""Template context shared by every page."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label). Only sections whose URL resolves are shown, so the navigation
# never links to a section that does not exist yet.
SECTIONS = [
    ("home", _("Accueil")),
    ("partners:organisation_list", _("Partenaires")),
    ("partners:partnership_list", _("Regroupements")),
    ("plans:plan_list", _("Plans d'action")),
    ("library:index", _("Bibliothèque")),
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
    return {"nav_links": links}
