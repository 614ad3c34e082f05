"""The EQDEM domains and Québec's rates for 2012, 2017 and 2022 (share of kindergarten
children vulnerable, in %). The communication domain was not published for 2017."""

from django.db import migrations

# (code, French, English, protective factors of the child it points to, overall)
DOMAINS = [
    (
        "sante-physique",
        "Santé physique et bien-être",
        "Physical health and well-being",
        ["sante-physique"],
        False,
    ),
    ("competences-sociales", "Compétences sociales", "Social competence", ["competences-sociales-affectives"], False),
    ("maturite-affective", "Maturité affective", "Emotional maturity", ["competences-sociales-affectives"], False),
    (
        "developpement-cognitif-langagier",
        "Développement cognitif et langagier",
        "Cognitive and language development",
        ["habiletes-cognitives", "habiletes-langagieres"],
        False,
    ),
    (
        "habiletes-communication",
        "Habiletés de communication et connaissances générales",
        "Communication skills and general knowledge",
        ["habiletes-langagieres"],
        False,
    ),
    (
        "au-moins-un-domaine",
        "Vulnérables dans au moins un domaine",
        "Vulnerable in at least one domain",
        [],
        True,
    ),
]

# code -> (2012, 2017, 2022); None where the survey published no figure.
QUEBEC_RATES = {
    "sante-physique": ("9.5", "10.6", "10.3"),
    "competences-sociales": ("9.0", "10.2", "10.6"),
    "maturite-affective": ("9.7", "11.5", "11.7"),
    "developpement-cognitif-langagier": ("10.0", "11.1", "12.1"),
    "habiletes-communication": ("10.8", None, "11.5"),
    "au-moins-un-domaine": ("25.6", "27.7", "28.7"),
}
YEARS = (2012, 2017, 2022)
SOURCE = "Enquête québécoise sur le développement des enfants à la maternelle (EQDEM)"


def load(apps, schema_editor):
    EqdemDomain = apps.get_model("portraits", "EqdemDomain")
    EqdemRate = apps.get_model("portraits", "EqdemRate")
    ProtectiveFactor = apps.get_model("taxonomy", "ProtectiveFactor")
    factors = {factor.code: factor for factor in ProtectiveFactor.objects.all()}
    for position, (code, label_fr, label_en, factor_codes, overall) in enumerate(DOMAINS, start=1):
        domain, _created = EqdemDomain.objects.update_or_create(
            code=code,
            defaults={"label_fr": label_fr, "label_en": label_en, "position": position, "is_overall": overall},
        )
        domain.protective_factors.set([factors[c] for c in factor_codes if c in factors])
        for year, rate in zip(YEARS, QUEBEC_RATES[code], strict=True):
            if rate is not None:
                EqdemRate.objects.update_or_create(
                    domain=domain, region=None, year=year, defaults={"rate": rate, "source": SOURCE}
                )


def unload(apps, schema_editor):
    apps.get_model("portraits", "EqdemDomain").objects.filter(code__in=[d[0] for d in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portraits", "0001_initial"),
        ("taxonomy", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload)]
