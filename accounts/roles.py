"""The platform's roles that do not depend on the partner network.

Membership of an organisation and coordination of a partnership live in the
partners app; knowledge editors and administrators are defined here.
"""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

KNOWLEDGE_EDITORS_GROUP = "Éditeurs des savoirs"


def is_administrator(user: User | AnonymousUser) -> bool:
    """Administrators manage the whole platform."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_knowledge_editor(user: User | AnonymousUser) -> bool:
    """Knowledge editors review and publish the library's content."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=KNOWLEDGE_EDITORS_GROUP).exists()
