"""An export run: every requested dataset and the dictionary written, then stored with the manifest."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone

from core import pagecache
from portraits.opendata.datasets import DATASETS, DICTIONARY_FIELDS, DICTIONARY_STEM, dictionary_rows
from portraits.opendata.manifest import MANIFEST, read_manifest, storage
from portraits.opendata.model import LICENCE, Dataset
from portraits.opendata.writers import TableFiles


class Progress:
    """What export() reports progress to; the command gives a tqdm bar, tests nothing."""

    def update(self, rows: int) -> None:
        """``rows`` more rows are written."""

    def close(self) -> None:
        """The dataset is done."""


@dataclass
class ExportResult:
    """What a run wrote: rows per dataset key, time taken, and the new manifest."""

    counts: dict[str, int]
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)


def export(
    keys: Iterable[str] | None = None, progress: Callable[[Dataset, int], Progress] | None = None
) -> ExportResult:
    """Rebuild the files of the given datasets (all by default), the dictionary and the manifest.

    Every file is first written to a local temporary file; only when all are complete are
    they stored, then the manifest. An error leaves the previous files as they were.
    """
    selected = [DATASETS[key] for key in keys] if keys else list(DATASETS.values())
    # The files are built on this machine's disk, and stored only when all are complete.
    with tempfile.TemporaryDirectory(prefix="agirtot-opendata-") as work:
        result = _export(selected, Path(work), storage(), progress)
    # The open-data pages show the files' dates, sizes and checksums: cached ones are out of date.
    pagecache.touch("opendata")
    return result


def _export(
    selected: list[Dataset],
    directory: Path,
    target: Storage,
    progress: Callable[[Dataset, int], Progress] | None,
) -> ExportResult:
    started = time.monotonic()
    generated_at = timezone.localtime().isoformat(timespec="seconds")
    header = {"licence": LICENCE, "generated_at": generated_at}
    tables: list[TableFiles] = []
    entries: dict[str, dict[str, Any]] = {}
    try:
        for dataset in selected:
            bar = progress(dataset, dataset.count()) if progress else Progress()
            try:
                files = TableFiles(
                    directory,
                    dataset.stem,
                    dataset.title_fr,
                    dataset.fields,
                    {"dataset": dataset.key, **header},
                )
                tables.append(files)
                for batch in dataset.rows():
                    files.write(batch)
                    bar.update(len(batch))
                files.finish()
            finally:
                bar.close()
            entries[dataset.key] = {
                "rows": files.count,
                "generated_at": generated_at,
                "files": files.describe(),
            }
        dictionary = TableFiles(
            directory, DICTIONARY_STEM, "Dictionnaire", DICTIONARY_FIELDS, {"dataset": "dictionary", **header}
        )
        tables.append(dictionary)
        dictionary.write(dictionary_rows())
        dictionary.finish()
        dictionary_entry = {
            "rows": dictionary.count,
            "generated_at": generated_at,
            "files": dictionary.describe(),
        }
    except BaseException:
        for files in tables:
            files.abort()
        raise
    for files in tables:
        files.publish(target)
    manifest = _updated_manifest(entries, dictionary_entry, generated_at)
    _store_json(target, MANIFEST, manifest)
    return ExportResult(
        counts={key: entry["rows"] for key, entry in entries.items()},
        seconds=time.monotonic() - started,
        manifest=manifest,
    )


def _updated_manifest(
    entries: dict[str, dict], dictionary: dict[str, Any], generated_at: str
) -> dict[str, Any]:
    previous = read_manifest() or {}
    kept = previous.get("datasets", {})
    datasets = {}
    for key in DATASETS:
        if key in entries:
            datasets[key] = entries[key]
        elif key in kept and all(storage().exists(f["filename"]) for f in kept[key].get("files", [])):
            # Not rebuilt this time (--dataset): its files are still there and still right.
            datasets[key] = kept[key]
    return {
        "generated_at": generated_at,
        "licence": LICENCE,
        "datasets": datasets,
        "dictionary": dictionary,
    }


def _store_json(target: Storage, name: str, value: dict[str, Any]) -> None:
    content = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    target.save(name, ContentFile(content.encode("utf-8"), name=name))
