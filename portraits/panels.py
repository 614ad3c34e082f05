"""A panel on the partnership page that leads to its portrait."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from partners.models import Partnership


def portrait_panel(request: HttpRequest, partnership: Partnership) -> str:
    """A link to the partnership's portrait and to its region's (no query: the page has both)."""
    if not partnership.is_active:
        return ""
    return render_to_string("portraits/portrait_panel.html", {"partnership": partnership}, request=request)


panels.register("partners.partnership", portrait_panel)
