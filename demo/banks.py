"""Phrase banks for the demo library: one vocabulary per theme, in Québec French.

`demo.library` composes titles, summaries, bodies and the sections of learnings from
these banks with a seeded random generator. Each theme has its own words (reading and
picture books, speech and nursery rhymes, breastfeeding, fathers, parks…) so that a
search for one subject brings back that theme's items and not the others'.

The words live in `data/library_banks.json`, read once when this module is imported:
``themes`` (one object per `ThemeBank`) and the words shared by every theme, under the
lower-case names of the constants below. Placeholders: ``{n}`` a count of people or
things (25 to 480), ``{k}`` a small count (3 to 24), ``{pct}`` a percentage. Subjects,
tools and research topics are [French, English] pairs, for the few English items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

_DATA = json.loads((Path(__file__).parent / "data" / "library_banks.json").read_text(encoding="utf-8"))


def _frozen(value: Any) -> Any:
    """JSON lists as tuples (pairs included), as the generators expect and cannot alter."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class ThemeBank:
    """What the demo knows about one theme: its tags and its words."""

    code: str
    weight: int
    systems: tuple[str, ...]
    factors: tuple[str, ...]
    ages: tuple[str, ...]
    #: Populations always named by this theme's items, then those sometimes named.
    populations: tuple[str, ...]
    action_types: tuple[str, ...]
    #: Sectors of the organisations that usually write about it.
    sectors: tuple[str, ...]
    related: tuple[str, ...]
    #: Noun phrases with their article (« les sacs de lecture voyageurs »), French | English.
    subjects: tuple[tuple[str, str], ...]
    places: tuple[str, ...]
    goals: tuple[str, ...]
    needs: tuple[str, ...]
    activities: tuple[str, ...]
    results: tuple[str, ...]
    conditions: tuple[str, ...]
    challenges: tuple[str, ...]
    advice: tuple[str, ...]
    #: Short lessons for titles (« miser sur le plaisir avant tout »).
    lessons: tuple[str, ...]
    tools: tuple[tuple[str, str], ...]
    research: tuple[tuple[str, str], ...]
    dossiers: tuple[str, ...]
    questions: tuple[str, ...]
    comments: tuple[str, ...]
    #: A few English sentences for the English items.
    english: tuple[str, ...]


def _theme(values: dict[str, Any]) -> ThemeBank:
    names = {f.name for f in fields(ThemeBank)}
    if set(values) != names:
        raise ValueError(f"Banque de thème {values.get('code')!r} : champs {sorted(set(values) ^ names)}")
    return ThemeBank(**{name: _frozen(value) for name, value in values.items()})


def _shared(name: str) -> Any:
    return _frozen(_DATA[name])


THEMES: tuple[ThemeBank, ...] = tuple(_theme(values) for values in _DATA["themes"])
THEMES_BY_CODE = {bank.code: bank for bank in THEMES}

# --- Words shared by every theme ------------------------------------------------------

BOOKMARK_NOTES = _shared("bookmark_notes")
COLLECTION_NAMES = _shared("collection_names")
DOSSIER_NOTES = _shared("dossier_notes")
ENGLISH_CLOSINGS = _shared("english_closings")
ENGLISH_KIND_WORDS = _shared("english_kind_words")
ENGLISH_OPENINGS = _shared("english_openings")
EVALUATION_METHODS = _shared("evaluation_methods")
GENERIC_COMMENTS = _shared("generic_comments")
GENERIC_LESSONS = _shared("generic_lessons")
GENERIC_QUESTIONS = _shared("generic_questions")
HIDDEN_COMMENTS = _shared("hidden_comments")
NEWS_CLOSINGS = _shared("news_closings")
NEWS_OPENINGS = _shared("news_openings")
NEWS_TITLES = _shared("news_titles")
POPULATION_PHRASES = _shared("population_phrases")
REINVESTMENT_ADAPTED = _shared("reinvestment_adapted")
REINVESTMENT_REASONS = _shared("reinvestment_reasons")
REPLIES = _shared("replies")
REPORT_REASONS = _shared("report_reasons")
TOOL_COMPONENTS = _shared("tool_components")
TOOL_FORMATS = _shared("tool_formats")
TOOL_USERS = _shared("tool_users")
TOOL_VARIANTS = _shared("tool_variants")
