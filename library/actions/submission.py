"""Proposing library items from the public site, and telling their authors how review goes.

A person who works for an organisation (an ``Affiliation``) or coordinates a partnership
proposes an item: it becomes a draft page under the library index of its language and
enters the workflow assigned to that index (« Publication dans la bibliothèque »). The
knowledge editors review it in Wagtail's admin: they approve it (which publishes it) or
ask for changes with a comment. The author answers a request for changes from the site
(``resubmit_item``), which saves a new revision and resumes the workflow. Every step
keeps a Wagtail revision.

E-mails: the knowledge editors hear of each submission through Wagtail's own
notification of the review task (« Révision par les éditeurs des savoirs »); the author
hears from this module at each step (received, changes requested, published), in the
language of the item. ``library/signals.py`` connects Wagtail's workflow signals to the
``on_*`` functions below and replaces Wagtail's notifications to the requester for
library pages, so that nobody receives the same news twice.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page, TaskState, WorkflowState

from accounts.models import User
from core.http import Forbidden
from library.bulk import RESERVED_SLUGS
from library.models import LibraryIndexPage, LibraryItem
from library.models.items import (
    KIND_MODELS,
    DossierPart,
    ItemKind,
    LearningPage,
    ToolDocument,
)
from library.text import item_path, sanitise_html
from library.uploads import check_upload
from partners.models import Affiliation, Organisation, Partnership
from plans.models import Action

#: Wagtail documents uploaded with a submission live here; until an item that uses them
#: is published, only their uploader and the knowledge editors may download them
#: (see ``document_is_servable`` and library/wagtail_hooks.py).
SUBMISSIONS_COLLECTION = "Propositions de la bibliothèque"
#: The refusal of a submission, the same on the site and in the API.
SUBMITTERS_ONLY = gettext_lazy(
    "Seules les personnes rattachées à un partenaire, ou qui coordonnent un regroupement, "
    "peuvent proposer un contenu à la bibliothèque."
)

TAG_FIELDS = (
    "systems",
    "protective_factors",
    "themes",
    "age_periods",
    "populations",
    "action_types",
    "regions",
)
CREDIT_FIELDS = ("organisations", "partnerships", "source_actions")
#: Kinds whose files are uploaded with the submission.
KINDS_WITH_FILES = (ItemKind.TOOL, ItemKind.PUBLICATION)
MAX_FILES = 10


# Who may propose what ---------------------------------------------------------------------


def can_submit(user: Any) -> bool:
    """People who work for an organisation, and coordinators (who credit their partnership)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        Affiliation.objects.filter(user=user).exists()
        or Partnership.objects.filter(coordinators=user).exists()
    )


def creditable_organisations(user: Any) -> models.QuerySet[Organisation]:
    """The organisations a person may credit: the ones they work for."""
    return Organisation.objects.filter(affiliations__user=user).distinct().order_by("name")


def creditable_partnerships(user: Any) -> models.QuerySet[Partnership]:
    """The partnerships a person may credit: the ones they coordinate or their organisations belong to."""
    return (
        Partnership.objects.filter(
            models.Q(coordinators=user) | models.Q(memberships__organisation__affiliations__user=user)
        )
        .distinct()
        .order_by("name")
    )


def creditable_actions(user: Any) -> models.QuerySet[Action]:
    """The plan actions an item may come from: those of the person's partnerships and organisations.

    The same people as ``ActionQuerySet.updatable_by``, except that administrators get no
    blanket access: an item comes from one's own work. Among the plans one sees: contributing
    to a members-only plan's action from outside its partnership does not reveal it.
    """
    coordinated = Partnership.objects.filter(coordinators=user).values("pk")
    employers = Affiliation.objects.filter(user=user).values("organisation_id")
    contributed = Action.contributors.through.objects.filter(organisation_id__in=employers)
    return (
        Action.objects.visible_to(user)
        .filter(
            models.Q(plan__partnership_id__in=coordinated)
            | models.Q(lead_id__in=employers)
            | models.Q(pk__in=contributed.values("action_id"))
        )
        .select_related("plan")
        .order_by("plan__title", "title")
    )


def _refuse_if_cannot_submit(user: Any) -> None:
    if not can_submit(user):
        raise Forbidden(SUBMITTERS_ONLY)


# Turning what people type into rich text ----------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK = re.compile(r"<(?:p|h[1-6]|ul|ol|li|blockquote)[\s>]", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SIMPLE_MARKUP = re.compile(r"</?p>|<br\s*/?>", re.IGNORECASE)


def _paragraphs(value: str) -> str:
    parts = [p.strip() for p in _PARAGRAPH_BREAK.split(value) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in parts)


