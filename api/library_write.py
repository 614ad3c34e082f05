"""Proposing library items through the API, and following their review (token required).

The same form and the same actions as the site's page « Proposer un contenu »
(``library.forms.SubmissionForm``, ``library.actions.submission``), so that the checks,
the French messages and the review workflow are the same. A submission is sent as JSON,
or as multipart/form-data when it carries files (a tool's ``files``, a publication's
``document``), with the same field names.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from api.errors import ApiError
from api.schemas import ErrorOut, PageParams
from api.tokens import TOKEN_REQUIRED
from library.actions.submission import (
    SUBMITTERS_ONLY,
    Submission,
    can_submit,
    submission_of,
    submissions_of,
    submit_item,
)
from library.actions.submission import Status as ReviewStatus
from library.forms import SubmissionForm
from library.models.items import ItemKind, LearningPage, PublicationKind

router = Router()

SUBMISSIONS = [gettext_lazy("Propositions à la bibliothèque (jeton requis)")]


# What a submission carries: documents the request body (read by the site's form).
class SubmissionIn(Schema):
    type: str = Field(
        description=gettext_lazy("Le type de contenu."), json_schema_extra={"enum": ItemKind.values}
    )
    language: str = Field(
        "fr",
        description=gettext_lazy("La langue du contenu : fr ou en."),
        json_schema_extra={"enum": ["fr", "en"]},
    )
    title: str = Field(description=gettext_lazy("Le titre, 255 caractères au plus."))
    summary: str = Field(description=gettext_lazy("Le résumé, 1 000 caractères au plus."))
    body: str = Field(
        "",
        description=gettext_lazy(
            "Le texte : paragraphes séparés par une ligne vide, ou HTML simple (le reste est retiré). "
            "Obligatoire pour une actualité."
        ),
    )
    context: str = Field("", description=gettext_lazy("Apprentissage : le contexte."))
    what_was_done: str = Field("", description=gettext_lazy("Apprentissage : ce qui a été fait."))
    results: str = Field("", description=gettext_lazy("Apprentissage : les résultats."))
    success_conditions: str = Field("", description=gettext_lazy("Apprentissage : les conditions de succès."))
    challenges: str = Field("", description=gettext_lazy("Apprentissage : les défis."))
    reuse_advice: str = Field("", description=gettext_lazy("Apprentissage : les conseils pour réinvestir."))
    contacts: str = Field("", description=gettext_lazy("Apprentissage : les personnes-ressources."))
    publication_kind: str = Field(
        "rapport",
        description=gettext_lazy("Publication : le genre."),
        json_schema_extra={"enum": PublicationKind.values},
    )
    authors: str = Field("", description=gettext_lazy("Publication : les auteurs."))
    parts: list[str] = Field(
        [],
        description=gettext_lazy("Dossier : les numéros ou les adresses des éléments publiés, dans l'ordre."),
    )
    systems: list[str] = Field([], description=gettext_lazy("Codes des systèmes."))
    protective_factors: list[str] = Field([], description=gettext_lazy("Codes des facteurs de protection."))
    themes: list[str] = Field([], description=gettext_lazy("Codes des thèmes."))
    age_periods: list[str] = Field([], description=gettext_lazy("Codes des périodes d'âge."))
    populations: list[str] = Field([], description=gettext_lazy("Codes des populations."))
    action_types: list[str] = Field([], description=gettext_lazy("Codes des types d'action."))
    regions: list[str] = Field([], description=gettext_lazy("Codes des régions (01 à 17)."))
    organisations: list[int] = Field(
        [], description=gettext_lazy("Numéros des partenaires crédités : ceux pour lesquels vous travaillez.")
    )
    partnerships: list[int] = Field(
        [],
        description=gettext_lazy(
            "Numéros des regroupements crédités : ceux que vous coordonnez ou dont votre organisation "
            "est membre."
        ),
    )
    source_actions: list[int] = Field(
        [], description=gettext_lazy("Numéros des actions d'origine de vos plans.")
    )


class SubmissionOut(Schema):
    id: int = Field(description=gettext_lazy("Numéro de la page proposée."))
    type: str = Field(description=gettext_lazy("Le type de contenu."))
    language: str
    title: str = Field(description=gettext_lazy("Le titre de la dernière version envoyée."))
    status: str = Field(
        description=gettext_lazy("Où en est la révision."), json_schema_extra={"enum": ReviewStatus.values}
    )
    status_label: str = Field(description=gettext_lazy("Le statut, en toutes lettres."))
    comment: str = Field(
        description=gettext_lazy("Le commentaire des éditeurs quand ils demandent des modifications.")
    )
    url: str | None = Field(description=gettext_lazy("L'adresse publique, une fois publié."))
    updated_at: datetime.datetime | None = Field(
        description=gettext_lazy("Date de la dernière version envoyée.")
    )


class SubmissionList(Schema):
    count: int
    items: list[SubmissionOut]


_FILE_SCHEMA = {"type": "string", "format": "binary"}
_BODY_SCHEMA = SubmissionIn.model_json_schema()
_MULTIPART_SCHEMA = {
    **_BODY_SCHEMA,
    "properties": {
        **_BODY_SCHEMA["properties"],
        "files": {
            "type": "array",
            "items": _FILE_SCHEMA,
            "description": str(
                gettext_lazy("Outil : les fichiers (PDF, DOCX, XLSX, PNG, JPEG ; 20 Mo au plus).")
            ),
        },
        "document": {**_FILE_SCHEMA, "description": gettext_lazy("Publication : le document.")},
    },
}
REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _BODY_SCHEMA},
            "multipart/form-data": {"schema": _MULTIPART_SCHEMA},
        },
    }
}


def _out(submission: Submission) -> dict[str, Any]:
    page = submission.page
    return {
        "id": page.pk,
        "type": page.kind,
        "language": page.locale.language_code,
        "title": page.draft_title or page.title,
        "status": submission.status.value,
        "status_label": str(submission.status.label),
        "comment": submission.comment,
        "url": submission.public_url or None,
        "updated_at": page.latest_revision_created_at,
    }


def _form_data(request: HttpRequest) -> tuple[QueryDict, MultiValueDict]:
    """The body as the site's form reads it: JSON values, or the multipart fields and files."""
    if "json" in (request.content_type or ""):
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise ApiError(400, _("Le corps de la requête n'est pas un JSON valide.")) from error
        if not isinstance(body, dict):
            raise ApiError(400, _("Le corps de la requête doit être un objet JSON."))
        data = QueryDict(mutable=True)
        errors = []
        for name, value in body.items():
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, dict | list) for v in values):
                errors.append(
                    {"field": name, "message": _("Le champ « %(name)s » n'est pas valide.") % {"name": name}}
                )
                continue
            values = [v for v in values if v is not None]
            if name == "parts":
                data.setlist(name, ["\n".join(str(v) for v in values)])
            else:
                data.setlist(name, [str(v) for v in values])
        if errors:
            raise _bad_request(errors)
        return data, MultiValueDict()
    if (
        request.content_type == "multipart/form-data"
        or request.content_type == "application/x-www-form-urlencoded"
    ):
        data = request.POST.copy()
        if "parts" in data:
            data.setlist("parts", ["\n".join(data.getlist("parts"))])
        return data, request.FILES
    raise ApiError(
        400, _("Envoyez la proposition en JSON, ou en multipart/form-data quand elle comporte des fichiers.")
    )


