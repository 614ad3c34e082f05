"""Pages of the library: appropriation — collections and bookmarks, comments and their
moderation, « utile » votes, follows and the digest preference.

Every write goes through library.actions.appropriation. The forms post without JavaScript
and come back to the page they were sent from with a message; with htmx, the vote and
follow buttons are swapped in place. Visitors who are not signed in are sent to the login
page; a signed-in person who may not do something gets a French 403; something they may
not see (another person's private collection) is a 404, so that it does not leak.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.people import public_name
from core.exports import Sheet, export_response, requested_format
from core.forms import error_summary
from core.http import Forbidden, InvalidRequest, NotFound
from core.ids import parse_id
from core.listing import PageListing, page_of
from library.actions import appropriation as actions
from library.forms_appropriation import (
    BookmarkForm,
    CollectionForm,
    CommentForm,
    DigestForm,
    NoteForm,
    ReportForm,
)
from library.item_page import POSTED_COMMENT
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
from library.text import item_path
from partners.models import Partnership
from taxonomy.models import Theme

MODERATION_PAGE_SIZE = 30


# Helpers ------------------------------------------------------------------------------


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_active)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to come back to: the ``next`` field when it is a path of this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take a bare word or number for a URL name to reverse.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _published_item(pk: int) -> LibraryItem:
    item = LibraryItem.objects.published().select_related("locale").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("Aucun élément publié de la bibliothèque ne porte le numéro %(id)s.") % {"id": pk})
    return item


def _comment(pk: int) -> Comment:
    comment = Comment.objects.select_related("item__locale").filter(pk=pk, item__live=True).first()
    if comment is None:
        raise NotFound(_("Aucun commentaire ne porte le numéro %(id)s.") % {"id": pk})
    return comment


def _comment_url(comment: Comment) -> str:
    return f"{item_path(comment.item)}#commentaire-{comment.pk}"


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


def _author_name(user) -> str:
    # Never the e-mail address: comments are public.
    return public_name(user)


def _vote_fragment(request: HttpRequest, item: LibraryItem) -> HttpResponse:
    counts = UsefulVote.objects.filter(item_id=item.pk).aggregate(
        count=Count("id"), mine=Count("id", filter=Q(user_id=request.user.pk))
    )
    return render(
        request,
        "library/_item_appropriation_vote.html",
        {
            "item_pk": item.pk,
            "item_path": item_path(item),
            "useful_count": counts["count"],
            "useful_mine": bool(counts["mine"]),
        },
    )


@require_POST
def useful_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """« Utile »: ``useful=1`` adds the person's vote, ``useful=0`` takes it back."""
    item = _published_item(pk)
    if not _signed_in(request):
        return redirect_to_login(item_path(item))
    useful = request.POST.get("useful") != "0"
    changed = actions.set_useful_vote(request.user, item, useful)
    if _is_htmx(request):
        return _vote_fragment(request, item)
    if changed:
        messages.success(
            request,
            _("Merci : votre vote « utile » est enregistré.")
            if useful
            else _("Votre vote « utile » est retiré."),
        )
    return redirect(_next_url(request, item_path(item)))


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a comment, a question or a reply; refused, the item page comes back with the text."""
    item = _published_item(pk)
    if not _signed_in(request):
        return redirect_to_login(item_path(item))
    reply_to = request.POST.get("parent") or None
    parent = None
    if reply_to is not None:
        parent_id = parse_id(reply_to)
        parent = Comment.objects.filter(pk=parent_id, item_id=item.pk).first() if parent_id else None
        if parent is None:
            raise InvalidRequest(_("Le commentaire auquel vous répondez n'existe pas sur cet élément."))
    form = CommentForm(request.POST, reply_to=parent.pk if parent else None)
    if form.is_valid():
        try:
            comment = actions.post_comment(
                request.user,
                item,
                form.cleaned_data["body"],
                is_question=form.cleaned_data.get("is_question", False),
                parent=parent,
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if comment.parent_id:
                messages.success(request, _("Votre réponse est publiée."))
            elif comment.is_question:
                messages.success(request, _("Votre question est publiée : les auteurs pourront y répondre."))
            else:
                messages.success(request, _("Votre commentaire est publié."))
            return redirect(_comment_url(comment))
    # Shown again on the item page with the typed text and the error beside the field.
    setattr(request, POSTED_COMMENT, form)
    return item.specific.serve(request)


@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    if not _signed_in(request):
        return redirect_to_login(_comment_url(comment))
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(_comment_url(comment))
    try:
        actions.report_comment(request.user, comment, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("Merci : l'équipe examinera ce commentaire."))
    return redirect(_comment_url(comment))


def _moderation_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    comment = _comment(pk)
    if not _signed_in(request):
        return redirect_to_login(_comment_url(comment))
    action(request.user, comment)
    messages.success(request, done)
    return redirect(_next_url(request, _comment_url(comment)))


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderation_action(request, pk, actions.hide_comment, _("Le commentaire est masqué."))


@require_POST
def comment_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderation_action(
        request, pk, actions.unhide_comment, _("Le commentaire est de nouveau visible.")
    )


@require_POST
def comment_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderation_action(
        request,
        pk,
        actions.dismiss_reports,
        _("Le commentaire reste visible; ses signalements sont traités."),
    )


@login_required
def comment_moderation(request: HttpRequest) -> HttpResponse:
    """Reported comments waiting for an editor, then the comments hidden lately."""
    if not actions.can_moderate(request.user):
        raise Forbidden(actions.MODERATORS_ONLY)
    open_reports = Q(reports__resolved=False)
    people = ("item__locale", "author", "organisation", "hidden_by")
    reported = (
        Comment.objects.filter(item__live=True)
        .annotate(open_reports=Count("reports", filter=open_reports))
        .filter(open_reports__gt=0)
        .select_related(*people)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved=False)
                .select_related("reporter")
                .order_by("created_at"),
                to_attr="open_report_list",
            )
        )
        .order_by("-open_reports", "created_at", "id")
    )
    paginator = Paginator(reported, MODERATION_PAGE_SIZE)
    page = page_of(paginator, request.GET.get("page") or 1)
    hidden = list(
        Comment.objects.filter(hidden=True, item__live=True)
        .select_related(*people)
        .order_by("-hidden_at", "-id")[:MODERATION_PAGE_SIZE]
    )
    for comment in (*page.object_list, *hidden):
        comment.author_name = _author_name(comment.author)
        comment.url = _comment_url(comment)
        for report in getattr(comment, "open_report_list", ()):
            report.reporter_name = _author_name(report.reporter)
    return render(
        request,
        "library/comments_moderation.html",
        {"page": page, "paginator": paginator, "listing": PageListing(page), "hidden_comments": hidden},
    )


# Collections and bookmarks ------------------------------------------------------------


def _visible_collection(request: HttpRequest, pk: int) -> Collection:
    collection = (
        actions.collections_visible_to(request.user)
        .select_related("owner", "partnership")
        .filter(pk=pk)
        .first()
    )
    if collection is None:
        raise NotFound(
            _("Aucune collection que vous pouvez consulter ne porte le numéro %(id)s.") % {"id": pk}
        )
    return collection


def _own_collection(request: HttpRequest, pk: int) -> Collection:
    collection = _visible_collection(request, pk)
    if not actions.can_edit_collection(request.user, collection):
        raise Forbidden(actions.OWNER_ONLY)
    return collection


def _own_bookmark(request: HttpRequest, pk: int) -> Bookmark:
    bookmark = (
        Bookmark.objects.select_related("collection", "item__locale")
        .filter(pk=pk, collection__in=actions.collections_visible_to(request.user))
        .first()
    )
    if bookmark is None:
        raise NotFound(_("Aucun signet que vous pouvez consulter ne porte le numéro %(id)s.") % {"id": pk})
    if not actions.can_edit_collection(request.user, bookmark.collection):
        raise Forbidden(actions.OWNER_ONLY)
    return bookmark


@require_POST
def bookmark_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Save an item in one of my collections, or in a new one created on the fly."""
    item = _published_item(pk)
    if not _signed_in(request):
        return redirect_to_login(item_path(item))
    back = _next_url(request, item_path(item))
    form = BookmarkForm(
        request.POST,
        collections=Collection.objects.filter(owner=request.user),
        partnerships=actions.partnerships_of(request.user),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    collection = form.cleaned_data["collection"]
    name = form.cleaned_data["new_name"]
    try:
        if name:
            # A name already used means that collection: no error for typing it again.
            collection = actions.find_collection(request.user, name)
            if collection is None:
                collection = actions.create_collection(request.user, name, form.cleaned_data["partnership"])
        _bookmark, created = actions.add_bookmark(request.user, collection, item)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect(back)
    if created:
        messages.success(
            request, _("Enregistré dans la collection « %(name)s ».") % {"name": collection.name}
        )
    else:
        messages.info(
            request, _("Cet élément est déjà dans la collection « %(name)s ».") % {"name": collection.name}
        )
    return redirect(back)


@require_POST
def bookmark_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not _signed_in(request):
        return redirect_to_login(reverse("library:collections"))
    bookmark = _own_bookmark(request, pk)
    collection = bookmark.collection
    actions.remove_bookmark(request.user, bookmark)
    messages.success(request, _("Retiré de la collection « %(name)s ».") % {"name": collection.name})
    return redirect(_next_url(request, reverse("library:collection", args=[collection.pk])))


@require_POST
def bookmark_note(request: HttpRequest, pk: int) -> HttpResponse:
    if not _signed_in(request):
        return redirect_to_login(reverse("library:collections"))
    bookmark = _own_bookmark(request, pk)
    back = reverse("library:collection", args=[bookmark.collection_id]) + f"#signet-{bookmark.pk}"
    form = NoteForm(request.POST)
    if not form.is_valid():
        for error in form.errors["note"]:
            messages.error(request, error)
        return redirect(back)
    actions.update_bookmark_note(request.user, bookmark, form.cleaned_data["note"])
    messages.success(request, _("Votre note est enregistrée."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def collection_list(request: HttpRequest) -> HttpResponse:
    """My collections, those shared with my partnerships, and a form to create one."""
    user = request.user
    partnerships = actions.partnerships_of(user).order_by("name")
    if request.method == "POST":
        form = CollectionForm(request.POST, partnerships=partnerships)
        if form.is_valid():
            try:
                collection = actions.create_collection(
                    user, form.cleaned_data["name"], form.cleaned_data["partnership"]
                )
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(
                    request, _("La collection « %(name)s » est créée.") % {"name": collection.name}
                )
                return redirect("library:collection", pk=collection.pk)
    else:
        form = CollectionForm(partnerships=partnerships)
    live = Q(bookmarks__item__live=True)
    mine = list(
        Collection.objects.filter(owner=user)
        .select_related("partnership")
        .annotate(bookmark_count=Count("bookmarks", filter=live))
        .order_by("name", "id")
    )
    shared = list(
        actions.collections_visible_to(user)
        .exclude(owner=user)
        .select_related("owner", "partnership")
        .annotate(bookmark_count=Count("bookmarks", filter=live))
        .order_by("partnership__name", "name", "id")
    )
    for collection in shared:
        collection.owner_name = _author_name(collection.owner)
    return render(
        request,
        "library/collections.html",
        {
            "collections": mine,
            "shared_collections": shared,
            "form": form,
            "form_errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A collection's bookmarks; the owner edits notes and removes items, others only read."""
    collection = _visible_collection(request, pk)
    export_format = requested_format(request)
    owner = actions.can_edit_collection(request.user, collection)
    bookmarks = list(
        collection.bookmarks.filter(item__live=True)
        .select_related("item__locale")
        .order_by("-created_at", "-id")
    )
    for bookmark in bookmarks:
        bookmark.url = item_path(bookmark.item)
        if owner:
            bookmark.note_form = NoteForm(initial={"note": bookmark.note}, auto_id=f"note-{bookmark.pk}-%s")
    if export_format:
        return _collection_export(request, export_format, collection, bookmarks, owner)
    return render(
        request,
        "library/collection.html",
        {
            "collection": collection,
            "bookmarks": bookmarks,
            "is_owner": owner,
            "owner_name": _author_name(collection.owner),
        },
    )


def _collection_export(
    request: HttpRequest, export_format: str, collection: Collection, bookmarks: list[Bookmark], owner: bool
) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    headers = [_("Titre"), _("Type"), _("Résumé"), _("Ajouté le"), _("Adresse")]
    if owner:
        headers.append(_("Note personnelle"))
    rows = []
    for bookmark in bookmarks:
        row = [
            bookmark.item.title,
            bookmark.item.get_kind_display(),
            bookmark.item.summary,
            bookmark.created_at.date(),
            base + bookmark.url,
        ]
        if owner:
            row.append(bookmark.note)
        rows.append(row)
    return export_response(export_format, collection.name, [Sheet(collection.name, headers, rows)])


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _own_collection(request, pk)
    saved_name = collection.name
    partnerships = actions.partnerships_of(request.user).order_by("name")
    if request.method == "POST":
        form = CollectionForm(request.POST, partnerships=partnerships)
        if form.is_valid():
            try:
                actions.update_collection(
                    request.user, collection, form.cleaned_data["name"], form.cleaned_data["partnership"]
                )
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(request, _("La collection est enregistrée."))
                return redirect("library:collection", pk=collection.pk)
    else:
        form = CollectionForm(
            initial={"name": collection.name, "partnership": collection.partnership_id},
            partnerships=partnerships,
        )
    return render(
        request,
        "library/collection_form.html",
        {
            "collection": collection,
            "collection_name": saved_name,
            "form": form,
            "form_errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _own_collection(request, pk)
    if request.method == "POST":
        name = collection.name
        actions.delete_collection(request.user, collection)
        messages.success(request, _("La collection « %(name)s » est supprimée.") % {"name": name})
        return redirect("library:collections")
    count = collection.bookmarks.count()
    return render(
        request, "library/collection_delete.html", {"collection": collection, "bookmark_count": count}
    )


# Follows and the digest ---------------------------------------------------------------

FOLLOW_KINDS = ("element", "theme", "regroupement")


def _follow_target(kind: str, pk: int, follow: bool):
    if kind == "element":
        items = LibraryItem.objects.select_related("locale")
        target = (items.published() if follow else items).filter(pk=pk).first()
    elif kind == "theme":
        target = Theme.objects.filter(pk=pk).first()
    else:
        partnerships = Partnership.objects.active() if follow else Partnership.objects.all()
        target = partnerships.filter(pk=pk).first()
    if target is None:
        raise NotFound(_("Ce que vous voulez suivre n'existe pas ou plus."))
    return target


def _target_url(kind: str, target) -> str:
    if kind == "element":
        return item_path(target)
    if kind == "regroupement":
        return target.get_absolute_url()
    return reverse("library:follows")


def _target_label(kind: str, target) -> str:
    return target.label if kind == "theme" else target.title if kind == "element" else target.name


@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """``follow=1`` follows an item, a theme or a partnership; ``follow=0`` stops."""
    if kind not in FOLLOW_KINDS:
        raise NotFound(_("Ce que vous voulez suivre n'existe pas ou plus."))
    wanted = request.POST.get("follow") != "0"
    target = _follow_target(kind, pk, wanted)
    if not _signed_in(request):
        return redirect_to_login(_target_url(kind, target))
    changed = actions.set_follow(request.user, target, wanted)
    label = _target_label(kind, target)
    if _is_htmx(request):
        return render(
            request,
            "library/follows_button.html",
            {
                "kind": kind,
                "target_pk": target.pk,
                "label": label,
                "following": wanted,
                "next": _next_url(request, _target_url(kind, target)),
            },
        )
    if changed:
        if wanted:
            messages.success(request, _("Vous suivez maintenant « %(name)s ».") % {"name": label})
        else:
            messages.success(request, _("Vous ne suivez plus « %(name)s ».") % {"name": label})
    return redirect(_next_url(request, _target_url(kind, target)))


@login_required
def follows(request: HttpRequest) -> HttpResponse:
    """What I follow, the themes I could follow, and how often I receive the digest."""
    user = request.user
    follow_list = list(
        Follow.objects.filter(user=user)
        .select_related("item__locale", "theme", "partnership")
        .order_by("-created_at", "-id")
    )
    items, themes, partnerships = [], [], []
    for entry in follow_list:
        if entry.item_id:
            entry.url = item_path(entry.item)
            items.append(entry)
        elif entry.theme_id:
            themes.append(entry)
        else:
            entry.url = entry.partnership.get_absolute_url()
            partnerships.append(entry)
    followed_theme_ids = {entry.theme_id for entry in themes}
    other_themes = [t for t in Theme.objects.order_by("position", "code") if t.pk not in followed_theme_ids]
    subscription = DigestSubscription.objects.filter(user=user).first()
    frequency = subscription.frequency if subscription else DigestFrequency.NEVER
    return render(
        request,
        "library/follows.html",
        {
            "followed_items": items,
            "followed_themes": themes,
            "followed_partnerships": partnerships,
            "other_themes": other_themes,
            "subscription": subscription,
            "digest_form": DigestForm(initial={"frequency": frequency}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_preference(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect(reverse("library:follows") + "#resume")
    form = DigestForm(request.POST)
    if not form.is_valid():
        for error in form.errors["frequency"]:
            messages.error(request, error)
        return redirect(reverse("library:follows") + "#resume")
    subscription = actions.set_digest_frequency(request.user, form.cleaned_data["frequency"])
    if subscription.frequency == DigestFrequency.NEVER:
        messages.success(
            request, _("Vous ne recevrez plus le résumé par courriel : votre consentement est retiré.")
        )
    else:
        message = (
            _("Vous recevrez le résumé chaque jour à %(email)s.")
            if subscription.frequency == DigestFrequency.DAILY
            else _("Vous recevrez le résumé chaque semaine à %(email)s.")
        )
        messages.success(request, message % {"email": request.user.email})
    return redirect(reverse("library:follows") + "#resume")