def to_rich_text(value: str) -> str:
    """Plain paragraphs (a blank line between them) or simple HTML, as safe rich text."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        return _paragraphs(html.escape(value))
    cleaned = sanitise_html(value).strip()
    # HTML without paragraphs (a few <strong> or links in typed text) keeps its line breaks.
    return cleaned if _BLOCK.search(cleaned) else _paragraphs(cleaned)


def to_editable_text(value: str) -> str:
    """Rich text as its author typed it: plain paragraphs when it holds nothing else, HTML otherwise."""
    value = value or ""
    if _TAG.search(_SIMPLE_MARKUP.sub("", value)):
        return value
    text = re.sub(r"<br\s*/?>", "\n", value, flags=re.IGNORECASE)
    paragraphs = [
        html.unescape(p.replace("<p>", "").replace("<P>", "")).strip()
        for p in re.split(r"</p>", text, flags=re.IGNORECASE)
    ]
    return "\n\n".join(p for p in paragraphs if p)


# Checks shared by the site's form, the API and the actions ---------------------------------


def check_credits(user: Any, data: Mapping[str, Any]) -> None:
    """Credits must be the person's own organisations, partnerships and actions, and there must be one."""
    errors: dict[str, str] = {}
    organisations = list(data.get("organisations") or [])
    partnerships = list(data.get("partnerships") or [])
    actions = list(data.get("source_actions") or [])
    allowed = {
        "organisations": set(creditable_organisations(user).values_list("pk", flat=True)),
        "partnerships": set(creditable_partnerships(user).values_list("pk", flat=True)),
    }
    if any(o.pk not in allowed["organisations"] for o in organisations):
        errors["organisations"] = _(
            "Vous ne pouvez créditer que les partenaires pour lesquels vous travaillez."
        )
    if any(p.pk not in allowed["partnerships"] for p in partnerships):
        errors["partnerships"] = _(
            "Vous ne pouvez créditer que les regroupements que vous coordonnez ou dont votre "
            "organisation est membre."
        )
    if actions:
        allowed_actions = set(
            creditable_actions(user).filter(pk__in=[a.pk for a in actions]).values_list("pk", flat=True)
        )
        if any(a.pk not in allowed_actions for a in actions):
            errors["source_actions"] = _(
                "Vous ne pouvez lier que les actions des plans de vos regroupements ou de vos partenaires."
            )
    if not organisations and not partnerships and "organisations" not in errors:
        errors["organisations"] = _("Créditez au moins un partenaire ou un regroupement.")
    if errors:
        raise ValidationError(errors)


def check_files(kind: str, files: Sequence[UploadedFile], field: str = "files") -> None:
    """Files only where the kind takes them, few enough, each one a PDF, DOCX, XLSX, PNG or JPEG."""
    if not files:
        return
    if kind not in KINDS_WITH_FILES:
        raise ValidationError({field: _("Seuls les outils et les publications reçoivent des fichiers.")})
    if kind == ItemKind.PUBLICATION and len(files) > 1:
        raise ValidationError({field: _("Une publication reçoit un seul document.")})
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("Joignez au plus %(max)s fichiers.") % {"max": MAX_FILES}})
    messages = []
    for upload in files:
        try:
            # An uploaded file reads and seeks as the binary file check_upload takes.
            check_upload(upload.name or "", cast(BinaryIO, upload))
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise ValidationError({field: messages})


# Writing -----------------------------------------------------------------------------------