def _bad_request(errors: list[dict[str, str]]) -> ApiError:
    detail = " ".join(f"{e['field']} : {e['message']}" if e["field"] else e["message"] for e in errors)
    return ApiError(400, detail, errors)


def _form_errors(form: SubmissionForm) -> ApiError:
    errors = [
        {"field": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return _bad_request(errors)


@router.post(
    "/library/submissions",
    response={201: SubmissionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="library_submissions_create",
    tags=SUBMISSIONS,
    summary=gettext_lazy("Proposer un contenu à la bibliothèque"),
    description=gettext_lazy(
        "Comme la page « Proposer un contenu » : le contenu devient un brouillon que les éditeurs des "
        "savoirs relisent avant de le publier ; vous êtes informé par courriel à chaque étape. Réservé aux "
        "personnes rattachées à un partenaire et aux personnes qui coordonnent un regroupement. En JSON, ou "
        "en multipart/form-data avec les fichiers d'un outil (files) ou le document d'une publication "
        "(document). Les champs des sections (context, what_was_done…) ne valent que pour un apprentissage. "
        "Chaque problème est détaillé par champ dans errors."
    ),
    openapi_extra=REQUEST_BODY,
    auth=TOKEN_REQUIRED,
)
def create_submission(request: HttpRequest) -> Any:
    """A new submission from a program, checked and recorded as on the site."""
    user = request.user
    if not can_submit(user):
        raise ApiError(403, str(SUBMITTERS_ONLY))
    data, files = _form_data(request)
    kind = data.get("type", "")
    if kind not in ItemKind.values:
        message = (
            _("« %(kind)s » n'est pas un type de contenu : choisissez %(kinds)s.")
            if kind
            else _("Indiquez le type de contenu : %(kinds)s.")
        ) % {"kind": kind, "kinds": ", ".join(ItemKind.values)}
        raise _bad_request([{"field": "type", "message": message}])
    if not data.get("language"):
        data["language"] = "fr"
    known = set(SubmissionIn.model_fields) | {"files", "document"}
    unknown = sorted(set(data) - known) + sorted(set(files) - known)
    if unknown:
        raise _bad_request([{"field": name, "message": _("Ce champ n'existe pas.")} for name in unknown])
    if kind != ItemKind.LEARNING:
        sections = [name for name in LearningPage.SECTIONS if data.get(name)]
        if sections:
            raise _bad_request(
                [{"field": name, "message": _("Seul un apprentissage a des sections.")} for name in sections]
            )
    form = SubmissionForm(data, files, user=user, kind=kind)
    if not form.is_valid():
        raise _form_errors(form)
    try:
        page = submit_item(user, form.submission_data(), form.uploaded_files())
    except PermissionDenied as error:
        raise ApiError(403, str(getattr(error, "user_message", "") or error)) from error
    except ValidationError as error:
        form.add_action_errors(error)
        raise _form_errors(form) from error
    return Status(201, _out(submission_of(page)))


@router.get(
    "/library/submissions",
    response={200: SubmissionList, 400: ErrorOut, 401: ErrorOut},
    url_name="library_submissions",
    tags=SUBMISSIONS,
    summary=gettext_lazy("Mes propositions à la bibliothèque"),
    description=gettext_lazy(
        "Les contenus proposés par le titulaire du jeton, du plus récent au plus ancien, avec où en est leur "
        "révision : en_revision, modifications_demandees (avec le commentaire des éditeurs), publiee, "
        "retiree ou brouillon."
    ),
    auth=TOKEN_REQUIRED,
)
def list_submissions(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The caller's submissions and their status, in three queries."""
    total, submissions = submissions_of(request.user, offset=page.offset, limit=page.limit)
    return {"count": total, "items": [_out(s) for s in submissions]}
