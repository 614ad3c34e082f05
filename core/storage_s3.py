"""The media files in an S3-compatible bucket, always served through the site.

Imported only when ``AWS_STORAGE_BUCKET_NAME`` is set (``agirtot/settings/storage.py``), so
a server without a bucket never loads boto3.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


@deconstructible(path="core.storage_s3.MediaS3Storage")
class MediaS3Storage(S3Storage):
    """Media in the bucket, addressed under ``MEDIA_URL`` like files on disk.

    The bucket stays private and the browser never talks to it: ``/media/`` is the site's
    own view (``core/media.py``), which serves images inline and sends a document through
    Wagtail's document view (its privacy, always a download, ``nosniff``). A signed bucket
    URL would expire inside cached pages, break the pages' ``img-src 'self'`` policy, and
    hand a private submission's file to whoever holds the link.
    """

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
