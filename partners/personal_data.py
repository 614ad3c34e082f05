"""What the network keeps about a person: where they work, what they coordinate, what they changed."""

from __future__ import annotations

from typing import Any

from core import personal_data
from partners.models import Affiliation, Membership, Organisation, Partnership


def collect(user: Any) -> dict[str, Any]:
    """The person's affiliations, coordinations and the count of their changes to the network."""
    return {
        "affiliations": [
            {"organisation_id": org_id, "organisation": name, "job_title": job_title}
            for org_id, name, job_title in Affiliation.objects.filter(user=user)
            .order_by("organisation__name", "id")
            .values_list("organisation_id", "organisation__name", "job_title")
        ],
        "coordinated_partnerships": [
            {"partnership_id": pk, "partnership": name}
            for pk, name in Partnership.objects.filter(coordinators=user)
            .order_by("name", "id")
            .values_list("pk", "name")
        ],
        "changes": {
            "organisations": personal_data.history_counts(Organisation, user),
            "partnerships": personal_data.history_counts(Partnership, user),
            "memberships": personal_data.history_counts(Membership, user),
        },
    }


# Affiliations (CASCADE) and coordinations (the many-to-many rows) go with the account;
# the history keeps each change without its author (``history_user`` is SET_NULL).
personal_data.register("partners", collect)
