"""Reference data of the network: systems, protective factors, ages, populations,
sectors, action types and themes, in French with their English translation."""

from django.db import migrations

SYSTEMS = [
    ("enfant", "Enfant", "Child"),
    ("famille", "Famille", "Family"),
    ("communaute", "Communauté", "Community"),
]

# (code, system, French, English, French description, English description)
PROTECTIVE_FACTORS = [
    (
        "sante-physique",
        "enfant",
        "Santé physique et saines habitudes de vie",
        "Physical health and healthy lifestyle",
        "Développement physique, motricité, alimentation, sommeil et activité physique.",
        "Physical development, motor skills, nutrition, sleep and physical activity.",
    ),
    (
        "habiletes-langagieres",
        "enfant",
        "Habiletés langagières et de communication",
        "Language and communication skills",
        "Vocabulaire, compréhension, expression et intérêt pour la lecture et l'écriture.",
        "Vocabulary, comprehension, expression and interest in reading and writing.",
    ),
    (
        "habiletes-cognitives",
        "enfant",
        "Habiletés cognitives",
        "Cognitive skills",
        "Attention, mémoire, résolution de problèmes et curiosité.",
        "Attention, memory, problem solving and curiosity.",
    ),
    (
        "competences-sociales-affectives",
        "enfant",
        "Compétences sociales et affectives",
        "Social and emotional skills",
        "Relations avec les autres, gestion des émotions, maturité affective.",
        "Relationships with others, emotional regulation, emotional maturity.",
    ),
    (
        "niveau-socioeconomique",
        "famille",
        "Niveau socioéconomique",
        "Socioeconomic status",
        "Revenu familial et scolarité des parents.",
        "Family income and parents' schooling.",
    ),
    (
        "attitudes-parentales",
        "famille",
        "Attitudes parentales",
        "Parental attitudes",
        "Sentiment de compétence parentale, aspirations pour la scolarité de l'enfant, "
        "rapport des parents à la lecture et à l'écriture.",
        "Sense of parental competence, hopes for the child's schooling, parents' own "
        "relationship to reading and writing.",
    ),
    (
        "pratiques-parentales",
        "famille",
        "Pratiques parentales",
        "Parenting practices",
        "Qualité des interactions parent-enfant, expériences d'apprentissage variées, lecture partagée.",
        "Quality of parent–child interactions, varied learning experiences, reading together.",
    ),
    (
        "qualite-services-milieux",
        "communaute",
        "Qualité des services et des milieux éducatifs",
        "Quality of services and educational settings",
        "Qualité des services de garde éducatifs et des services offerts aux familles.",
        "Quality of educational childcare and of the services offered to families.",
    ),
    (
        "accessibilite-continuite",
        "communaute",
        "Accessibilité et continuité des services",
        "Accessibility and continuity of services",
        "Accès aux services, arrimage entre eux et transition vers l'école.",
        "Access to services, coordination between them and the transition to school.",
    ),
    (
        "soutien-social-environnements",
        "communaute",
        "Soutien social et environnements favorables aux familles",
        "Social support and family-friendly environments",
        "Réseaux de soutien, lieux et aménagements accueillants pour les familles.",
        "Support networks, welcoming places and spaces for families.",
    ),
]

AGE_PERIODS = [
    ("grossesse", "Grossesse", "Pregnancy"),
    ("0-1", "0–1 an", "0–1 year"),
    ("1-2", "1–2 ans", "1–2 years"),
    ("2-3", "2–3 ans", "2–3 years"),
    ("3-4", "3–4 ans", "3–4 years"),
    ("4-5", "4–5 ans", "4–5 years"),
    ("transition-scolaire", "Transition scolaire", "Transition to school"),
]

POPULATIONS = [
    ("defavorisation", "Familles en contexte de défavorisation", "Families in disadvantaged contexts"),
    ("immigrantes", "Familles immigrantes", "Immigrant families"),
    ("autochtones", "Familles autochtones", "Indigenous families"),
    ("peres", "Pères", "Fathers"),
    ("jeunes-parents", "Jeunes parents", "Young parents"),
    ("besoins-particuliers", "Enfants ayant des besoins particuliers", "Children with special needs"),
]

