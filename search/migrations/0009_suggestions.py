"""Suggestions while typing (search.suggestions): the keys of the titles already indexed.

The facet values (themes, protective factors) are written after every migrate by the
search app's post_migrate receiver, from the reference data as it is then.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from search.suggestions import SUGGESTED_TYPES, keys, rank

    Document = apps.get_model("search", "Document")
    SuggestionKey = apps.get_model("search", "SuggestionKey")
    documents = Document.objects.filter(type__in=list(SUGGESTED_TYPES)).order_by("pk")
    rows = []
    for pk, type_, title, url, reuse_count, audience in documents.values_list(
        "pk", "type", "title", "url", "reuse_count", "audience"
    ).iterator(chunk_size=1_000):
        for key, first in keys(title):
            rows.append(
                SuggestionKey(
                    key=key,
                    rank=rank(first, reuse_count, title),
                    source=type_,
                    document_id=pk,
                    label=title[:300],
                    url=url,
                    audience=audience,
                )
            )
        if len(rows) >= 5_000:
            SuggestionKey.objects.bulk_create(rows)
            rows = []
    SuggestionKey.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0008_vocabulary_and_answers'),
    ]

    operations = [
        migrations.CreateModel(
            name='SuggestionKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=60)),
                ('rank', models.BigIntegerField(default=0)),
                ('language', models.CharField(blank=True, default='', max_length=5)),
                ('audience', models.PositiveBigIntegerField(blank=True, null=True)),
                ('source', models.CharField(max_length=20)),
                ('code', models.CharField(blank=True, default='', max_length=80)),
                ('label', models.CharField(max_length=300)),
                ('url', models.CharField(blank=True, default='', max_length=500)),
                ('document', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='search.document')),
            ],
            options={
                'indexes': [models.Index(fields=['key', 'rank', 'language', 'audience'], name='search_suggestion_prefix', opclasses=['varchar_pattern_ops', 'int8_ops', 'varchar_pattern_ops', 'int8_ops']), models.Index(fields=['document'], name='search_suggestion_document'), models.Index(fields=['source', 'code'], name='search_suggestion_facet')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
