"""Fixtures of the portraits' tests."""

from __future__ import annotations

import pytest

from portraits import cache as portrait_cache


class _CommitAtOnce:
    """Stands for ``django.db.transaction`` in ``portraits.cache``: runs a callback at once."""

    @staticmethod
    def on_commit(func, using=None, robust=False) -> None:
        func()


@pytest.fixture(autouse=True)
def writes_count_as_committed(monkeypatch):
    """Each test runs inside one transaction that is never committed, so ``on_commit``
    callbacks never run; here a test's writes stand for committed ones and the portraits'
    version moves on at once. test_cache.py overrides this fixture to check the real
    timing: the version moves on only when the write's transaction commits."""
    monkeypatch.setattr(portrait_cache, "transaction", _CommitAtOnce)
