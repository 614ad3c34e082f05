"""Facet vectors: every document's facet values as counters in integer lanes (search.facets).

Existing values get slots in the order they were numbered; every document's vector is
computed from its (facet, document) rows in one INSERT … SELECT, on SQLite as on PostgreSQL.
"""

from django.db import migrations, models

import search.models

# As in search.facets when this migration was written: 40 lanes of three 21-bit fields.
LANES = 40
FIELDS_PER_LANE = 3
FIELD_BITS = 21


def fill_vectors(apps, schema_editor):
    FacetValue = apps.get_model("search", "FacetValue")
    for slot, value in enumerate(FacetValue.objects.order_by("pk")[: LANES * FIELDS_PER_LANE]):
        value.slot = slot
        value.save(update_fields=["slot"])
    lanes = ", ".join(f"lane{lane}" for lane in range(LANES))
    # The slot's field within its lane, without « % » (a placeholder sign for some drivers).
    field = f"(v.slot - {FIELDS_PER_LANE} * (v.slot / {FIELDS_PER_LANE}))"
    sums = ", ".join(
        f"COALESCE(SUM(CASE WHEN v.slot / {FIELDS_PER_LANE} = {lane} "
        f"THEN CAST(1 AS BIGINT) << ({FIELD_BITS} * {field}) ELSE 0 END), 0)"
        for lane in range(LANES)
    )
    schema_editor.execute(
        f"INSERT INTO search_facetvector (document_id, {lanes}) SELECT d.id, {sums} "  # noqa: S608  # nosec B608
        "FROM search_document d LEFT JOIN search_documentfacet f ON f.document_id = d.id "
        "LEFT JOIN search_facetvalue v ON v.id = f.facet_id AND v.slot IS NOT NULL GROUP BY d.id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_facet_numbers"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetVector",
            fields=[
                ("document_id", search.models.RowNumberField(primary_key=True, serialize=False)),
                ("lane0", models.BigIntegerField(default=0)),
                ("lane1", models.BigIntegerField(default=0)),
                ("lane2", models.BigIntegerField(default=0)),
                ("lane3", models.BigIntegerField(default=0)),
                ("lane4", models.BigIntegerField(default=0)),
                ("lane5", models.BigIntegerField(default=0)),
                ("lane6", models.BigIntegerField(default=0)),
                ("lane7", models.BigIntegerField(default=0)),
                ("lane8", models.BigIntegerField(default=0)),
                ("lane9", models.BigIntegerField(default=0)),
                ("lane10", models.BigIntegerField(default=0)),
                ("lane11", models.BigIntegerField(default=0)),
                ("lane12", models.BigIntegerField(default=0)),
                ("lane13", models.BigIntegerField(default=0)),
                ("lane14", models.BigIntegerField(default=0)),
                ("lane15", models.BigIntegerField(default=0)),
                ("lane16", models.BigIntegerField(default=0)),
                ("lane17", models.BigIntegerField(default=0)),
                ("lane18", models.BigIntegerField(default=0)),
                ("lane19", models.BigIntegerField(default=0)),
                ("lane20", models.BigIntegerField(default=0)),
                ("lane21", models.BigIntegerField(default=0)),
                ("lane22", models.BigIntegerField(default=0)),
                ("lane23", models.BigIntegerField(default=0)),
                ("lane24", models.BigIntegerField(default=0)),
                ("lane25", models.BigIntegerField(default=0)),
                ("lane26", models.BigIntegerField(default=0)),
                ("lane27", models.BigIntegerField(default=0)),
                ("lane28", models.BigIntegerField(default=0)),
                ("lane29", models.BigIntegerField(default=0)),
                ("lane30", models.BigIntegerField(default=0)),
                ("lane31", models.BigIntegerField(default=0)),
                ("lane32", models.BigIntegerField(default=0)),
                ("lane33", models.BigIntegerField(default=0)),
                ("lane34", models.BigIntegerField(default=0)),
                ("lane35", models.BigIntegerField(default=0)),
                ("lane36", models.BigIntegerField(default=0)),
                ("lane37", models.BigIntegerField(default=0)),
                ("lane38", models.BigIntegerField(default=0)),
                ("lane39", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="facetvalue",
            name="slot",
            field=models.PositiveIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop),
    ]
