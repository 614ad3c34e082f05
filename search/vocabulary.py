"""Typo tolerance: the index's vocabulary, kept by indexing, and the corrections it offers.

Every word of the indexed texts (folded, four letters or more) is a ``Term`` with the
number of documents holding it and the form it was written in (« périnatalité »), and has
``TermKey`` rows: its first seven letters with up to two of them deleted (SymSpell's
deletion neighbourhood). Two words within two edits share a key, so the words near a
typed word are found by looking its own keys up, in one indexed query, whatever the
size of the vocabulary; each is then checked with the Damerau distance (optimal string
alignment: a missing, extra or changed letter, or two letters swapped, is one edit;
accents are folded away before).

As Meilisearch does by default, a typed word of five letters or more that matches
nothing may be one edit away from a word of the index, two from nine letters. The engine
asks only when a search finds nothing (a word matching nothing fails the whole search,
every word being required) or very little, so searches that need no correction never
read the vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from .analysis import STOP_WORDS, Alternative, Group, Query, fold, stem
from .models import Term, TermKey

#: Words shorter than this are left out: a five-letter typed word is at most one edit from four.
MIN_WORD = 4
MAX_WORD = 40
#: Typed words shorter than this are never corrected (too many neighbours).
MIN_TYPED = 5
#: Typed words this long may be two edits away.
TWO_EDITS_FROM = 9
#: Keys are made from a word's beginning (SymSpell's prefix): edits further on are still
#: caught, since the whole words are compared at the end.
PREFIX = 7
#: A search with at most this many answers gets a better spelling offered, if there is one.
FEW = 3
#: A better spelling is offered only for a word this many times more frequent than the typed one.
MORE_FREQUENT = 5
#: An unfinished last word that found nothing is completed into at most this many stems.
COMPLETIONS = 5

_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=200_000)
def _folded(token: str) -> str:
    return fold(token)


def vocabulary_words(*texts: str) -> dict[str, str]:
    """The vocabulary's words in these texts: folded word → the form it was written in."""
    found: dict[str, str] = {}
    for text in texts:
        for token in _LETTERS.findall(text.lower()):
            word = _folded(token)
            if MIN_WORD <= len(word) <= MAX_WORD and word not in STOP_WORDS and _ASCII_WORD.fullmatch(word):
                found.setdefault(word, token)
    return found


def keys(word: str, edits: int) -> set[str]:
    """The word's beginning with up to ``edits`` letters deleted."""
    start = word[:PREFIX]
    found = {start}
    frontier = {start}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _word_edits(word: str) -> int:
    # A vocabulary word of seven letters may be two edits from a typed word of nine.
    return 2 if len(word) >= TWO_EDITS_FROM - 2 else 1


def allowed_edits(typed: str) -> int:
    """How many edits a typed word may be corrected by: 0 under five letters, 2 from nine."""
    if len(typed) < MIN_TYPED:
        return 0
    return 2 if len(typed) >= TWO_EDITS_FROM else 1


def distance(a: str, b: str, limit: int) -> int:
    """Damerau distance (optimal string alignment), or ``limit + 1`` as soon as it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- Keeping it with the index ------------------------------------------------------------


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update(cursor, counts: Counter[str], written: dict[str, str] | None = None) -> None:
    """Add ``counts`` (word → documents gained, negative when lost) to the vocabulary.

    New words get their keys; a word no document holds any more keeps its row at zero
    (it is never offered) so that it costs nothing when it comes back.
    """
    written = written or {}
    quote = connection.ops.quote_name
    term, key_table = quote(Term._meta.db_table), quote(TermKey._meta.db_table)
    changed = [word for word, n in counts.items() if n]
    for chunk in _chunks(sorted(changed)):
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"SELECT word FROM {term} WHERE word IN ({marks})", chunk)  # noqa: S608  # nosec B608
        known = {row[0] for row in cursor.fetchall()}
        rows = [
            (word, stem(word), counts[word], written.get(word, word)[:MAX_WORD])
            for word in chunk
            if word in known or counts[word] > 0
        ]
        cursor.executemany(
            f"INSERT INTO {term} (word, stem, documents, display) VALUES (%s, %s, %s, %s) "  # noqa: S608  # nosec B608
            f"ON CONFLICT (word) DO UPDATE SET documents = {term}.documents + excluded.documents",
            rows,
        )
        new = [word for word in chunk if word not in known and counts[word] > 0]
        cursor.executemany(
            f"INSERT INTO {key_table} (key, word) VALUES (%s, %s) ON CONFLICT (key, word) DO NOTHING",  # noqa: S608  # nosec B608
            [(key, word) for word in new for key in sorted(keys(word, _word_edits(word)))],
        )


def clear(cursor) -> None:
    quote = connection.ops.quote_name
    cursor.execute(f"DELETE FROM {quote(TermKey._meta.db_table)}")  # noqa: S608  # nosec B608
    cursor.execute(f"DELETE FROM {quote(Term._meta.db_table)}")  # noqa: S608  # nosec B608


# --- Offering corrections -----------------------------------------------------------------


@dataclass
class Spelling:
    """What the vocabulary says of a query's words."""

    #: typed word (folded) → the vocabulary word offered instead
    corrections: dict[str, str] = field(default_factory=dict)
    #: the query with the corrected words added to their groups (None when nothing to correct)
    query: Query | None = None
    #: the words typed, with the better spellings put in (the link « Vouliez-vous dire »)
    suggestion: str = ""


