"""Where the platform's files are kept: folders under var/ on one server, a bucket on several.

The settings (``agirtot/settings/storage.py``) name each kind of file by a storage alias —
``default`` (media), ``opendata``, ``backups``, ``imports`` — and code reaches them through
Django's storage API (``storages["opendata"].open(name)``), never through a path, so that
the same code reads a local folder or an S3 bucket.

``VarFolderStorage`` is the local kind: a folder of ``VAR_DIR`` (followed when a test
moves ``VAR_DIR``), never served under a URL, where a saved file replaces the previous one
of that name in one step. The bucket's kinds are in ``core/storage_s3.py``, imported only
when a bucket is configured.
"""

from __future__ import annotations

import os
import posixpath
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.VarFolderStorage")
class VarFolderStorage(FileSystemStorage):
    """A folder under ``VAR_DIR`` whose files replace their namesakes whole, served by no URL."""

    def __init__(self, folder: str, **options) -> None:
        self.folder = folder
        options.setdefault("allow_overwrite", True)
        super().__init__(**options)

    # Read from the settings at each use: a test (or a command) that moves VAR_DIR moves
    # the folder with it, as MEDIA_ROOT moves the default storage.
    @property
    def base_location(self) -> str:
        return os.path.join(settings.VAR_DIR, self.folder)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError(f"{self.folder} files are served by the site's views, not by a URL.")

    def _save(self, name: str, content) -> str:
        # django-stubs leave out FileSystemStorage's private _allow_overwrite and _save.
        if not self._allow_overwrite:  # type: ignore[attr-defined]
            # A new name for each file (Django's exclusive creation): no replacing at all.
            return super()._save(name, content)  # type: ignore[misc]
        # Written beside its final place, then renamed over it: a reader sees the previous
        # file or the new one, never a half-written one.
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek") and content.seekable():
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            os.replace(temporary, full_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``folder``, in name order (nothing when it is absent)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    names = [posixpath.join(folder, name) for name in files]
    if isinstance(storage, FileSystemStorage):
        # A link in a local folder could point anywhere on the server: never followed.
        names = [name for name in names if not os.path.islink(storage.path(name))]
    for directory in directories:
        names.extend(walk(storage, posixpath.join(folder, directory)))
    yield from sorted(names)


def read_bytes(storage: Storage, name: str) -> bytes | None:
    """The whole content of a small file, or None when there is no such file."""
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError):
        return None


def describe(storage: Storage, name: str) -> str:
    """Where a stored file is, for an administrator: its path, or its ``s3://`` address."""
    try:
        return storage.path(name)
    except NotImplementedError:
        bucket = getattr(storage, "bucket_name", None)
        key = posixpath.join(getattr(storage, "location", "") or "", name)
        return f"s3://{bucket}/{key}" if bucket else name


def storage_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a storage raises when it cannot read or write: the disk's, or the bucket's.

    botocore is consulted only when something already loaded it (a bucket is configured);
    without it, no bucket error can happen.
    """
    errors: tuple[type[BaseException], ...] = (OSError,)
    if "botocore" in sys.modules:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += (BotoCoreError, ClientError)
    return errors
