"""Library actions: appropriation — collections and bookmarks, comments and their moderation,
« utile » votes, follows and the consent to the digest e-mail.

Every write of this concern goes through these functions: each checks who may do it and
runs in a transaction. Permission problems raise ``core.http.Forbidden`` (or ``NotFound``
for what the person may not see); bad input raises ``ValidationError`` with a French message.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeGuard, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_administrator, is_knowledge_editor
from core.http import Forbidden, NotFound
from library.models import (
    Bookmark,
    Collection,
    Comment,
    CommentReport,
    DigestFrequency,
    DigestSubscription,
    Follow,
    LibraryItem,
    UsefulVote,
)
from partners.models import Affiliation, Membership, Partnership
from taxonomy.models import Theme

# A CharField always has its max_length.
COLLECTION_NAME_MAX = cast(int, Collection._meta.get_field("name").max_length)
NOTE_MAX = 2_000
COMMENT_MAX = 5_000
REPORT_REASON_MAX = 500
#: The same text posted again on the same item within this delay is a double submission.
DUPLICATE_WINDOW = datetime.timedelta(minutes=1)

SIGN_IN_REQUIRED = _("Connectez-vous pour faire cette action.")
OWNER_ONLY = _("Seule la personne qui a créé cette collection peut la modifier.")
MODERATORS_ONLY = _("Seuls les éditeurs des savoirs et les administrateurs modèrent les commentaires.")


# Who may do what ---------------------------------------------------------------------


def _is_person(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _require_person(user: User | AnonymousUser | None) -> None:
    if not _is_person(user):
        raise Forbidden(SIGN_IN_REQUIRED)


def partnerships_of(user: User | AnonymousUser | None) -> models.QuerySet[Partnership]:
    """Active partnerships the person coordinates or whose member organisations employ them."""
    if not _is_person(user):
        return Partnership.objects.none()
    coordinated = Partnership.coordinators.through.objects.filter(user=user).values("partnership_id")
    through_work = Membership.objects.filter(organisation__affiliations__user=user).values("partnership_id")
    return Partnership.objects.active().filter(models.Q(pk__in=coordinated) | models.Q(pk__in=through_work))


def can_moderate(user: User | AnonymousUser | None) -> bool:
    """Knowledge editors and administrators hide and unhide comments."""
    return _is_person(user) and is_knowledge_editor(user)


def collections_visible_to(user: User | AnonymousUser | None) -> models.QuerySet[Collection]:
    """One's own collections, and those shared with one's partnerships (read-only).

    Administrators also see every shared collection, as they see members-only plans;
    private collections stay private to their owner.
    """
    if not _is_person(user):
        return Collection.objects.none()
    if is_administrator(user):
        return Collection.objects.filter(models.Q(owner=user) | models.Q(partnership__isnull=False))
    return Collection.objects.filter(
        models.Q(owner=user) | models.Q(partnership__in=partnerships_of(user).values("pk"))
    )


def can_edit_collection(user: User | AnonymousUser | None, collection: Collection) -> bool:
    """Only the owner changes a collection, its bookmarks and their notes."""
    return _is_person(user) and collection.owner_id == user.pk


def _require_owner(user: User | AnonymousUser | None, collection: Collection) -> None:
    _require_person(user)
    if not can_edit_collection(user, collection):
        raise Forbidden(OWNER_ONLY)


def _require_moderator(user: User | AnonymousUser | None) -> None:
    _require_person(user)
    if not can_moderate(user):
        raise Forbidden(MODERATORS_ONLY)


def _require_published(item: LibraryItem) -> None:
    if not item.live:
        raise NotFound(_("Cet élément de la bibliothèque n'est pas publié."))


# Collections and bookmarks ------------------------------------------------------------


def find_collection(owner: User, name: str) -> Collection | None:
    """The owner's collection with this name, ignoring case and spaces (accents too: SQLite's
    case-insensitive comparison knows only ASCII, so the comparison is made here)."""
    wanted = " ".join((name or "").split()).casefold()
    for collection in Collection.objects.filter(owner=owner).only("pk", "name", "owner_id", "partnership_id"):
        if collection.name.casefold() == wanted:
            return collection
    return None


def _clean_name(owner: User, name: str, exclude: Collection | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Donnez un nom à la collection."), code="required")
    if len(name) > COLLECTION_NAME_MAX:
        raise ValidationError(
            _("Le nom d'une collection compte au plus %(max)s caractères.") % {"max": COLLECTION_NAME_MAX},
            code="max_length",
        )
    same = find_collection(owner, name)
    if same is not None and (exclude is None or same.pk != exclude.pk):
        raise ValidationError(
            _("Vous avez déjà une collection nommée « %(name)s ».") % {"name": name}, code="unique"
        )
    return name


def _check_partnership(owner: User, partnership: Partnership | None) -> None:
    if partnership is not None and not partnerships_of(owner).filter(pk=partnership.pk).exists():
        raise Forbidden(_("Vous pouvez partager une collection seulement avec l'un de vos regroupements."))


@transaction.atomic
def create_collection(actor: User, name: str, partnership: Partnership | None = None) -> Collection:
    """A person creates a collection, private or shared with one of their partnerships."""
    _require_person(actor)
    name = _clean_name(actor, name)
    _check_partnership(actor, partnership)
    return Collection.objects.create(owner=actor, name=name, partnership=partnership)


@transaction.atomic
def update_collection(
    actor: User, collection: Collection, name: str, partnership: Partnership | None
) -> Collection:
    """The owner renames a collection or changes whom it is shared with."""
    _require_owner(actor, collection)
    collection.name = _clean_name(actor, name, exclude=collection)
    _check_partnership(actor, partnership)
    collection.partnership = partnership
    collection.save(update_fields=["name", "partnership"])
    return collection


@transaction.atomic
def delete_collection(actor: User, collection: Collection) -> None:
    """The owner deletes a collection and its bookmarks (the items themselves stay)."""
    _require_owner(actor, collection)
    collection.delete()


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("Une note compte au plus %(max)s caractères (celle-ci en compte %(count)s).")
            % {"max": NOTE_MAX, "count": len(note)},
            code="max_length",
        )
    return note


@transaction.atomic
def add_bookmark(
    actor: User, collection: Collection, item: LibraryItem, note: str = ""
) -> tuple[Bookmark, bool]:
    """The owner saves a published item in a collection; saving it twice keeps one bookmark."""
    _require_owner(actor, collection)
    _require_published(item)
    note = _clean_note(note)
    try:
        with transaction.atomic():
            bookmark, created = Bookmark.objects.get_or_create(
                collection=collection, item_id=item.pk, defaults={"note": note}
            )
    except IntegrityError:  # saved at the same moment from another tab
        bookmark, created = Bookmark.objects.get(collection=collection, item_id=item.pk), False
    return bookmark, created


@transaction.atomic
def remove_bookmark(actor: User, bookmark: Bookmark) -> None:
    """The owner removes an item from one of their collections."""
    _require_owner(actor, bookmark.collection)
    bookmark.delete()


@transaction.atomic
def update_bookmark_note(actor: User, bookmark: Bookmark, note: str) -> Bookmark:
    """The owner writes a private note on a bookmark (others never see it)."""
    _require_owner(actor, bookmark.collection)
    bookmark.note = _clean_note(note)
    bookmark.save(update_fields=["note"])
    return bookmark


# Comments and moderation --------------------------------------------------------------


def clean_comment_body(body: str) -> str:
    """Plain text, trimmed, between 1 and 5,000 characters."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre commentaire avant de le publier."), code="required")
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            _("Un commentaire compte au plus %(max)s caractères (celui-ci en compte %(count)s).")
            % {
                "max": number_format(COMMENT_MAX, force_grouping=True),
                "count": number_format(len(body), force_grouping=True),
            },
            code="max_length",
        )
    return body


