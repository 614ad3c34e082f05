"""The digest e-mail: what is new in what each person follows, sent only with their consent.

A person receives a digest when they chose « chaque jour » or « chaque semaine » (which
records their consent, Loi 25) and their period has elapsed since the last one. It holds
what happened since then: new published items in the themes and partnerships they follow,
new visible comments on the items they follow (not their own), and new réinvestissements
of those items. Nothing new, no e-mail. People are handled in batches, each batch in a
constant number of queries whatever its size; ``last_sent_at`` is updated for those who
received their digest, so that running the command twice sends nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.people import public_name
from library.models import (
    Comment,
    DigestFrequency,
    DigestSubscription,
    Follow,
    LibraryItem,
    Reinvestment,
)
from library.text import item_path

logger = logging.getLogger(__name__)

PERIODS = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}
#: A digest is due a little before its full period, so that a daily task that starts a
#: few seconds earlier than the day before still sends; a second run right after does not.
SLACK = datetime.timedelta(hours=1)
BATCH_SIZE = 200
#: Each section of an e-mail lists at most this many entries, then says how many more.
SECTION_LIMIT = 20


@dataclass
class NewItem:
    title: str
    url: str
    kind: str
    published_at: datetime.datetime
    themes: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)


@dataclass
class NewComment:
    item_title: str
    url: str
    author: str
    organisation: str
    is_question: bool
    is_reply: bool
    excerpt: str
    created_at: datetime.datetime


@dataclass
class NewReinvestment:
    item_title: str
    url: str
    partnership: str
    created_at: datetime.datetime


@dataclass
class Digest:
    """One person's digest: everything new since ``since``."""

    subscription: DigestSubscription
    since: datetime.datetime
    items: list[NewItem] = field(default_factory=list)
    comments: list[NewComment] = field(default_factory=list)
    reinvestments: list[NewReinvestment] = field(default_factory=list)

    @property
    def user(self):
        return self.subscription.user

    @property
    def size(self) -> int:
        return len(self.items) + len(self.comments) + len(self.reinvestments)


@dataclass
class Summary:
    due: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0


def period_of(frequency: str) -> datetime.timedelta:
    return PERIODS[DigestFrequency(frequency)]


