"""The vocabulary for typo tolerance, and each hit's type and answer number for the ranking.

An existing index gets them from what it holds: every document's vector its type and
answer number (search.analysis.collapse_key), the vocabulary the words of the stored texts.
"""

from collections import Counter

from django.db import migrations, models


def fill(apps, schema_editor):
    from search.analysis import collapse_key, collapse_number, stem
    from search.vocabulary import keys, vocabulary_words

    Document = apps.get_model("search", "Document")
    counts: Counter = Counter()
    written: dict[str, str] = {}
    vectors = []
    rows = Document.objects.values_list("pk", "type", "title", "summary", "body").order_by("pk")
    for pk, type_, title, summary, body in rows.iterator(chunk_size=1_000):
        vectors.append((type_, collapse_number(collapse_key(type_, title)), pk))
        found = vocabulary_words(title, summary, body)
        counts.update(found.keys())
        for word, form in found.items():
            written.setdefault(word, form)
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE search_facetvector SET type = %s, answer = %s WHERE document_id = %s", vectors
        )
        cursor.executemany(
            "INSERT INTO search_term (word, stem, documents, display) VALUES (%s, %s, %s, %s)",
            [(word, stem(word), n, written[word][:40]) for word, n in sorted(counts.items())],
        )
        # As search.vocabulary: keys of up to two deletions from seven letters on.
        cursor.executemany(
            "INSERT INTO search_termkey (key, word) VALUES (%s, %s)",
            [
                (key, word)
                for word in sorted(counts)
                for key in sorted(keys(word, 2 if len(word) >= 7 else 1))
            ],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_facet_vectors"),
    ]

    operations = [
        migrations.CreateModel(
            name="Term",
            fields=[
                ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("stem", models.CharField(db_index=True, max_length=40)),
                ("documents", models.IntegerField(default=0)),
                ("display", models.CharField(blank=True, max_length=40)),
            ],
        ),
        migrations.CreateModel(
            name="TermKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=7)),
                ("word", models.CharField(max_length=40)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("key", "word"), name="search_termkey_unique")],
            },
        ),
        migrations.AddField(
            model_name="facetvector",
            name="type",
            field=models.CharField(db_default="", default="", max_length=20),
        ),
        migrations.AddField(
            model_name="facetvector",
            name="answer",
            field=models.BigIntegerField(db_default=0, db_index=True, default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
