"""Sections the library adds to lower apps' pages for appropriation: following a partnership."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from library.models import Follow
from partners.models import Partnership


def partnership_follow_panel(request: HttpRequest, partnership: Partnership) -> str:
    """« Suivre ce regroupement » on the partnership's page (one query for a signed-in person)."""
    user = request.user
    following = bool(
        user.is_authenticated and Follow.objects.filter(user=user, partnership_id=partnership.pk).exists()
    )
    return render_to_string(
        "library/follows_partnership_panel.html",
        {"partnership": partnership, "following": following},
        request=request,
    )


panels.register("partners.partnership", partnership_follow_panel)
