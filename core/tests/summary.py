"""Lines that a test module adds to the end of the run's report.

A module registers a callable that returns its line (or None to say nothing); the root
conftest prints the lines in the terminal summary. When the suite runs in several worker
processes (pytest-xdist, ``--dist loadfile``), each worker hands its lines to the
controller, which prints them once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

LINES = pytest.StashKey[dict[str, Callable[[], str | None]]]()
FROM_WORKERS = pytest.StashKey[list[str]]()


def report_at_end(config: pytest.Config, name: str, line: Callable[[], str | None]) -> None:
    """Prints ``line()`` in the terminal summary of the run (once per name)."""
    config.stash.setdefault(LINES, {})[name] = line


def local_lines(config: pytest.Config) -> list[str]:
    return [text for line in config.stash.get(LINES, {}).values() if (text := line())]


def worker_lines(config: pytest.Config) -> list[str]:
    return config.stash.setdefault(FROM_WORKERS, [])
