"""French for the demo data: prepositions before names, lists and Québec's number formats.

One set of helpers for every generator and for `seed_demo`'s summary, so that the
network, the plans and the library write « du Bas-Saint-Laurent », « 3 100 » and
« a, b et c » the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

NBSP = "\u00a0"
_VOWELS = "AEIOUÉÈÊÎÔÂ"


def of(name: str) -> str:
    """« de » before a name or a noun phrase, with contraction and elision.

    « Les Basques » → « des Basques », « le jeu » → « du jeu », « la lecture » →
    « de la lecture », « Amqui » → « d'Amqui », « Rimouski » → « de Rimouski ».
    """
    lowered = name[:4].lower()
    if lowered.startswith("les "):
        return "des " + name[4:]
    if lowered.startswith("le "):
        return "du " + name[3:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def at(name: str) -> str:
    """« à » before a name or a noun phrase, with contraction: aux, au, à la, à l', à."""
    lowered = name[:4].lower()
    if lowered.startswith("les "):
        return "aux " + name[4:]
    if lowered.startswith("le "):
        return "au " + name[3:]
    return "à " + name


def french_list(items: Sequence[str]) -> str:
    """« a, b et c »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def number(value: int) -> str:
    """« 3 100 »: Québec groups thousands with a non-breaking space."""
    return f"{value:,}".replace(",", NBSP)


def decimal(value: float) -> str:
    """« 0,5 »: the decimal comma, without trailing zeros."""
    return f"{value:g}".replace(".", ",")


def percent(value: float) -> str:
    """« 12,5 % »."""
    return f"{value:.1f}".replace(".", ",") + NBSP + "%"


def seconds(value: float) -> str:
    """« 67,3 s »."""
    return f"{value:.1f}".replace(".", ",") + NBSP + "s"


def cap(text: str) -> str:
    """The first letter in capitals, the rest untouched."""
    return text[:1].upper() + text[1:]


def lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]
