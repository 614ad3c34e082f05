"""The 17 administrative regions of Québec with their official codes."""

from django.db import migrations

REGIONS = [
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale", "Capitale-Nationale"),
    ("04", "Mauricie", "Mauricie"),
    ("05", "Estrie", "Estrie"),
    ("06", "Montréal", "Montréal"),
    ("07", "Outaouais", "Outaouais"),
    ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord", "Côte-Nord"),
    ("10", "Nord-du-Québec", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches", "Chaudière-Appalaches"),
    ("13", "Laval", "Laval"),
    ("14", "Lanaudière", "Lanaudière"),
    ("15", "Laurentides", "Laurentides"),
    ("16", "Montérégie", "Montérégie"),
    ("17", "Centre-du-Québec", "Centre-du-Québec"),
]


def load(apps, schema_editor):
    Region = apps.get_model("territories", "Region")
    for position, (code, label_fr, label_en) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(
            code=code, defaults={"label_fr": label_fr, "label_en": label_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
