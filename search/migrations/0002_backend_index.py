"""Create the full-text index of the database in use (FTS5 table or tsvector column)."""

from django.db import migrations


def create(apps, schema_editor):
    from search.backends import get_backend

    get_backend().create(schema_editor)


def drop(apps, schema_editor):
    from search.backends import get_backend

    get_backend().drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
