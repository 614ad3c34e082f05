"""Creating many published library pages at once (imports and demo data).

Wagtail's ``add_child`` takes a lock, reads the parent and writes a revision for each
page: about 15 ms a page. Here the tree paths are computed in Python and each table
(page, item, concrete type, tag links) is written with one INSERT per batch, so that
15,000 items take seconds. The pages are live, without revisions: the first edit in
the admin creates one. The caller holds the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from core.signals import send_data_changed_on_commit

from .models import LibraryIndexPage, LibraryItem
from .models.items import KIND_MODELS

_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TAG_FIELDS = (
    "systems",
    "protective_factors",
    "themes",
    "age_periods",
    "populations",
    "action_types",
    "regions",
    "organisations",
    "partnerships",
    "source_actions",
)


@dataclass
class NewItem:
    """One item to create: its kind, texts, dates and the ids of its tags."""

    kind: str
    title: str
    summary: str
    body: str = ""
    published_on: date | None = None
    featured: bool = False
    owner_id: int | None = None
    #: Fields of the concrete type (the sections of a learning, a publication's authors…).
    specific: dict = field(default_factory=dict)
    #: Tag field name → list of ids.
    tags: dict[str, list[int]] = field(default_factory=dict)


def _step(number: int, length: int) -> str:
    out = ""
    for _i in range(length):
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    if number:
        raise ValueError("The library has too many children for Wagtail's tree paths.")
    return out


#: Addresses under /bibliotheque/ that belong to the library's own pages, never to an item.
RESERVED_SLUGS = frozenset(
    {"proposer", "mes-contributions", "elements", "fils", "commentaires", "collections", "importer"}
)


class SlugMaker:
    """Unique slugs among the children of one index."""

    def __init__(self, index: Page) -> None:
        children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        self.taken = set(children.values_list("slug", flat=True)) | RESERVED_SLUGS

    def __call__(self, title: str) -> str:
        base = (slugify(title)[:70].strip("-")) or "element"
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def _insert(model: type[models.Model], rows: list[dict]) -> None:
    """INSERT rows of a multi-table child model whose parent rows exist, from plain values.

    One prepared statement for the batch and no model instance: a Wagtail page instance
    costs more to build than its row costs to write. A missing field takes its default;
    an unknown name is an error, as it would be for the model's constructor.
    """
    fields = list(model._meta.local_concrete_fields)
    known = {f.name for f in fields} | {f.attname for f in fields}
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model  # nosec B608

    def value(field: models.Field, row: dict):
        found = row[field.name] if field.name in row else row.get(field.attname, NOT_PROVIDED)
        if found is NOT_PROVIDED:
            found = field.get_default()
        if isinstance(found, models.Model):
            found = found.pk
        return field.get_db_prep_save(found, connection)

    with connection.cursor() as cursor:
        cursor.executemany(sql, [[value(f, row) for f in fields] for row in rows])


def _link(relation_name: str, pairs: list[tuple[int, int]]) -> None:
    """INSERT (item, tag) rows of one many-to-many relation of LibraryItem."""
    if not pairs:
        return
    relation = LibraryItem._meta.get_field(relation_name)
    through = relation.remote_field.through
    quote = connection.ops.quote_name
    source = quote(through._meta.get_field(relation.m2m_field_name()).column)
    target = quote(through._meta.get_field(relation.m2m_reverse_field_name()).column)
    table = quote(through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({source}, {target}) VALUES (%s, %s)",  # noqa: S608 - names from the model  # nosec B608
            pairs,
        )


def create_items(index: LibraryIndexPage, items: Iterable[NewItem], batch: int = 500) -> list[int]:
    """Create published items under ``index``; returns the new page ids in order."""
    index = Page.objects.get(pk=index.pk)
    steplen = Page.steplen
    last = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).order_by("-path").first()
    next_number = int(last.path[-steplen:], 36) + 1 if last else 1
    slugs = SlugMaker(index)
    content_types = {kind: ContentType.objects.get_for_model(model) for kind, model in KIND_MODELS.items()}
    created: list[int] = []
    pending: list[NewItem] = []

    def flush() -> None:
        nonlocal next_number
        if not pending:
            return
        now = timezone.now()
        pages = []
        for item in pending:
            slug = slugs(item.title)
            published = (
                timezone.make_aware(datetime.combine(item.published_on, time(9)))
                if item.published_on
                else now
            )
            pages.append(
                Page(
                    title=item.title[:255],
                    draft_title=item.title[:255],
                    slug=slug,
                    path=index.path + _step(next_number, steplen),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_types[item.kind],
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    owner_id=item.owner_id,
                )
            )
            next_number += 1
        Page.objects.bulk_create(pages, batch_size=200)
        by_kind: dict[str, list[dict]] = {}
        library_rows = []
        for page, item in zip(pages, pending, strict=True):
            library_rows.append(
                {
                    "page_ptr_id": page.pk,
                    "kind": item.kind,
                    "summary": item.summary,
                    "body": item.body,
                    "published_on": item.published_on,
                    "featured": item.featured,
                }
            )
            by_kind.setdefault(item.kind, []).append({"libraryitem_ptr_id": page.pk, **item.specific})
        _insert(LibraryItem, library_rows)
        for kind, rows in by_kind.items():
            _insert(KIND_MODELS[kind], rows)
        for name in TAG_FIELDS:
            _link(
                name,
                [
                    (page.pk, target_id)
                    for page, item in zip(pages, pending, strict=True)
                    for target_id in dict.fromkeys(item.tags.get(name, ()))
                ],
            )
        created.extend(page.pk for page in pages)
        pending.clear()

    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            flush()
    flush()
    # Counted from the paths: treebeard's get_children() trusts the stale numchild.
    children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).count()
    Page.objects.filter(pk=index.pk).update(numchild=children)
    send_data_changed_on_commit(LibraryItem)
    return created
