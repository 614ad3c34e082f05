"""Signals of the shared floor.

``data_changed`` is sent by writes that bypass the models' own signals (bulk inserts of
the demo data, the library import, the progress import), so that what is derived from
the data (the portraits' cache) knows it is out of date. ``sender`` names the writer.
Send it once the write is committed (``transaction.on_commit``), as every writer does, so
that no reader caches the data as it was before the commit under the new version; the
portraits' receiver also waits for the commit when it is called inside a transaction.
"""

from django.dispatch import Signal

data_changed = Signal()