SECTORS = [
    ("services-de-garde", "Services de garde éducatifs", "Educational childcare services"),
    ("sante-services-sociaux", "Santé et services sociaux", "Health and social services"),
    ("education", "Éducation", "Education"),
    ("communautaire-famille", "Organismes communautaires Famille", "Community family organisations"),
    ("municipal", "Municipalités et MRC", "Municipalities and RCMs"),
    ("bibliotheques-culture", "Bibliothèques et culture", "Libraries and culture"),
    ("emploi-solidarite", "Emploi et solidarité sociale", "Employment and social solidarity"),
    ("philanthropie", "Philanthropie", "Philanthropy"),
    ("recherche", "Recherche", "Research"),
    ("autre", "Autre", "Other"),
]

ACTION_TYPES = [
    ("activites-enfants", "Activités directes auprès des enfants", "Direct activities with children"),
    ("soutien-parental", "Soutien aux parents et réseautage", "Parental support and networking"),
    ("perinatalite", "Soutien prénatal et périnatal", "Prenatal and perinatal support"),
    ("sensibilisation", "Sensibilisation et promotion", "Awareness and promotion"),
    ("formation", "Formation des intervenants", "Training of practitioners"),
    ("transition-scolaire", "Transition vers l'école", "Transition to school"),
    ("environnements-favorables", "Environnements favorables", "Family-friendly environments"),
    ("concertation", "Concertation et coordination", "Concertation and coordination"),
]

THEMES = [
    ("eveil-lecture-ecriture", "Éveil à la lecture et à l'écriture", "Early literacy"),
    ("langage", "Langage et communication", "Language and communication"),
    ("saines-habitudes", "Saines habitudes de vie", "Healthy lifestyle"),
    ("developpement-moteur", "Développement moteur", "Motor development"),
    ("socioaffectif", "Développement socioaffectif", "Social and emotional development"),
    ("parentalite", "Soutien à la parentalité", "Parenting support"),
    ("transition-scolaire", "Transition scolaire", "Transition to school"),
    ("acces-services", "Accès aux services", "Access to services"),
    ("mobilisation", "Mobilisation et concertation", "Mobilisation and concertation"),
    ("defavorisation", "Pauvreté et défavorisation", "Poverty and disadvantage"),
    ("diversite", "Immigration et diversité culturelle", "Immigration and cultural diversity"),
    ("engagement-peres", "Engagement des pères", "Fathers' involvement"),
    ("perinatalite", "Périnatalité", "Perinatality"),
    ("environnements-favorables", "Environnements favorables", "Family-friendly environments"),
]


def _load_simple(model, rows):
    for position, (code, label_fr, label_en) in enumerate(rows, start=1):
        model.objects.update_or_create(
            code=code, defaults={"label_fr": label_fr, "label_en": label_en, "position": position}
        )


def load(apps, schema_editor):
    System = apps.get_model("taxonomy", "System")
    ProtectiveFactor = apps.get_model("taxonomy", "ProtectiveFactor")
    _load_simple(System, SYSTEMS)
    systems = {s.code: s for s in System.objects.all()}
    for position, (code, system, label_fr, label_en, desc_fr, desc_en) in enumerate(
        PROTECTIVE_FACTORS, start=1
    ):
        ProtectiveFactor.objects.update_or_create(
            code=code,
            defaults={
                "system": systems[system],
                "label_fr": label_fr,
                "label_en": label_en,
                "description_fr": desc_fr,
                "description_en": desc_en,
                "position": position,
            },
        )
    _load_simple(apps.get_model("taxonomy", "AgePeriod"), AGE_PERIODS)
    _load_simple(apps.get_model("taxonomy", "Population"), POPULATIONS)
    _load_simple(apps.get_model("taxonomy", "Sector"), SECTORS)
    _load_simple(apps.get_model("taxonomy", "ActionType"), ACTION_TYPES)
    _load_simple(apps.get_model("taxonomy", "Theme"), THEMES)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