def submissions_collection() -> Collection:
    """The collection of submitted files (created the first time someone uploads one)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    return existing or root.add_child(name=SUBMISSIONS_COLLECTION)


def _file_title(name: str) -> str:
    base = os.path.splitext(os.path.basename(name or ""))[0]
    return " ".join(base.replace("_", " ").replace("-", " ").split())[:255] or _("Fichier")


def _store_documents(actor: User, files: Iterable[UploadedFile]) -> list:
    document_model = get_document_model()
    collection = None
    documents = []
    for upload in files:
        collection = collection or submissions_collection()
        document = document_model(
            title=_file_title(upload.name or ""),
            file=upload,
            collection=collection,
            uploaded_by_user=actor,
        )
        document._set_document_file_metadata()
        document.save()
        documents.append(document)
    return documents


def _free_slug(index: Page, title: str, page: Page | None = None) -> str:
    base = slugify(title)[:70].strip("-") or "element"
    siblings = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    slug, n = base, 2
    while slug in RESERVED_SLUGS or siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(
    page: LibraryItem, data: Mapping[str, Any], documents: list, remove_documents: Iterable[int] = ()
) -> None:
    """Copy the submitted values onto the page (in memory; relations are Wagtail cluster relations)."""
    page.title = data["title"]
    page.summary = data["summary"]
    page.body = data.get("body") or ""
    for name in TAG_FIELDS + CREDIT_FIELDS:
        setattr(page, name, list(data.get(name) or []))
    if isinstance(page, LearningPage):
        for name in LearningPage.SECTIONS:
            setattr(page, name, data.get(name) or "")
    kind = page.item_kind
    if kind == ItemKind.TOOL:
        removed = {int(pk) for pk in remove_documents}
        kept = [d for d in page.documents.all() if d.document_id not in removed]
        added = [ToolDocument(document=d) for d in documents]
        rows = kept + added
        for position, row in enumerate(rows):
            row.sort_order = position
        page.documents = rows
    elif kind == ItemKind.PUBLICATION:
        page.publication_kind = data.get("publication_kind") or page.publication_kind
        page.authors = data.get("authors") or ""
        if documents:
            page.document = documents[0]
    elif kind == ItemKind.DOSSIER:
        page.parts = [
            DossierPart(item=item, sort_order=position)
            for position, item in enumerate(data.get("parts") or [])
        ]


def library_index(language: str) -> LibraryIndexPage:
    index = LibraryIndexPage.objects.filter(locale__language_code=language).select_related("locale").first()
    if index is None:
        raise ValidationError({"language": _("La bibliothèque n'existe pas dans cette langue.")})
    return index


def submit_item(actor: User, data: Mapping[str, Any], files: Sequence[UploadedFile] = ()) -> LibraryItem:
    """Create a draft item from what a person proposed and put it in the review workflow."""
    _refuse_if_cannot_submit(actor)
    kind = data["kind"]
    if kind not in KIND_MODELS:
        raise ValidationError({"kind": _("Ce type de contenu n'existe pas.")})
    check_credits(actor, data)
    check_files(kind, files)
    index = library_index(data["language"])
    with transaction.atomic():
        documents = _store_documents(actor, files)
        page = KIND_MODELS[kind](
            slug=_free_slug(index, data["title"]),
            live=False,
            owner=actor,
            locale_id=index.locale_id,
        )
        _apply(page, data, documents)
        index.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=actor)
        page.save_revision(user=actor, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, actor)
    return page


def current_review(page: Page) -> WorkflowState | None:
    """The review in progress or waiting for changes, if any."""
    return WorkflowState.objects.active().for_instance(page).select_related("current_task_state").first()


def can_resubmit(user: Any, page: LibraryItem, review: WorkflowState | None) -> bool:
    """The author answers a request for changes; nobody else does it from the site."""
    return (
        review is not None
        and review.status == WorkflowState.STATUS_NEEDS_CHANGES
        and user.is_authenticated
        and user.pk in (page.owner_id, review.requested_by_id)
        and can_submit(user)
    )


def editable_version(page: LibraryItem) -> LibraryItem:
    """The item as it stands in its latest revision (what the author last sent)."""
    return page.specific.get_latest_revision_as_object()


def resubmit_item(
    actor: User,
    page: LibraryItem,
    data: Mapping[str, Any],
    files: Sequence[UploadedFile] = (),
) -> LibraryItem:
    """Save the author's changes as a new revision and send the item back to review."""
    page = page.specific
    review = current_review(page)
    if review is None or not can_resubmit(actor, page, review):
        raise Forbidden(
            _(
                "Seule la personne qui a proposé ce contenu peut le modifier, et seulement quand des "
                "modifications sont demandées."
            )
        )
    check_credits(actor, data)
    check_files(page.item_kind, files)
    with transaction.atomic():
        documents = _store_documents(actor, files)
        draft = editable_version(page)
        _apply(draft, data, documents, remove_documents=data.get("remove_documents") or ())
        draft.save_revision(user=actor, log_action=True)
        review.resume(user=actor)
    return draft


# Where each submission stands ---------------------------------------------------------------


class Status(models.TextChoices):
    IN_REVIEW = "en_revision", gettext_lazy("En révision")
    CHANGES_REQUESTED = "modifications_demandees", gettext_lazy("Modifications demandées")
    PUBLISHED = "publiee", gettext_lazy("Publiée")
    WITHDRAWN = "retiree", gettext_lazy("Retirée de la bibliothèque")
    DRAFT = "brouillon", gettext_lazy("Brouillon (révision interrompue)")


@dataclass
class Submission:
    """One of a person's items and where it stands in review."""

    page: LibraryItem
    status: Status
    comment: str
    review: WorkflowState | None

    @property
    def public_url(self) -> str:
        return item_path(self.page) if self.status == Status.PUBLISHED else ""


def _status(page: LibraryItem, review: WorkflowState | None) -> tuple[Status, str]:
    if review is not None and review.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = review.current_task_state.comment if review.current_task_state else ""
        return Status.CHANGES_REQUESTED, comment
    if review is not None and review.status == WorkflowState.STATUS_IN_PROGRESS:
        return Status.IN_REVIEW, ""
    if page.live:
        return Status.PUBLISHED, ""
    if page.first_published_at:
        return Status.WITHDRAWN, ""
    return Status.DRAFT, ""


