"""French text analysis, identical for documents and queries, on every database.

Lower-case, accents removed, elisions (l', d', qu'…) and hyphens split, a short stop
list, then the Snowball French stemmer: « L'Éveil des Tout-Petits » and « eveil tout
petit » give the same terms. The analysis runs in Python so that SQLite and PostgreSQL
index and match exactly the same terms.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import Stemmer

# Words too common to help find anything; kept short so that meaningful words stay.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette d dans de des du e elle en et eux il ils j je l la le les
    leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que
    qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y c est sont ete etre
    the of and to in for on with
    """.split()
)

_WORD = re.compile(r"[0-9a-z]+")
# Elided articles and pronouns glued to the next word by an apostrophe.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

_stemmer = Stemmer.Stemmer("french")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case ASCII text with accents removed (ASCII punctuation kept, other signs as « ? »).

    Every character is looked at in C (normalisation, a regular expression, an encoding):
    indexing folds every text, and a loop in Python over each character was most of its time.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return _COMBINING.sub("", decomposed).encode("ascii", "replace").decode("ascii")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of one folded word."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The folded words of ``text``, elisions removed, hyphens and punctuation split."""
    return _WORD.findall(fold(_ELISION.sub(" ", text)))


def terms(text: str) -> list[str]:
    """The index terms of ``text``: folded, stop words removed, stemmed."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of each indexable word of the original ``text``.

    Used to highlight matches in the original wording; offsets refer to ``text``.
    """
    spans = []
    for match in _TOKEN.finditer(text):
        skipped, token_terms = _token_terms(match.group())
        start = match.start() + skipped
        for term in token_terms:
            spans.append((start, match.end(), term))
    return spans


_TOKEN = re.compile(r"\w+(?:['’]\w+)?")


@lru_cache(maxsize=100_000)
def _token_terms(token: str) -> tuple[int, tuple[str, ...]]:
    """The characters of an elision to skip at the start of ``token``, and its terms.

    Excerpts analyse the same few thousand words over and over: remembering each word's
    terms saves folding and stemming them again for every hit shown.
    """
    skipped = 0
    elided = _ELISION.match(token)
    if elided:
        skipped = elided.end()
        token = token[skipped:]
    return skipped, tuple(stem(word) for word in _WORD.findall(fold(token)) if word not in STOP_WORDS)


# --- Repeated answers --------------------------------------------------------------

# An edition or a copy number at the end of a title: « — édition 2021 », « (édition 2019) »,
# « (2) ». A year range (« (2022-2023) ») names another period, not another edition.
_EDITION_SUFFIX = re.compile(
    r"\s*(?:[—–-]\s*|,\s*)?(?:\(\s*)?(?:[ée]dition|[ée]d\.)\s+\d{4}\s*\)?\s*$|\s*\(\d{1,4}\)\s*$",
    re.IGNORECASE,
)


def collapse_key(type: str, title: str) -> str:
    """What makes two documents the same answer: their type and title, without an edition suffix.

    Folded like the rest of the analysis (case, accents, punctuation), so « Groupe de soutien
    pour les pères » in fourteen plans, or a tool and its « — édition 2021 », share one key.
    """
    return f"{type}:{' '.join(words(_EDITION_SUFFIX.sub('', title)))}"


def collapse_number(key: str) -> int:
    """A signed 64-bit number for a collapse key: grouping by it compares integers, not titles."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


# --- Queries -----------------------------------------------------------------------

#: The shortest last word expanded as a word beginning: « ha » would match half the index.
MIN_PREFIX_LENGTH = 3
#: Longest query kept, in characters and in words; the rest is ignored, not an error.
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12


@dataclass(frozen=True)
class Alternative:
    """One way of matching a group: a phrase of terms, the last maybe a word beginning."""

    terms: tuple[str, ...]
    prefix: str = ""  # a folded word beginning, for the last word of the query


@dataclass
class Group:
    """A required part of the query: any one of its alternatives must match."""

    alternatives: list[Alternative] = field(default_factory=list)
    #: The folded word typed, when the group stands for one word (what typos are corrected from).
    typed: str = ""

    @property
    def highlight_terms(self) -> set[str]:
        return {t for alt in self.alternatives for t in alt.terms}

    @property
    def prefixes(self) -> set[str]:
        return {alt.prefix for alt in self.alternatives if alt.prefix}


@dataclass
class Query:
    """An analysed query: every group must match (AND), alternatives within (OR)."""

    text: str
    groups: list[Group]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def matches(self, term: str) -> bool:
        """Whether an index term would be highlighted for this query."""
        highlighted, prefixes = self._highlighted
        return term in highlighted or (bool(prefixes) and term.startswith(prefixes))

    @cached_property
    def _highlighted(self) -> tuple[frozenset[str], tuple[str, ...]]:
        # Asked for every word of every excerpt: the groups' terms and prefixes, gathered once.
        terms = frozenset(t for group in self.groups for t in group.highlight_terms)
        prefixes = tuple(sorted({p for group in self.groups for p in group.prefixes}))
        return terms, prefixes


def parse_query(text: str, synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None) -> Query:
    """Analyse what a person typed into required groups, with synonyms and a prefix.

    ``synonyms`` maps a phrase of terms to its equivalent phrases (both ways are
    stored). The longest synonym phrase found at each position wins.
    """
    text = (text or "")[:MAX_QUERY_LENGTH]
    raw = [w for w in words(text) if w not in STOP_WORDS][:MAX_QUERY_TERMS]
    stems = [stem(w) for w in raw]
    synonyms = synonyms or {}
    longest = max((len(k) for k in synonyms), default=0)
    groups: list[Group] = []
    i = 0
    while i < len(stems):
        for size in range(min(longest, len(stems) - i), 0, -1):
            phrase = tuple(stems[i : i + size])
            if phrase in synonyms:
                alternatives = [Alternative(phrase)] + [Alternative(p) for p in synonyms[phrase]]
                groups.append(Group(_unique(alternatives), typed=raw[i] if size == 1 else ""))
                i += size
                break
        else:
            groups.append(Group([Alternative((stems[i],))], typed=raw[i]))
            i += 1
    # The last word typed may be unfinished: « halte-garde » finds « halte-garderie ».
    if raw and len(raw[-1]) >= MIN_PREFIX_LENGTH and len(groups[-1].alternatives[0].terms) == 1:
        last = groups[-1]
        last.alternatives.append(Alternative((), prefix=raw[-1]))
    return Query(text=text, groups=groups)


def _unique(alternatives: list[Alternative]) -> list[Alternative]:
    seen: dict[Alternative, None] = {}
    for alt in alternatives:
        if alt.terms:
            seen.setdefault(alt, None)
    return list(seen)