def due_subscriptions(
    now: datetime.datetime, frequency: str | None = None
) -> models.QuerySet[DigestSubscription]:
    """Consenting, active people with an address whose period has elapsed since their last digest."""
    frequencies = [frequency] if frequency else list(PERIODS)
    elapsed = models.Q()
    for value in frequencies:
        elapsed |= models.Q(frequency=value) & (
            models.Q(last_sent_at__isnull=True) | models.Q(last_sent_at__lte=now - period_of(value) + SLACK)
        )
    return (
        DigestSubscription.objects.filter(elapsed, consented_at__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
    )


def _since(subscription: DigestSubscription, now: datetime.datetime) -> datetime.datetime:
    return subscription.last_sent_at or now - period_of(subscription.frequency)


def _person(user) -> str:
    # Never the e-mail address: a digest goes to other people than the comment's author.
    return public_name(user)


def _excerpt(text: str, length: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def build_digests(subscriptions: list[DigestSubscription], now: datetime.datetime) -> list[Digest]:
    """The digests of a batch of people, in a constant number of queries."""
    if not subscriptions:
        return []
    since = {s.user_id: _since(s, now) for s in subscriptions}
    oldest = min(since.values())
    follows: dict[int, dict[str, set[int]]] = defaultdict(
        lambda: {"item": set(), "theme": set(), "partnership": set()}
    )
    for user_id, item_id, theme_id, partnership_id in Follow.objects.filter(user_id__in=since).values_list(
        "user_id", "item_id", "theme_id", "partnership_id"
    ):
        for name, value in (("item", item_id), ("theme", theme_id), ("partnership", partnership_id)):
            if value is not None:
                follows[user_id][name].add(value)
    all_themes = set().union(*(f["theme"] for f in follows.values())) if follows else set()
    all_partnerships = set().union(*(f["partnership"] for f in follows.values())) if follows else set()
    all_items = set().union(*(f["item"] for f in follows.values())) if follows else set()

    language = settings.LANGUAGE_CODE
    new_items = LibraryItem.objects.published().filter(
        first_published_at__gt=oldest, locale__language_code=language
    )
    theme_links = _links("themes", "theme", new_items, all_themes)
    partnership_links = _links("partnerships", "partnership", new_items, all_partnerships)
    item_ids = {item_id for item_id, _t, _l in theme_links} | {
        item_id for item_id, _p, _l in partnership_links
    }
    items = (
        {item.pk: item for item in new_items.filter(pk__in=item_ids).select_related("locale")}
        if item_ids
        else {}
    )

    comments = (
        list(
            Comment.objects.filter(
                item_id__in=all_items, item__live=True, hidden=False, created_at__gt=oldest
            )
            .select_related("item__locale", "author", "organisation")
            .order_by("created_at", "id")
        )
        if all_items
        else []
    )
    reinvestments = (
        list(
            Reinvestment.objects.filter(
                source_item_id__in=all_items, source_item__live=True, created_at__gt=oldest
            )
            .select_related("source_item__locale", "partnership")
            .order_by("created_at", "id")
        )
        if all_items
        else []
    )

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    digests = []
    for subscription in subscriptions:
        user_id = subscription.user_id
        after = since[user_id]
        followed = follows.get(user_id, {"item": set(), "theme": set(), "partnership": set()})
        digest = Digest(subscription=subscription, since=after)
        found: dict[int, NewItem] = {}
        for links, key, attr in (
            (theme_links, "theme", "themes"),
            (partnership_links, "partnership", "partnerships"),
        ):
            for item_id, target_id, label in links:
                item = items.get(item_id)
                if item is None or target_id not in followed[key] or item.first_published_at <= after:
                    continue
                entry = found.get(item_id)
                if entry is None:
                    entry = found[item_id] = NewItem(
                        title=item.title,
                        url=base + item_path(item),
                        kind=item.get_kind_display(),
                        published_at=item.first_published_at,
                    )
                if label not in getattr(entry, attr):
                    getattr(entry, attr).append(label)
        digest.items = sorted(found.values(), key=lambda entry: entry.published_at, reverse=True)
        for comment in comments:
            if (
                comment.item_id in followed["item"]
                and comment.created_at > after
                and comment.author_id != user_id
            ):
                digest.comments.append(
                    NewComment(
                        item_title=comment.item.title,
                        url=f"{base}{item_path(comment.item)}#commentaire-{comment.pk}",
                        author=_person(comment.author),
                        organisation=comment.organisation.name if comment.organisation else "",
                        is_question=comment.is_question,
                        is_reply=comment.parent_id is not None,
                        excerpt=_excerpt(comment.body),
                        created_at=comment.created_at,
                    )
                )
        for reinvestment in reinvestments:
            if reinvestment.source_item_id in followed["item"] and reinvestment.created_at > after:
                digest.reinvestments.append(
                    NewReinvestment(
                        item_title=reinvestment.source_item.title,
                        url=base + item_path(reinvestment.source_item),
                        partnership=reinvestment.partnership.name,
                        created_at=reinvestment.created_at,
                    )
                )
        digests.append(digest)
    return digests


def _links(
    relation: str, target: str, items: models.QuerySet, target_ids: set[int]
) -> list[tuple[int, int, str]]:
    """(item id, theme or partnership id, its label) for the new items tagged with followed targets."""
    if not target_ids:
        return []
    through = LibraryItem._meta.get_field(relation).remote_field.through
    rows = through.objects.filter(**{f"{target}_id__in": target_ids, "libraryitem__in": items.values("pk")})
    if target == "partnership":
        rows = rows.filter(partnership__is_active=True)
        return list(rows.values_list("libraryitem_id", "partnership_id", "partnership__name"))
    # A theme's label in the digest's language (English when the digest is written in English).
    english = (translation.get_language() or "fr").startswith("en")
    return [
        (item_id, theme_id, (label_en or label_fr) if english else label_fr)
        for item_id, theme_id, label_fr, label_en in rows.values_list(
            "libraryitem_id", "theme_id", "theme__label_fr", "theme__label_en"
        )
    ]


def _section(entries: list) -> dict:
    return {"shown": entries[:SECTION_LIMIT], "more": max(0, len(entries) - SECTION_LIMIT)}


def render_digest(digest: Digest) -> EmailMultiAlternatives:
    """The e-mail of a digest: plain text and HTML, in French (the catalogue holds English)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "name": digest.user.get_full_name(),
        "since": digest.since,
        "frequency": digest.subscription.frequency,
        "items": _section(digest.items),
        "comments": _section(digest.comments),
        "reinvestments": _section(digest.reinvestments),
        "follows_url": base + reverse("library:follows"),
        "site_url": base + "/",
    }
    subject = " ".join(render_to_string("library/emails/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("library/emails/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
        headers={"List-Unsubscribe": f"<{context['follows_url']}>"},
    )
    message.attach_alternative(render_to_string("library/emails/digest.html", context), "text/html")
    return message


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> object: ...


def send_digests(
    *,
    frequency: str | None = None,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
    progress: Callable[[int], Progress] | None = None,
    report: Callable[[Digest], None] | None = None,
) -> Summary:
    """Send every due digest; ``dry_run`` builds them but sends nothing and changes nothing.

    ``progress(total)`` makes a progress bar, moved once per person; ``report(digest)``
    hears about each digest that has something new (sent, or that would be).
    """
    now = now or timezone.now()
    ids = list(due_subscriptions(now, frequency).values_list("pk", flat=True))
    summary = Summary(due=len(ids))
    bar = progress(len(ids)) if progress else None
    try:
        # One connection to the mail server for the whole run (none for a dry run).
        with (
            translation.override(settings.LANGUAGE_CODE),
            nullcontext() if dry_run else get_connection() as connection,
        ):
            for batch in _batches(ids):
                subscriptions = list(
                    DigestSubscription.objects.filter(pk__in=batch).select_related("user").order_by("pk")
                )
                sent: list[int] = []
                for digest in build_digests(subscriptions, now):
                    if bar is not None:
                        bar.update(1)
                    if not digest.size:
                        summary.empty += 1
                        continue
                    if report:
                        report(digest)
                    if dry_run:
                        summary.sent += 1
                        continue
                    try:
                        connection.send_messages([render_digest(digest)])
                    except Exception:  # one bad address must not stop the others; logged with its cause
                        logger.exception("Digest to user %s failed", digest.user.pk)
                        summary.failed += 1
                        continue
                    sent.append(digest.subscription.pk)
                    summary.sent += 1
                if sent:
                    DigestSubscription.objects.filter(pk__in=sent).update(last_sent_at=now)
    finally:
        if bar is not None:
            bar.close()
    return summary