def submission_of(page: LibraryItem) -> Submission:
    """One item and where it stands in review."""
    review = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )
    status, comment = _status(page, review)
    return Submission(page=page, status=status, comment=comment, review=review)


def submissions_of(user: Any, *, offset: int = 0, limit: int | None = None) -> tuple[int, list[Submission]]:
    """A person's items, newest first, with their review status (three queries whatever their number)."""
    pages = LibraryItem.objects.filter(owner=user).select_related("locale").order_by("-pk")
    total = pages.count()
    if offset >= total:  # past the end: nothing to fetch, and a huge offset never reaches the database
        return total, []
    window = list(pages[offset : offset + limit] if limit is not None else pages[offset:])
    if not window:
        return total, []
    reviews = (
        WorkflowState.objects.filter(
            base_content_type=window[0].get_base_content_type(),
            object_id__in=[str(page.pk) for page in window],
        )
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    )
    latest: dict[str, WorkflowState] = {}
    for review in reviews:
        latest[review.object_id] = review  # the most recent review of each page wins
    items = []
    for page in window:
        review = latest.get(str(page.pk))
        status, comment = _status(page, review)
        items.append(Submission(page=page, status=status, comment=comment, review=review))
    return total, items


# Files of submissions ------------------------------------------------------------------------


def document_is_servable(document: Any, user: Any) -> bool:
    """Files of the submissions collection are public once an item using them is published."""
    collection = document.collection
    if collection is None or collection.name != SUBMISSIONS_COLLECTION:
        return True
    if (
        user.is_authenticated
        and user.is_active
        and (user.pk == document.uploaded_by_user_id or _reviews(user))
    ):
        return True
    from library.models.items import PublicationPage

    return (
        ToolDocument.objects.filter(document=document, page__live=True).exists()
        or PublicationPage.objects.filter(document=document, live=True).exists()
    )


def _reviews(user: Any) -> bool:
    from accounts.roles import is_knowledge_editor

    return is_knowledge_editor(user)


# E-mails to the author -----------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template: str, page: LibraryItem, recipient: User | None, context: dict[str, Any]) -> None:
    """Render and send one e-mail once the transaction commits, in the item's language."""
    if recipient is None or not recipient.is_active or not recipient.email:
        return
    language = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "page": page,
            "title": page.title,
            "recipient": recipient,
            "name": recipient.get_full_name() or recipient.email,
            "contributions_url": _absolute(reverse("library:my_contributions")),
            "site_name": settings.WAGTAIL_SITE_NAME,
            **context,
        }
        subject = " ".join(render_to_string(f"library/emails/{template}_subject.txt", context).split())
        body = render_to_string(f"library/emails/{template}.txt", context).strip() + "\n"
    address = recipient.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def _library_page(obj: Any) -> LibraryItem | None:
    if isinstance(obj, LibraryItem):
        return obj
    if isinstance(obj, Page) and issubclass(obj.specific_class or Page, LibraryItem):
        return obj.specific
    return None


def is_library_review(review: WorkflowState) -> bool:
    """Whether a workflow state reviews a library item (whose author this module informs)."""
    model = review.content_type.model_class() if review.content_type_id else None
    return model is not None and issubclass(model, LibraryItem)


def on_task_submitted(task_state: TaskState, user: Any) -> None:
    """The author sent the item to review (first time or after changes): confirm its receipt."""
    review = task_state.workflow_state
    page = _library_page(review.content_object)
    if page is None or user is None or user.pk != review.requested_by_id:
        # A review task started by an editor's decision (the next step of a longer workflow).
        return
    resubmitted = TaskState.objects.filter(workflow_state=review).count() > 1
    _send("submission_received", page, review.requested_by, {"resubmitted": resubmitted})


def on_review_rejected(review: WorkflowState, user: Any) -> None:
    """An editor asked for changes: tell the author, with the editor's comment."""
    page = _library_page(review.content_object)
    if page is None or review.requested_by_id is None:
        return
    if user is not None and user.pk == review.requested_by_id:
        return
    task_state = review.current_task_state.specific if review.current_task_state else None
    with translation.override(page.locale.language_code):
        edit_url = _absolute(reverse("library:edit_submission", args=[page.pk]))
    _send(
        "submission_changes_requested",
        page,
        review.requested_by,
        {"comment": task_state.comment if task_state else "", "edit_url": edit_url},
    )


def on_page_published(page: Any) -> None:
    """An item proposed through review went live for the first time: send its author the link."""
    page = _library_page(page)
    if page is None or page.first_published_at is None or page.first_published_at != page.last_published_at:
        return
    review = (
        WorkflowState.objects.for_instance(page)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    if review is None:
        return
    _send("submission_published", page, review.requested_by, {"public_url": _absolute(item_path(page))})
