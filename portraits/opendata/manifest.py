"""Reading what the last export stored: its manifest, the files it lists, and the catalogue shown."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.storage import read_bytes
from portraits.opendata.datasets import DATASETS
from portraits.opendata.model import Dataset

MANIFEST = "manifest.json"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def storage() -> Storage:
    """Where the files live: the ``opendata`` storage (``agirtot/settings/storage.py``)."""
    return storages["opendata"]


def read_manifest() -> dict[str, Any] | None:
    """The manifest of the last run, or None when nothing was built (or the file is unreadable)."""
    try:
        content = read_bytes(storage(), MANIFEST)
        manifest = json.loads(content.decode("utf-8")) if content is not None else None
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("datasets"), dict):
        return None
    return manifest


def _entries(manifest: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from manifest.get("datasets", {}).values()
    if isinstance(manifest.get("dictionary"), dict):
        yield manifest["dictionary"]


def is_complete(manifest: dict[str, Any] | None = None) -> bool:
    """Every dataset and the dictionary are built and their files are stored."""
    manifest = manifest if manifest is not None else read_manifest()
    if manifest is None or set(manifest["datasets"]) != set(DATASETS) or "dictionary" not in manifest:
        return False
    target = storage()
    return all(target.exists(f["filename"]) for entry in _entries(manifest) for f in entry.get("files", []))


def downloadable(filename: str) -> tuple[str, str] | None:
    """The stored name and content type of a file the manifest lists (or the manifest), else None.

    Only names written by ``export`` are served: nothing a visitor types can reach
    another file (no path, no hidden or temporary file).
    """
    manifest = read_manifest()
    if manifest is None:
        return None
    names = {f.get("filename") for entry in _entries(manifest) for f in entry.get("files", [])}
    names.add(MANIFEST)
    if filename not in names or Path(filename).name != filename or filename.startswith("."):
        return None
    return filename, CONTENT_TYPES.get(filename.rsplit(".", 1)[-1], "application/octet-stream")


def file_size_label(size: int) -> str:
    """A file size as people read it: « 850 octets », « 12,4 ko », « 1,2 Mo »."""
    if size < 1024:
        return ngettext("%(size)s octet", "%(size)s octets", size) % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s ko") % {"size": number_format(round(size / 1024, 1), 1)}
    # number_format cuts decimals without rounding them.
    return _("%(size)s Mo") % {"size": number_format(round(size / 1024 / 1024, 1), 1, force_grouping=True)}


@dataclass(frozen=True)
class FileInfo:
    """One downloadable file as the page and the API show it."""

    format: str
    filename: str
    size: int
    sha256: str

    @property
    def url(self) -> str:
        return reverse("portraits:opendata_file", args=[self.filename])

    @property
    def size_label(self) -> str:
        return file_size_label(self.size)

    @property
    def format_label(self) -> str:
        return self.format.upper()


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset with what its last export produced (nothing yet when ``rows`` is None)."""

    dataset: Dataset
    rows: int | None = None
    generated_at: datetime.datetime | None = None
    files: tuple[FileInfo, ...] = ()

    @property
    def built(self) -> bool:
        return self.rows is not None


@dataclass(frozen=True)
class Catalogue:
    """Everything the page and the API list: datasets, dictionary files, date of the last run."""

    datasets: tuple[DatasetInfo, ...]
    dictionary_files: tuple[FileInfo, ...]
    generated_at: datetime.datetime | None

    @property
    def built(self) -> bool:
        return any(info.built for info in self.datasets)


def _date(value: Any) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _files(entry: dict[str, Any]) -> tuple[FileInfo, ...]:
    files = []
    for f in entry.get("files", []):
        try:
            files.append(FileInfo(str(f["format"]), str(f["filename"]), int(f["size"]), str(f["sha256"])))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(files)


def catalogue() -> Catalogue:
    """The datasets in their declared order, with the files of the last run when there is one."""
    manifest = read_manifest() or {"datasets": {}}
    infos = []
    for key, dataset in DATASETS.items():
        entry = manifest["datasets"].get(key)
        if isinstance(entry, dict) and isinstance(entry.get("rows"), int):
            infos.append(DatasetInfo(dataset, entry["rows"], _date(entry.get("generated_at")), _files(entry)))
        else:
            infos.append(DatasetInfo(dataset))
    dictionary = manifest.get("dictionary")
    return Catalogue(
        datasets=tuple(infos),
        dictionary_files=_files(dictionary) if isinstance(dictionary, dict) else (),
        generated_at=_date(manifest.get("generated_at")),
    )