@transaction.atomic
def post_comment(
    actor: User,
    item: LibraryItem,
    body: str,
    *,
    is_question: bool = False,
    parent: Comment | None = None,
) -> Comment:
    """A signed-in person comments on or asks a question about a published item.

    Replies stay one level deep: answering a reply answers the comment it belongs to.
    The author's organisation (their first affiliation) is kept with the comment.
    """
    _require_person(actor)
    _require_published(item)
    body = clean_comment_body(body)
    if parent is not None:
        if parent.item_id != item.pk:
            raise ValidationError(_("Ce commentaire ne porte pas sur cet élément."), code="invalid")
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
        is_question = False
    recent = timezone.now() - DUPLICATE_WINDOW
    if Comment.objects.filter(
        author=actor, item_id=item.pk, body=body, parent=parent, created_at__gte=recent
    ).exists():
        raise ValidationError(
            _("Vous venez de publier ce même commentaire : il n'a pas été publié une seconde fois."),
            code="duplicate",
        )
    organisation_id = (
        Affiliation.objects.filter(user=actor)
        .order_by("id")
        .values_list("organisation_id", flat=True)
        .first()
    )
    return Comment.objects.create(
        item_id=item.pk,
        author=actor,
        organisation_id=organisation_id,
        parent=parent,
        is_question=is_question,
        body=body,
    )


