"""The stored files under MEDIA_URL, served by the site's own view in every setting.

Development and production take the same path, so that no setting serves a file by a
shorter road. A file that belongs to a Wagtail document goes through the documents' own
view (the one behind /documents/…): always a download (WAGTAILDOCS_INLINE_CONTENT_TYPES
is empty) with ``X-Content-Type-Options: nosniff``, behind the collections' privacy and
the ``before_serve_document`` hooks (a submission's files stay private until an item
that uses them is published). Images (logos, Wagtail images and their renditions) come
back inline; any other file, or one of the documents' folder that no document owns, is
not found. Files are read through the storage API, never from MEDIA_ROOT directly: the
same view serves a folder under var/ or a private bucket (``agirtot/settings/storage.py``),
and the browser never gets a bucket's address.
"""

from __future__ import annotations

import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as serve_document

from core.http import NotFound

#: Shown inline: the raster types of Wagtail images and of the partners' logos (no SVG,
#: which can carry scripts).
IMAGE_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def _not_found() -> NotFound:
    return NotFound(_("Ce fichier n'est pas disponible."))


def _stored_name(path: str) -> str:
    """The storage name asked for, or a 404 for one that leaves the media folder."""
    name = posixpath.normpath(path)
    if "\\" in path or "\x00" in path or name.startswith(("/", "..")) or name in {"", "."}:
        raise _not_found()
    return name


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    name = _stored_name(path)
    document_model = get_document_model()
    document = document_model.objects.filter(file=name).first()
    if document is not None:
        return serve_document(request, document.pk, document.filename)
    documents_folder = str(document_model._meta.get_field("file").upload_to).strip("/")
    if name.startswith(f"{documents_folder}/"):
        raise _not_found()
    content_type = IMAGE_TYPES.get(posixpath.splitext(name)[1].lower())
    if content_type is None:
        raise _not_found()
    try:
        # One request to a bucket rather than two (exists, then open).
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise _not_found() from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
