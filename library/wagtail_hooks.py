"""The library's hooks into Wagtail: which documents /documents/… may serve, and to whom.

Every document downloads as an attachment (settings: WAGTAILDOCS_INLINE_CONTENT_TYPES is
empty; Wagtail adds ``X-Content-Type-Options: nosniff`` and a ``default-src 'none'``
policy). On top of that, a document whose name does not end with an accepted extension
(one stored before the list was narrowed) is never served, so that no file can come back
as a web page, and the files of a submission stay private to their uploader and the
knowledge editors until an item that uses them is published.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail import hooks

from core.http import NotFound
from library.actions.submission import document_is_servable


@hooks.register("before_serve_document")
def serve_only_safe_and_public_documents(document: Any, request: HttpRequest) -> None:
    accepted = {extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS}
    if document.file_extension.lower() not in accepted or not document_is_servable(document, request.user):
        raise NotFound(_("Ce document n'est pas disponible."))