@transaction.atomic
def report_comment(actor: User, comment: Comment, reason: str = "") -> CommentReport:
    """A signed-in person reports a comment to the editors, once."""
    _require_person(actor)
    if comment.author_id == actor.pk:
        raise ValidationError(_("Vous ne pouvez pas signaler votre propre commentaire."), code="own")
    reason = " ".join((reason or "").split())
    if len(reason) > REPORT_REASON_MAX:
        raise ValidationError(
            _("La raison du signalement compte au plus %(max)s caractères.") % {"max": REPORT_REASON_MAX},
            code="max_length",
        )
    if CommentReport.objects.filter(comment=comment, reporter=actor).exists():
        raise ValidationError(_("Vous avez déjà signalé ce commentaire."), code="duplicate")
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=actor, reason=reason)
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà signalé ce commentaire."), code="duplicate") from None


@transaction.atomic
def hide_comment(actor: User, comment: Comment) -> Comment:
    """An editor hides a comment; its reports are then treated.

    ``hidden_by`` and ``hidden_at`` keep the last moderation decision: who hid the
    comment and when, or, once it is shown again, who unhid it and when.
    """
    _require_moderator(actor)
    comment.hidden = True
    comment.hidden_by = actor
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    comment.reports.filter(resolved=False).update(resolved=True)
    return comment


@transaction.atomic
def unhide_comment(actor: User, comment: Comment) -> Comment:
    """An editor shows a hidden comment again (who and when are kept, see hide_comment)."""
    _require_moderator(actor)
    comment.hidden = False
    comment.hidden_by = actor
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    comment.reports.filter(resolved=False).update(resolved=True)
    return comment


@transaction.atomic
def dismiss_reports(actor: User, comment: Comment) -> int:
    """An editor keeps a reported comment visible: its reports are treated."""
    _require_moderator(actor)
    return comment.reports.filter(resolved=False).update(resolved=True)


# « Utile » votes and follows ----------------------------------------------------------


@transaction.atomic
def set_useful_vote(actor: User, item: LibraryItem, useful: bool) -> bool:
    """A signed-in person finds an item useful, or no longer; True when something changed."""
    _require_person(actor)
    _require_published(item)
    if not useful:
        deleted, _rows = UsefulVote.objects.filter(item_id=item.pk, user=actor).delete()
        return bool(deleted)
    try:
        with transaction.atomic():
            _vote, created = UsefulVote.objects.get_or_create(item_id=item.pk, user=actor)
    except IntegrityError:
        return False
    return created


def _target_field(target: LibraryItem | Theme | Partnership) -> str:
    if isinstance(target, LibraryItem):
        return "item"
    if isinstance(target, Theme):
        return "theme"
    if isinstance(target, Partnership):
        return "partnership"
    raise TypeError(f"Cannot follow {type(target).__name__}")


@transaction.atomic
def set_follow(actor: User, target: LibraryItem | Theme | Partnership, follow: bool) -> bool:
    """A signed-in person follows an item, a theme or a partnership, or stops; True when changed."""
    _require_person(actor)
    field = _target_field(target)
    if isinstance(target, LibraryItem) and follow:
        _require_published(target)
    if isinstance(target, Partnership) and follow and not target.is_active:
        raise NotFound(_("Ce regroupement n'est plus actif."))
    lookup: dict[str, Any] = {"user": actor, f"{field}_id": target.pk}
    if not follow:
        deleted, _rows = Follow.objects.filter(**lookup).delete()
        return bool(deleted)
    try:
        with transaction.atomic():
            _follow, created = Follow.objects.get_or_create(**lookup)
    except IntegrityError:
        return False
    return created


@transaction.atomic
def set_digest_frequency(actor: User, frequency: str) -> DigestSubscription:
    """A person chooses how often to receive the digest.

    Choosing « chaque jour » or « chaque semaine » is consent to the e-mail (Loi 25),
    recorded with its date; « jamais » withdraws it.
    """
    _require_person(actor)
    if frequency not in DigestFrequency.values:
        raise ValidationError(_("Choisissez une fréquence parmi celles proposées."), code="invalid_choice")
    subscription, _created = DigestSubscription.objects.select_for_update().get_or_create(user=actor)
    subscription.frequency = frequency
    if frequency == DigestFrequency.NEVER:
        subscription.consented_at = None
    elif subscription.consented_at is None:
        subscription.consented_at = timezone.now()
    subscription.save(update_fields=["frequency", "consented_at"])
    return subscription
