"""The demo generators, in the order `seed_demo` runs them: lowest floor first.

Each module has `generate(scale, seed, progress)`, which writes its part (inside the
command's transaction) and returns its figures in French, and `flush()`, which deletes
it; `--flush` calls them in reverse order, since higher floors point to lower ones. The
search index is rebuilt last, from everything the others wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from demo import library, partners, plans, portraits, search

GENERATORS: tuple[ModuleType, ...] = (partners, plans, library, portraits, search)


def generators() -> list[tuple[Callable, Callable[[], None]]]:
    """Each generator with the `flush` function beside it, in order."""
    return [(module.generate, module.flush) for module in GENERATORS]
