"""Knowledge editors (« Éditeurs des savoirs ») add, change and delete search synonyms."""

from django.db import migrations

EDITORS = "Éditeurs des savoirs"
ACTIONS = ("add", "change", "delete", "view")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # post_migrate has not created them yet on a fresh database.
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="synonym")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_synonym",
            defaults={"name": f"Can {action} synonyme"},
        )
        editors.permissions.add(permission)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="search", codename__in=[f"{a}_synonym" for a in ACTIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_document_reserved_index"),
        ("accounts", "0002_knowledge_editors_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
