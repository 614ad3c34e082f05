"""Text folding used to compare French text without accents, case or punctuation."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII with accents removed and punctuation turned to single spaces.

    « L'Éveil des Tout-Petits » becomes « l eveil des tout petits », so that a search
    typed without accents, hyphens or apostrophes still matches.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", ascii_text).strip()


def terms(query: str) -> list[str]:
    """The folded words of a query, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in fold(query).split():
        seen.setdefault(word, None)
    return list(seen)


def filter_folded(queryset, query: str, field: str = "search_text"):
    """Keep the rows whose folded column contains every folded word of ``query``."""
    for word in terms(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
