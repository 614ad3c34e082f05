"""Signals of the shared floor.

``data_changed`` is sent by writes that bypass the models' own signals (bulk inserts of
the demo data, the library import, the progress import), so that what is derived from
the data (the portraits' cache) knows it is out of date. ``sender`` names the writer.
"""

from django.dispatch import Signal

data_changed = Signal()
