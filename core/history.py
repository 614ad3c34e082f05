"""Crediting changes in the history kept by django-simple-history."""

from typing import Any


def credit(instance: Any, actor: Any | None) -> None:
    """Name the person behind the next save or delete of ``instance`` in its history."""
    # django-simple-history reads this attribute when it writes the history row.
    if actor is not None:
        instance._history_user = actor
