"""The common Québec acronyms of the early-childhood network, as search synonyms."""

from django.db import migrations

SYNONYMS = {
    "CPE": ["centre de la petite enfance", "centres de la petite enfance"],
    "CLSC": ["centre local de services communautaires"],
    "CISSS": ["centre intégré de santé et de services sociaux"],
    "CIUSSS": ["centre intégré universitaire de santé et de services sociaux"],
    "MRC": ["municipalité régionale de comté"],
    "RLP": ["regroupement local de partenaires", "regroupements locaux de partenaires"],
    "OCF": ["organisme communautaire Famille", "organismes communautaires Famille"],
    "CSS": ["centre de services scolaire"],
    "DPE": ["démarche partenariale écosystémique"],
    "EQDEM": ["Enquête québécoise sur le développement des enfants à la maternelle"],
    "SIPPE": ["services intégrés en périnatalité et pour la petite enfance"],
    "RSG": ["responsable d'un service de garde en milieu familial"],
    "BC": ["bureau coordonnateur"],
    "HLM": ["habitation à loyer modique"],
    "tout-petits": ["jeunes enfants"],
}


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, equivalents in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": "\n".join(equivalents)})


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(term__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_backend_index")]
    operations = [migrations.RunPython(add, remove)]
