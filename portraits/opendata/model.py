"""What a dataset is: its fields and their types, its formats and licence, its rows without e-mails."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

FORMATS = ("csv", "xlsx", "json")
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    "attribution": "Agir tôt",
}
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REPLACEMENT = "[courriel retiré]"


def _localized(french: str, english: str) -> str:
    return english if (get_language() or "fr").startswith("en") else french


# Declarations ---------------------------------------------------------------------------

#: Type code → (French label, English label); the code is what the dictionary files hold.
TYPES = {
    "integer": ("entier", "integer"),
    "decimal": ("nombre décimal", "decimal number"),
    "text": ("texte", "text"),
    "code": ("code", "code"),
    "date": ("date (AAAA-MM-JJ)", "date (YYYY-MM-DD)"),
    "url": ("adresse Web", "web address"),
    "codes": ("liste de codes", "list of codes"),
    "integers": ("liste d'entiers", "list of integers"),
}
LIST_TYPES = {"codes", "integers"}


@dataclass(frozen=True)
class Field:
    """One column of a dataset, as its data dictionary describes it."""

    name: str
    type: str
    description_fr: str
    description_en: str
    example: str = ""

    @property
    def description(self) -> str:
        """The description in the active language."""
        return _localized(self.description_fr, self.description_en)

    @property
    def type_label(self) -> str:
        """The type in words, in the active language."""
        return _localized(*TYPES[self.type])

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES


@dataclass(frozen=True)
class Dataset:
    """A downloadable table: its identity, its fields and how to read its rows by batches."""

    key: str
    stem: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    fields: tuple[Field, ...]
    queryset: Callable[[], QuerySet]
    batches: Callable[[QuerySet], Iterator[list[dict[str, Any]]]]

    @property
    def title(self) -> str:
        """The title in the active language."""
        return _localized(self.title_fr, self.title_en)

    @property
    def description(self) -> str:
        """The description in the active language."""
        return _localized(self.description_fr, self.description_en)

    def filenames(self) -> dict[str, str]:
        """Format → file name, e.g. ``{"csv": "organisations.csv", …}``."""
        return {fmt: f"{self.stem}.{fmt}" for fmt in FORMATS}

    def count(self) -> int:
        """How many rows the export will hold."""
        return self.queryset().count()

    def rows(self) -> Iterator[list[dict[str, Any]]]:
        """The rows, by batches of at most ``CHUNK_SIZE``, every text cleaned of e-mail addresses."""
        names = [f.name for f in self.fields]
        for batch in self.batches(self.queryset()):
            yield [{name: _scrub(row.get(name)) for name in names} for row in batch]


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL_RE.sub(EMAIL_REPLACEMENT, value)
    return value
