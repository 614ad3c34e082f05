"""The library's pages in French and English, the editors' rights and the review workflow.

Creates the English locale and the English home page (a translation of the site's
root page), a library index page in each language (/bibliotheque/ and
/en/bibliotheque/), gives the knowledge editors what they need in the admin (pages,
documents and images of the library), and routes every submission through one review
task of the knowledge editors.
"""

import uuid

from django.db import migrations

EDITORS = "Éditeurs des savoirs"
WORKFLOW = "Publication dans la bibliothèque"
TASK = "Révision par les éditeurs des savoirs"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    ("wagtaildocs", "document"): ["add_document", "change_document", "choose_document"],
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
}


def _next_child_path(Page, parent):
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path")
    last = children.first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    step = ""
    for _i in range(4):
        number, rest = divmod(number, 36)
        step = digits[rest] + step
    return parent.path + step


def _add_child(Page, model, parent, content_type, **fields):
    page = model.objects.create(
        path=_next_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{fields['slug']}/",
        content_type=content_type,
        live=True,
        draft_title=fields["title"],
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    LibraryIndexPage = apps.get_model("library", "LibraryIndexPage")

    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    index_type, _ = ContentType.objects.get_or_create(app_label="library", model="libraryindexpage")

    site = Site.objects.filter(is_default_site=True).first()
    root = Page.objects.get(depth=1)
    home = Page.objects.get(pk=site.root_page_id) if site else Page.objects.filter(depth=2).first()
    english_home = Page.objects.filter(translation_key=home.translation_key, locale=english).first()
    if english_home is None:
        english_home = _add_child(
            Page, Page, root, page_type, title="Home", slug="home-en", locale=english,
            translation_key=home.translation_key,
        )
        home.refresh_from_db()

    key = uuid.uuid4()
    indexes = []
    for parent, locale, title, intro in [
        (home, french, "Bibliothèque", "<p>Les apprentissages, outils et publications des partenaires.</p>"),
        (english_home, english, "Library", "<p>The partners' learnings, tools and publications.</p>"),
    ]:
        index = LibraryIndexPage.objects.filter(locale=locale).first()
        if index is None:
            index = _add_child(
                Page, LibraryIndexPage, parent, index_type, title=title, slug="bibliotheque",
                locale=locale, translation_key=key, intro=intro,
            )
        indexes.append(index)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    editors.permissions.add(access)
    for codename in PAGE_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=page_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )
        for index in indexes:
            GroupPagePermission.objects.get_or_create(group=editors, page_id=index.pk, permission=permission)
    collection = Collection.objects.filter(depth=1).first()
    for (app_label, model), codenames in COLLECTION_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
            )
            if collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=collection, permission=permission
                )

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
        task.groups.set([editors])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    for index in indexes:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("accounts", "0002_knowledge_editors_group"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
