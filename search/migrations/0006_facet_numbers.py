"""Facet values numbered once (FacetValue): counting groups integers instead of strings."""

import django.db.models.deletion
from django.db import migrations, models


def number_values(apps, schema_editor):
    FacetValue = apps.get_model("search", "FacetValue")
    DocumentFacet = apps.get_model("search", "DocumentFacet")
    values = DocumentFacet.objects.values_list("value", flat=True).distinct()
    FacetValue.objects.bulk_create([FacetValue(value=v) for v in values], ignore_conflicts=True)
    schema_editor.execute(
        "UPDATE search_documentfacet SET facet_id = "
        "(SELECT v.id FROM search_facetvalue v WHERE v.value = search_documentfacet.value)"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_editors_edit_synonyms")]

    operations = [
        migrations.CreateModel(
            name="FacetValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.CharField(max_length=80, unique=True)),
            ],
        ),
        migrations.RemoveConstraint(model_name="documentfacet", name="search_facet_unique"),
        migrations.RemoveIndex(model_name="documentfacet", name="search_facet_value_doc"),
        migrations.AddField(
            model_name="documentfacet",
            name="facet",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="search.facetvalue",
            ),
        ),
        migrations.RunPython(number_values, migrations.RunPython.noop),
        migrations.RemoveField(model_name="documentfacet", name="value"),
        migrations.AlterField(
            model_name="documentfacet",
            name="facet",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="search.facetvalue",
            ),
        ),
        migrations.AddIndex(
            model_name="documentfacet",
            index=models.Index(fields=["facet", "document"], name="search_facet_value_doc"),
        ),
        migrations.AddConstraint(
            model_name="documentfacet",
            constraint=models.UniqueConstraint(fields=("document", "facet"), name="search_facet_unique"),
        ),
    ]
