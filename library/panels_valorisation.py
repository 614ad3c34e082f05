"""Panels on the partners' pages: how much an organisation or a partnership gave the library."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from partners.models import Organisation, Partnership

from .valorisation import contribution_count, reinvestments_of


def contributions_panel(request: HttpRequest, subject: Organisation | Partnership) -> str:
    """« 12 contributions à la bibliothèque », with a link to them (two queries)."""
    count = contribution_count(subject)
    reinvested = reinvestments_of(subject, request.user).count()
    if not count and not reinvested:
        return ""
    return render_to_string(
        "library/contributions_panel.html",
        {
            "subject": subject,
            "is_partnership": isinstance(subject, Partnership),
            "count": count,
            "reinvested": reinvested,
        },
        request=request,
    )


panels.register("partners.organisation", contributions_panel)
panels.register("partners.partnership", contributions_panel)
