"""What the library keeps about a person: submissions, réinvestissements, collections, comments, votes,
follows and the digest consent."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from core import personal_data
from core.personal_data import iso
from library.models import (
    Bookmark,
    Collection,
    Comment,
    CommentReport,
    DigestSubscription,
    Follow,
    LibraryItem,
    Reinvestment,
    UsefulVote,
)
from library.text import item_path


def _submissions(user: Any) -> list[dict[str, Any]]:
    pages = LibraryItem.objects.filter(owner=user).select_related("locale").order_by("pk")
    return [
        {
            "id": page.pk,
            "title": page.title,
            "kind": page.kind,
            "language": page.locale.language_code,
            "published": page.live,
            "first_published_at": iso(page.first_published_at),
            "url": item_path(page) if page.live else None,
        }
        for page in pages
    ]


def _reinvestments(user: Any) -> list[dict[str, Any]]:
    rows = Reinvestment.objects.filter(created_by=user).select_related(
        "source_item", "source_action", "action", "partnership"
    )
    return [
        {
            "date": iso(row.created_at),
            "source": row.source_item.title if row.source_item_id else row.source_action.title,
            "action": row.action.title,
            "partnership": row.partnership.name,
            "adapted": row.adapted,
            "reason": row.reason,
        }
        for row in rows.order_by("created_at", "id")
    ]


def _collections(user: Any) -> list[dict[str, Any]]:
    bookmarks = Bookmark.objects.select_related("item").order_by("created_at", "id")
    collections = (
        Collection.objects.filter(owner=user)
        .select_related("partnership")
        .prefetch_related(Prefetch("bookmarks", queryset=bookmarks))
        .order_by("name", "id")
    )
    return [
        {
            "name": collection.name,
            "shared_with_partnership": collection.partnership.name if collection.partnership_id else None,
            "created_at": iso(collection.created_at),
            "bookmarks": [
                {
                    "item_id": bookmark.item_id,
                    "item": bookmark.item.title,
                    "note": bookmark.note,
                    "created_at": iso(bookmark.created_at),
                }
                for bookmark in collection.bookmarks.all()
            ],
        }
        for collection in collections
    ]


def _comments(user: Any) -> list[dict[str, Any]]:
    comments = (
        Comment.objects.filter(author=user)
        .select_related("item", "organisation")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": comment.pk,
            "item_id": comment.item_id,
            "item": comment.item.title,
            "in_reply_to": comment.parent_id,
            "question": comment.is_question,
            "body": comment.body,
            "organisation": comment.organisation.name if comment.organisation_id else None,
            "hidden": comment.hidden,
            "created_at": iso(comment.created_at),
        }
        for comment in comments
    ]


def _reports(user: Any) -> list[dict[str, Any]]:
    return [
        {"comment_id": comment_id, "reason": reason, "created_at": iso(created), "resolved": resolved}
        for comment_id, reason, created, resolved in CommentReport.objects.filter(reporter=user)
        .order_by("created_at", "id")
        .values_list("comment_id", "reason", "created_at", "resolved")
    ]


def _votes(user: Any) -> list[dict[str, Any]]:
    return [
        {"item_id": item_id, "item": title, "created_at": iso(created)}
        for item_id, title, created in UsefulVote.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("item_id", "item__title", "created_at")
    ]


def _follows(user: Any) -> list[dict[str, Any]]:
    follows = Follow.objects.filter(user=user).select_related("item", "theme", "partnership")
    result = []
    for follow in follows.order_by("created_at", "id"):
        kind = "item" if follow.item_id else "theme" if follow.theme_id else "partnership"
        result.append({"type": kind, "target": str(follow.target), "created_at": iso(follow.created_at)})
    return result


def _digest(user: Any) -> dict[str, Any] | None:
    digest = DigestSubscription.objects.filter(user=user).first()
    if digest is None:
        return None
    return {
        "frequency": digest.frequency,
        "consented_at": iso(digest.consented_at),
        "last_sent_at": iso(digest.last_sent_at),
    }


def collect(user: Any) -> dict[str, Any]:
    """Every library record that belongs to or names the person."""
    return {
        "submissions": _submissions(user),
        "reinvestments": _reinvestments(user),
        "collections": _collections(user),
        "comments": _comments(user),
        "comment_reports": _reports(user),
        "useful_votes": _votes(user),
        "follows": _follows(user),
        "digest": _digest(user),
    }


# Collections, bookmarks, votes, follows and the digest consent go with the account
# (CASCADE); submitted items, comments and réinvestissements stay, credited to their
# organisations and partnerships (their foreign keys to the account are SET_NULL).
personal_data.register("library", collect)