@dataclass
class _Known:
    word: str
    stem: str
    documents: int
    display: str


def _lookup(typed: list[str], stems: set[str]) -> list[_Known]:
    """The vocabulary's words with one of these stems or near one of these typed words (one query)."""
    typed_keys = sorted({key for word in typed for key in keys(word, allowed_edits(word))})
    if not typed_keys and not stems:
        return []
    quote = connection.ops.quote_name
    term, key_table = quote(Term._meta.db_table), quote(TermKey._meta.db_table)
    parts, params = [], []
    if stems:
        parts.append(
            f"SELECT word, stem, documents, display FROM {term} "  # noqa: S608  # nosec B608
            f"WHERE stem IN ({', '.join(['%s'] * len(stems))}) AND documents > 0"
        )
        params.extend(sorted(stems))
    if typed_keys:
        parts.append(
            f"SELECT t.word, t.stem, t.documents, t.display FROM {key_table} k "  # noqa: S608  # nosec B608
            f"JOIN {term} t ON t.word = k.word WHERE k.key IN ({', '.join(['%s'] * len(typed_keys))}) "
            "AND t.documents > 0"
        )
        params.extend(typed_keys)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        return [_Known(*row) for row in cursor.fetchall()]


def _best(typed: str, known: list[_Known], at_least: int = 1) -> _Known | None:
    """The nearest word (fewest edits, then most documents) other than the typed one."""
    limit = allowed_edits(typed)
    scored = []
    for entry in known:
        if entry.word == typed or entry.documents < at_least:
            continue
        edits = distance(typed, entry.word, limit)
        if edits <= limit:
            scored.append((edits, -entry.documents, entry.word, entry))
    return min(scored)[3] if scored else None


def spelling(query: Query, *, nothing_found: bool) -> Spelling:
    """Corrections for the words of ``query`` (one SQL query).

    ``nothing_found``: the search found nothing, so each word matching nothing in the index
    is corrected (its nearest word is added to its group), and an unfinished last word is
    completed from the vocabulary (« allaitem » begins « allaitement », whose stem « allait »
    is shorter than what was typed, so the index's word beginnings could not meet it).
    Otherwise only a better spelling is offered: a near word held by many more documents.
    """
    result = Spelling()
    groups = [g for g in query.groups if allowed_edits(g.typed) and g.typed.isalpha()]
    if not groups:
        return result
    stems = {t for g in groups for alt in g.alternatives if len(alt.terms) == 1 for t in alt.terms}
    known = _lookup([g.typed for g in groups], stems)
    present = {entry.stem for entry in known}
    documents_by_stem: dict[str, int] = {}
    for entry in known:
        documents_by_stem[entry.stem] = max(documents_by_stem.get(entry.stem, 0), entry.documents)
    changed: dict[int, Group] = {}
    for group in groups:
        group_stems = {t for alt in group.alternatives if len(alt.terms) == 1 for t in alt.terms}
        prefixes = tuple(group.prefixes)
        begun = sorted({(-e.documents, e.stem) for e in known if prefixes and e.word.startswith(prefixes)})
        if nothing_found:
            if group_stems & present:
                continue
            if begun:
                completions = [stem for _n, stem in begun if stem not in group_stems][:COMPLETIONS]
                if completions:
                    changed[id(group)] = _widened(group, completions)
                continue
            best = _best(group.typed, known)
        else:
            own = max((documents_by_stem.get(s, 0) for s in group_stems), default=0)
            best = _best(group.typed, known, at_least=max(FEW + 1, MORE_FREQUENT * own))
            if best is not None and best.stem in group_stems:
                best = None
        if best is None:
            continue
        result.corrections[group.typed] = best.display or best.word
        if nothing_found:
            changed[id(group)] = _widened(group, [best.stem])
    if changed:
        result.query = Query(text=query.text, groups=[changed.get(id(g), g) for g in query.groups])
    if result.corrections:
        result.suggestion = _LETTERS.sub(
            lambda m: result.corrections.get(_folded(m.group().lower()), m.group()), query.text
        )
    return result


def _widened(group: Group, stems: list[str]) -> Group:
    return Group([*group.alternatives, *(Alternative((s,)) for s in stems)], typed=group.typed)
