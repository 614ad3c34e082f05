"""Signals of the shared floor.

``data_changed`` is sent by writes that bypass the models' own signals (bulk inserts of
the demo data, the library import, the progress import), so that what is derived from
the data (the portraits' cache) knows it is out of date. ``sender`` names the writer.
Send it once the write is committed (``transaction.on_commit``), as every writer does, so
that no reader caches the data as it was before the commit under the new version; the
portraits' receiver also waits for the commit when it is called inside a transaction.
"""

from django.db import transaction
from django.dispatch import Signal

data_changed = Signal()


def send_data_changed_on_commit(sender) -> None:
    """Sends ``data_changed`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: data_changed.send(sender=sender))
