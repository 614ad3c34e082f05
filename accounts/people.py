"""How a person is named on pages, exports, feeds and e-mails that other people see.

One rule for the whole platform (docs/privacy.md): the full name when the person gave
one, otherwise a neutral label, and never the e-mail address. A person sees their own
address only on their own account pages, which read ``user.email`` directly.
Templates use the same rule through ``{% load people %}`` and ``{{ user|person }}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

#: The domain of the address a deleted account keeps when its row must stay (RFC 2606).
ANONYMISED_DOMAIN = "invalid"


def anonymised_address(pk: int) -> str:
    """The address given to an account deleted at its holder's request whose row stays."""
    return f"compte-supprime-{pk}@{ANONYMISED_DOMAIN}"


def is_deleted_account(user: Any) -> bool:
    """No account any more: the link was cleared, or the row was kept but anonymised."""
    if user is None:
        return True
    return getattr(user, "email", None) == anonymised_address(user.pk)


def public_name(user: Any, *, organisation: Any = None) -> str:
    """The name other people see: full name, else « Membre de <organisation> », else a neutral label.

    ``organisation`` is the organisation the person acted for, when the caller knows it
    (an object with a ``name``, or the name itself).
    """
    if is_deleted_account(user):
        return _("Compte supprimé")
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    if full_name:
        return full_name
    organisation_name = getattr(organisation, "name", organisation)
    if organisation_name:
        return _("Membre de %(organisation)s") % {"organisation": organisation_name}
    return _("Membre d'Agir tôt")
