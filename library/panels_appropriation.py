"""Sections the library adds to lower apps' pages for appropriation: following a partnership,
and the e-mail digest on the person's data page."""

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


def digest_panel(request: HttpRequest, user) -> str:
    """On the person's data page, where the e-mail digest is chosen (no query)."""
    return render_to_string("library/privacy_digest_panel.html", {}, request=request)


panels.register("accounts.personal_data", digest_panel)
