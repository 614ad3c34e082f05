"""The permission matrix of the site's pages: which URL names exist, which verbs each accepts,
the data the cells run against, and what every role may get from every page.

``test_permission_matrix`` walks the URL configuration and looks every URL name up in
``CASES``: a page without an entry, or an entry whose page is gone, fails the test, so a
new view cannot be added without saying who may use it.

An outcome is a word, not a bare status, so that « 302 » tells apart the login page and
the page one lands on after a success:

- ``OK`` 200; ``LOGIN`` 302 to the login page; ``REDIRECT`` 302 anywhere else;
- ``INVALID`` 400 (a refused form or parameter: the permission was granted);
- ``FORBIDDEN`` 403; ``HIDDEN`` 404 (what the person may not even see);
- ``VERB`` 405 (a verb the view does not accept).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

ROLES = ("anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur")

OK = "ok"
LOGIN = "login"
REDIRECT = "redirect"
INVALID = "invalid"
FORBIDDEN = "forbidden"
HIDDEN = "hidden"
VERB = "verb"

#: Permission granted to a write: the form again with its errors (200 or 400), or the
#: page one is sent to after the change. Validation is not the point here.
ACCEPTED = frozenset({OK, REDIRECT, INVALID})
#: A read-only page posted to: it shows itself again (it ignores the verb) or refuses the
#: verb. Either way nothing is written, and nobody is refused what GET gives them.
READ_ONLY_POST = frozenset({OK, VERB})

#: The verbs every page is tried with, whatever it declares; other verbs are tried on the
#: pages that declare them (require_http_methods or a class-based view's handlers).
BASE_VERBS = ("GET", "POST")
OTHER_VERBS = ("PUT", "PATCH", "DELETE")


def outcome(status: int, location: str = "") -> str:
    """The word for a response: its status, and for a redirect whether it goes to the login page."""
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(location).path
        return LOGIN if path.startswith(reverse("account_login")) else REDIRECT
    return {200: OK, 400: INVALID, 403: FORBIDDEN, 404: HIDDEN, 405: VERB}.get(status, str(status))


Outcomes = dict[str, frozenset[str]]


def _words(value: str | Iterable[str]) -> frozenset[str]:
    return frozenset({value}) if isinstance(value, str) else frozenset(value)


def roles(default: str | Iterable[str], **per_role: str | Iterable[str]) -> Outcomes:
    """Every role's outcomes: ``default`` unless named, e.g. ``roles(FORBIDDEN, anonyme=LOGIN)``."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    return {role: _words(per_role.get(role, default)) for role in ROLES}


def everyone(value: str | Iterable[str]) -> Outcomes:
    return roles(value)


def read_only(get: Outcomes) -> Outcomes:
    """POST to a page that does not restrict its verbs: what GET gives, or 405."""
    return {role: (READ_ONLY_POST if OK in words else words) for role, words in get.items()}


# Groups of people, by role name --------------------------------------------------------

#: Coordinators of the Rimouski partnership (« this partnership ») and administrators.
PARTNERSHIP_EDITORS = ("coordonnateur", "administrateur")
SIGNED_IN = ROLES[1:]


def only(allowed: Iterable[str], granted: str | Iterable[str], refused: str | Iterable[str]) -> Outcomes:
    """``granted`` for the allowed roles, ``refused`` for the other signed-in roles, login for visitors."""
    allowed = set(allowed)
    return {
        role: _words(LOGIN if role == "anonyme" else granted if role in allowed else refused)
        for role in ROLES
    }


def signed_in(granted: str | Iterable[str]) -> Outcomes:
    return only(SIGNED_IN, granted, granted)


# Cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One page address (a URL name with its arguments) and the outcome of each verb for each role."""

    args: Callable[[Any], dict[str, Any] | tuple] = lambda w: {}
    expect: dict[str, Outcomes] = field(default_factory=dict)
    #: Distinguishes several addresses of one URL name (a public and a members-only plan…).
    variant: str = ""
    #: The body of a POST (or other write), built from the world; empty by default.
    data: Callable[[Any], dict[str, Any]] = lambda w: {}
    query: str = ""
    why: str = ""
    #: The POST is sent as multipart/form-data, for a body with files.
    multipart: bool = False
    #: Texts the answer must show, or must not show, to a role for a verb: (world, role, verb) → texts.
    shows: Callable[[Any, str, str], Iterable[str]] = lambda w, role, verb: ()
    hides: Callable[[Any, str, str], Iterable[str]] = lambda w, role, verb: ()

    def path(self, name: str, world: Any) -> str:
        args = self.args(world)
        if isinstance(args, dict):
            url = reverse(name, kwargs=args)
        else:
            url = reverse(name, args=args)
        return f"{url}?{self.query}" if self.query else url


def case(
    *,
    get: Outcomes,
    post: Outcomes,
    args: Callable[[Any], dict[str, Any] | tuple] = lambda w: {},
    variant: str = "",
    data: Callable[[Any], dict[str, Any]] = lambda w: {},
    query: str = "",
    why: str = "",
    multipart: bool = False,
    shows: Callable[[Any, str, str], Iterable[str]] = lambda w, role, verb: (),
    hides: Callable[[Any, str, str], Iterable[str]] = lambda w, role, verb: (),
    **other: Outcomes,
) -> Case:
    expect = {"GET": get, "POST": post}
    expect.update({verb.upper(): outcomes for verb, outcomes in other.items()})
    return Case(
        args=args,
        expect=expect,
        variant=variant,
        data=data,
        query=query,
        why=why,
        multipart=multipart,
        shows=shows,
        hides=hides,
    )


def public(args: Callable[[Any], dict[str, Any] | tuple] = lambda w: {}, **extra: Any) -> Case:
    """A page everyone reads, whatever the verb does to it."""
    return case(get=everyone(OK), post=read_only(everyone(OK)), args=args, **extra)


def get_only(
    get: Outcomes, args: Callable[[Any], dict[str, Any] | tuple] = lambda w: {}, **extra: Any
) -> Case:
    """A page declared GET-only: POST is refused with 405 (after the login check when it has one)."""
    post = {role: frozenset({LOGIN}) if LOGIN in words else frozenset({VERB}) for role, words in get.items()}
    return case(get=get, post=post, args=args, **extra)


def post_only(
    post: Outcomes, args: Callable[[Any], dict[str, Any] | tuple] = lambda w: {}, **extra: Any
) -> Case:
    """A form target declared POST-only; ``login_first`` when the login check runs before the verb's."""
    login_first = extra.pop("login_first", False)
    get = {
        role: frozenset({LOGIN}) if login_first and LOGIN in words else frozenset({VERB})
        for role, words in post.items()
    }
    return case(get=get, post=post, args=args, **extra)


def editing(allowed: Iterable[str], args: Callable[[Any], dict[str, Any] | tuple], **extra: Any) -> Case:
    """A GET/POST editing page: the form for the allowed roles, 403 for the others."""
    return case(
        get=only(allowed, OK, FORBIDDEN),
        post=only(allowed, ACCEPTED, FORBIDDEN),
        args=args,
        **extra,
    )


def _rimouski(w: Any) -> dict[str, int]:
    return {"pk": w.network.rimouski.pk}


def _plan(w: Any) -> dict[str, int]:
    return {"pk": w.plans.plan.pk}


def _hidden_plan(w: Any) -> dict[str, int]:
    return {"pk": w.plans.hidden.pk}


def _workshops(w: Any) -> dict[str, int]:
    return {"pk": w.plans.workshops.pk}


def _learning(w: Any) -> dict[str, int]:
    return {"pk": w.library.learning.pk}


def _comment(w: Any) -> dict[str, int]:
    return {"pk": w.comment.pk}


#: Seen only by the Hochelaga partnership's people (its coordinator) and administrators.
MEMBERS_ONLY_PLAN = roles(HIDDEN, coordonnateur_autre=OK, administrateur=OK)
#: The people of the Rimouski partnership: its coordinator, the member (who works for the
#: CPE, a member organisation) and administrators.
PEOPLE_OF_RIMOUSKI = ("membre", "coordonnateur", "administrateur")
#: The member works for the CPE, which leads the workshops.
WORKSHOPS_FOLLOW_UP = ("membre", "coordonnateur", "administrateur")
#: Who follows up the members-only plan's action: Hochelaga's coordinator and administrators.
#: The CPE contributes to it, but from outside Hochelaga: its member sees nothing of it.
HIDDEN_ACTION_FOLLOW_UP = ("coordonnateur_autre", "administrateur")
#: The import's one answer for a number one may not update, whether it exists or not.
NOT_UPDATABLE = "aucune action que vous pouvez mettre à jour ne porte le numéro {id}."
#: Coordinators of any partnership and administrators reinvest into their plans.
REINVESTORS = ("coordonnateur", "coordonnateur_autre", "administrateur")
#: People who work for an organisation or coordinate a partnership propose library items.
SUBMITTERS = ("membre", "coordonnateur", "coordonnateur_autre")
MODERATORS = ("editeur", "administrateur")
#: The shared collection belongs to the member and is shared with Rimouski: its people
#: read it; administrators read every shared collection.
SHARED_COLLECTION_READERS = ("membre", "coordonnateur", "administrateur")


def _progress_file(action: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    """The import page's form with a file that sets the action's progress to 55 %."""

    def data(w: Any) -> dict[str, Any]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        csv = f"action;progression\n{action(w).pk};55\n".encode()
        return {"file": SimpleUploadedFile("avancement.csv", csv, content_type="text/csv")}

    return data


def _job(w: Any) -> dict[str, int]:
    """A progress import sent by Rimouski's coordinator, waiting for a worker."""
    from core.models import Job

    job = getattr(w, "job", None)
    if job is None or not Job.objects.filter(pk=job.pk).exists():
        w.job = Job.objects.create(
            kind="plans.import_progress", user=w.network.coordinator, input_label="avancement.csv"
        )
    return {"pk": w.job.pk}


def _hidden_title_for(outsiders: Iterable[str]) -> Callable[[Any, str, str], list[str]]:
    outsiders = set(outsiders)
    return lambda w, role, verb: [w.hidden_action.title] if verb == "GET" and role in outsiders else []


def _owner_of_shared(granted: str | Iterable[str]) -> Outcomes:
    """The member edits their shared collection; its other readers are refused; others do not see it."""
    return roles(HIDDEN, anonyme=LOGIN, membre=granted, coordonnateur=FORBIDDEN, administrateur=FORBIDDEN)


CASES: dict[str, list[Case]] = {
    # The project's own pages ------------------------------------------------------------
    "health": [get_only(everyone(OK))],
    "home": [public()],
    "privacy": [get_only(everyone(OK))],
    "robots": [public()],
    "sitemap": [public()],
    "sitemap_section": [
        public(lambda w, s=section: {"section": s}, variant=section)
        for section in ("bibliotheque", "partenaires", "regroupements", "plans", "actions")
    ],
    # Wagtail's document serving: the library decides who gets which file.
    "wagtaildocs_serve": [
        public(lambda w: (w.public_document.pk, w.public_document.filename), variant="outil_publie"),
        case(
            variant="proposition",
            why="The files of a submission under review: its uploader and the knowledge editors.",
            args=lambda w: (w.draft_document.pk, w.draft_document.filename),
            get=roles(HIDDEN, membre=OK, editeur=OK, administrateur=OK),
            post=read_only(roles(HIDDEN, membre=OK, editeur=OK, administrateur=OK)),
        ),
    ],
    # The same files by their storage address (/media/…): the same view, the same rules.
    "media": [
        get_only(everyone(OK), args=lambda w: {"path": w.public_document.file.name}, variant="outil_publie"),
        get_only(
            roles(HIDDEN, membre=OK, editeur=OK, administrateur=OK),
            args=lambda w: {"path": w.draft_document.file.name},
            variant="proposition",
            why="A submission's file stays private by its /media/ address too.",
        ),
    ],
    # Accounts: our own views (allauth's are left out, see EXCLUDED) -----------------------
    "accounts:tokens": [case(get=signed_in(OK), post=signed_in(ACCEPTED))],
    "accounts:token_revoke": [
        post_only(
            roles(HIDDEN, anonyme=LOGIN, membre=REDIRECT),
            args=lambda w: {"pk": w.member_token.pk},
            login_first=True,
            why="Someone else's token is « not found », not « forbidden », administrators included.",
        )
    ],
    "accounts:personal_data": [get_only(signed_in(OK))],
    "accounts:personal_data_download": [get_only(signed_in(OK))],
    "accounts:delete_account": [
        post_only(signed_in(ACCEPTED), login_first=True, why="Without the password, nothing is deleted.")
    ],
    "accounts:account_deleted": [get_only(everyone(OK))],
    # Partners ---------------------------------------------------------------------------
    "partners:organisation_list": [public()],
    "partners:organisation": [public(lambda w: {"pk": w.network.cpe.pk})],
    "partners:partnership_list": [public()],
    "partners:partnership": [public(_rimouski)],
    "partners:partnership_edit": [editing(PARTNERSHIP_EDITORS, _rimouski)],
    "partners:membership_manage": [editing(PARTNERSHIP_EDITORS, _rimouski)],
    "partners:membership_add": [editing(PARTNERSHIP_EDITORS, _rimouski)],
    # Plans ------------------------------------------------------------------------------
    "plans:plan_list": [public()],
    "plans:plan": [
        public(_plan, variant="public"),
        case(
            variant="reserve_aux_membres",
            args=_hidden_plan,
            get=MEMBERS_ONLY_PLAN,
            post=read_only(MEMBERS_ONLY_PLAN),
        ),
        case(
            variant="reserve_aux_membres_csv",
            args=_hidden_plan,
            query="format=csv",
            why="The download says no more than the page.",
            get=MEMBERS_ONLY_PLAN,
            post=read_only(MEMBERS_ONLY_PLAN),
        ),
    ],
    "plans:action": [
        public(_workshops, variant="public"),
        case(
            variant="reserve_aux_membres",
            args=lambda w: {"pk": w.hidden_action.pk},
            get=MEMBERS_ONLY_PLAN,
            post=read_only(MEMBERS_ONLY_PLAN),
        ),
    ],
    "plans:plan_create": [editing(PARTNERSHIP_EDITORS, lambda w: {"partnership_pk": w.network.rimouski.pk})],
    "plans:stage_change": [editing(PARTNERSHIP_EDITORS, lambda w: {"partnership_pk": w.network.rimouski.pk})],
    "plans:plan_edit": [
        editing(PARTNERSHIP_EDITORS, _plan, variant="public"),
        case(
            variant="reserve_aux_membres",
            args=_hidden_plan,
            why="A plan one may not see is not found rather than forbidden.",
            get=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=OK, administrateur=OK),
            post=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=ACCEPTED, administrateur=ACCEPTED),
        ),
    ],
    "plans:portrait_edit": [editing(PARTNERSHIP_EDITORS, _plan)],
    "plans:objectives_edit": [editing(PARTNERSHIP_EDITORS, _plan)],
    "plans:action_create": [editing(PARTNERSHIP_EDITORS, _plan)],
    "plans:plan_evaluation": [editing(PARTNERSHIP_EDITORS, _plan)],
    "plans:next_cycle": [editing(PARTNERSHIP_EDITORS, _plan)],
    "plans:plan_history": [
        get_only(
            only(PEOPLE_OF_RIMOUSKI, OK, FORBIDDEN),
            args=_plan,
            why="It names who changed what, which is not public even when the plan is.",
        )
    ],
    "plans:edit_row": [
        get_only(
            only(PARTNERSHIP_EDITORS, OK, FORBIDDEN),
            args=lambda w, kind=kind: {"pk": w.plans.plan.pk, "kind": kind},
            variant=kind,
        )
        for kind in ("constats", "priorites", "changements", "indicateurs", "indicateurs-suivi")
    ],
    "plans:contributor_search": [get_only(only(PARTNERSHIP_EDITORS, OK, FORBIDDEN), args=_plan)],
    "plans:action_edit": [
        editing(PARTNERSHIP_EDITORS, _workshops, variant="public"),
        case(
            variant="reserve_aux_membres",
            args=lambda w: {"pk": w.hidden_action.pk},
            get=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=OK, administrateur=OK),
            post=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=ACCEPTED, administrateur=ACCEPTED),
        ),
    ],
    "plans:action_progress": [
        editing(WORKSHOPS_FOLLOW_UP, _workshops, variant="porteur"),
        editing(
            PARTNERSHIP_EDITORS,
            lambda w: {"pk": w.plans.stimulation.pk},
            variant="autre_porteur",
            why="The CLSC leads the training: the CPE's member may not update it.",
        ),
    ],
    "plans:action_delete": [
        editing(PARTNERSHIP_EDITORS, _workshops, why="GET asks for confirmation; POST deletes.")
    ],
    "plans:import_progress": [
        case(
            get=signed_in(OK),
            post=signed_in(ACCEPTED),
            why="Anyone signed in may send a file; each row is checked against what they may update.",
        ),
        case(
            variant="modele_csv",
            query="modele=csv",
            why="The template lists the actions the person may update, and only those.",
            get=signed_in(OK),
            post=signed_in(ACCEPTED),
            shows=lambda w, role, verb: (
                [w.hidden_action.title] if verb == "GET" and role in HIDDEN_ACTION_FOLLOW_UP else []
            ),
            hides=_hidden_title_for(set(SIGNED_IN) - set(HIDDEN_ACTION_FOLLOW_UP)),
        ),
        case(
            variant="fichier_action_publique",
            why=(
                "A file that updates the workshops: sent as a job, whose page follows it; the job "
                "saves it for their people and gives the others the neutral refusal "
                "(plans/tests/test_imports.py, test_import_visibility.py)."
            ),
            multipart=True,
            data=_progress_file(lambda w: w.plans.workshops),
            get=signed_in(OK),
            post=signed_in(REDIRECT),
        ),
        case(
            variant="fichier_reserve_aux_membres",
            why=(
                "A file that updates the members-only plan's action: the CPE contributes to it from "
                "outside Hochelaga, so its member gets the same refusal as for a number that does not "
                "exist, and never its title (on the job's page: plans/tests/test_import_visibility.py)."
            ),
            multipart=True,
            data=_progress_file(lambda w: w.hidden_action),
            get=signed_in(OK),
            post=signed_in(REDIRECT),
            hides=lambda w, role, verb: [w.hidden_action.title],
        ),
        case(
            variant="fichier_numero_inconnu",
            why="A number that does not exist reads like the members-only plan's action (on the job's page).",
            multipart=True,
            data=_progress_file(lambda w: SimpleNamespace(pk=999_999)),
            get=signed_in(OK),
            post=signed_in(REDIRECT),
        ),
    ],
    # Search and the library -------------------------------------------------------------
    "search:search": [public()],
    "search:suggestions": [public()],
    "library:index": [public()],
    "wagtail_serve": [
        public(lambda w: (w.paths["learning"],), variant="apprentissage"),
        public(lambda w: (w.paths["tool"],), variant="outil"),
        case(
            variant="proposition",
            args=lambda w: (w.paths["draft"],),
            why="A submission under review is not served by the site, even to its author.",
            get=everyone(HIDDEN),
            post=everyone(HIDDEN),
        ),
    ],
    "library:import": [
        case(
            get=only(("editeur", "administrateur"), OK, FORBIDDEN),
            post=only(("editeur", "administrateur"), ACCEPTED, FORBIDDEN),
            why="Knowledge editors migrate content into the library; a file is sent as a job.",
        )
    ],
    "core:job": [
        get_only(
            roles(HIDDEN, anonyme=LOGIN, coordonnateur=OK, administrateur=OK),
            args=_job,
            why="Seen by the person who started it and the administrators; to others it does not exist.",
        )
    ],
    "library:submit": [
        case(
            get=only(SUBMITTERS, OK, FORBIDDEN),
            post=only(SUBMITTERS, ACCEPTED, FORBIDDEN),
            why="Editors and administrators without an organisation review in the admin instead.",
        ),
        case(
            variant="apprentissage",
            query="type=apprentissage",
            get=only(SUBMITTERS, OK, FORBIDDEN),
            post=only(SUBMITTERS, ACCEPTED, FORBIDDEN),
        ),
    ],
    "library:my_contributions": [get_only(signed_in(OK))],
    "library:edit_submission": [
        case(
            args=lambda w: {"page_id": w.draft.pk},
            why="Only its author answers the editors' request for changes; to others it does not exist.",
            get=roles(HIDDEN, anonyme=LOGIN, membre=OK),
            post=roles(HIDDEN, anonyme=LOGIN, membre=ACCEPTED),
        )
    ],
    "library:reinvest_item": [editing(REINVESTORS, _learning)],
    "library:reinvest_action": [
        editing(REINVESTORS, _workshops, variant="public"),
        case(
            variant="reserve_aux_membres",
            args=lambda w: {"pk": w.hidden_action.pk},
            get=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=OK, administrateur=OK),
            post=roles(HIDDEN, anonyme=LOGIN, coordonnateur_autre=ACCEPTED, administrateur=ACCEPTED),
        ),
    ],
    "library:useful_vote": [post_only(only(SIGNED_IN, REDIRECT, REDIRECT), args=_learning)],
    "library:bookmark_add": [post_only(only(SIGNED_IN, REDIRECT, REDIRECT), args=_learning)],
    "library:comment_post": [
        post_only(
            only(SIGNED_IN, ACCEPTED, ACCEPTED),
            args=_learning,
            why="An empty comment comes back on the item page with its error.",
        )
    ],
    "library:comment_moderation": [
        case(get=only(MODERATORS, OK, FORBIDDEN), post=read_only(only(MODERATORS, OK, FORBIDDEN)))
    ],
    "library:comment_report": [
        post_only(
            only(SIGNED_IN, REDIRECT, REDIRECT),
            args=_comment,
            why="Its author is told they cannot report their own comment, on the item page.",
        )
    ],
    "library:comment_hide": [post_only(only(MODERATORS, REDIRECT, FORBIDDEN), args=_comment)],
    "library:comment_unhide": [post_only(only(MODERATORS, REDIRECT, FORBIDDEN), args=_comment)],
    "library:comment_dismiss": [post_only(only(MODERATORS, REDIRECT, FORBIDDEN), args=_comment)],
    "library:collections": [case(get=signed_in(OK), post=signed_in(ACCEPTED))],
    "library:collection": [
        case(
            variant="partagee",
            args=lambda w: {"pk": w.shared_collection.pk},
            get=only(SHARED_COLLECTION_READERS, OK, HIDDEN),
            post=read_only(only(SHARED_COLLECTION_READERS, OK, HIDDEN)),
        ),
        case(
            variant="privee",
            args=lambda w: {"pk": w.private_collection.pk},
            why="A private collection is its owner's alone, administrators included.",
            get=only(["membre"], OK, HIDDEN),
            post=read_only(only(["membre"], OK, HIDDEN)),
        ),
        case(
            variant="partagee_xlsx",
            args=lambda w: {"pk": w.shared_collection.pk},
            query="format=xlsx",
            get=only(SHARED_COLLECTION_READERS, OK, HIDDEN),
            post=read_only(only(SHARED_COLLECTION_READERS, OK, HIDDEN)),
        ),
        case(
            variant="privee_csv",
            args=lambda w: {"pk": w.private_collection.pk},
            query="format=csv",
            get=only(["membre"], OK, HIDDEN),
            post=read_only(only(["membre"], OK, HIDDEN)),
        ),
    ],
    "library:collection_edit": [
        case(
            args=lambda w: {"pk": w.shared_collection.pk},
            get=_owner_of_shared(OK),
            post=_owner_of_shared(ACCEPTED),
        )
    ],
    "library:collection_delete": [
        case(
            args=lambda w: {"pk": w.shared_collection.pk},
            get=_owner_of_shared(OK),
            post=_owner_of_shared(REDIRECT),
        )
    ],
    "library:bookmark_note": [
        post_only(_owner_of_shared(REDIRECT), args=lambda w: {"pk": w.shared_bookmark.pk}),
    ],
    "library:bookmark_remove": [
        post_only(_owner_of_shared(REDIRECT), args=lambda w: {"pk": w.shared_bookmark.pk}),
    ],
    "library:follows": [case(get=signed_in(OK), post=read_only(signed_in(OK)))],
    "library:digest_preference": [case(get=signed_in(REDIRECT), post=signed_in(REDIRECT))],
    "library:follow": [
        post_only(only(SIGNED_IN, REDIRECT, REDIRECT), args=lambda w: {"kind": "element", **_learning(w)}),
        post_only(
            only(SIGNED_IN, REDIRECT, REDIRECT),
            args=lambda w: {"kind": "theme", "pk": w.theme.pk},
            variant="theme",
        ),
        post_only(
            only(SIGNED_IN, REDIRECT, REDIRECT),
            args=lambda w: {"kind": "regroupement", **_rimouski(w)},
            variant="regroupement",
        ),
    ],
    "library:organisation_contributions": [public(lambda w: {"pk": w.network.cpe.pk})],
    "library:partnership_contributions": [public(_rimouski)],
    "library:feed": [public()],
    "library:theme_feed": [public(lambda w: {"code": w.theme.code})],
    "library:region_feed": [public(lambda w: {"code": "01"})],
    # Portraits: public figures only, the same for everyone -------------------------------
    "portraits:index": [get_only(everyone(OK))],
    "portraits:region": [
        get_only(everyone(OK), args=lambda w: {"code": "01"}),
        get_only(everyone(HIDDEN), args=lambda w: {"code": "99"}, variant="inconnue"),
    ],
    "portraits:partnership": [get_only(everyone(OK), args=_rimouski)],
    # The partnership network: public members and public plans' actions only.
    "portraits:network": [get_only(everyone(OK))],
    "portraits:partnership_network": [
        get_only(everyone(OK), args=_rimouski),
        get_only(everyone(OK), args=_rimouski, query="format=csv", variant="csv"),
        get_only(everyone(HIDDEN), args=lambda w: {"pk": 999_999}, variant="inconnu"),
    ],
    # Pistes inspirantes of a plan: as visible as the plan itself.
    "portraits:plan_recommendations": [
        get_only(everyone(OK), args=_plan, variant="public"),
        get_only(everyone(OK), args=_plan, query="format=csv", variant="csv"),
        get_only(MEMBERS_ONLY_PLAN, args=_hidden_plan, variant="reserve_aux_membres"),
        get_only(MEMBERS_ONLY_PLAN, args=_hidden_plan, query="format=csv", variant="reserve_aux_membres_csv"),
    ],
    # Open data --------------------------------------------------------------------------
    "portraits:opendata": [get_only(everyone(OK))],
    "portraits:opendata_file": [
        get_only(
            everyone(HIDDEN),
            args=lambda w: {"filename": "inconnu.csv"},
            why="Only the files the manifest lists are served, to everyone (see test_opendata.py).",
        )
    ],
}


# The URL configuration ------------------------------------------------------------------

#: Areas left out of the matrix, each with its own permission system and tests.
#: (route prefix or view module prefix, why)
EXCLUDED = (
    ("route", "admin/", "Wagtail's admin: Wagtail's permissions, groups and workflow."),
    ("route", "django-admin/", "Django's admin: staff and model permissions."),
    ("route", "api/", "The API: api/tests/test_api_permission_matrix.py, from the OpenAPI document."),
    ("route", "i18n/", "Django's language switch (set_language)."),
    ("route", "jsi18n/", "Django's JavaScript catalogue of translations."),
    ("module", "allauth.", "allauth's sign-in, sign-up, password, e-mail and two-factor pages."),
    (
        "name",
        "wagtaildocs_authenticate_with_password",
        "Wagtail's password form for restricted document collections, which the site does not use.",
    ),
)


@dataclass(frozen=True)
class Route:
    """One pattern of the URL configuration."""

    key: str  # the URL name with its namespaces, or the route when the pattern has no name
    route: str
    module: str
    methods: frozenset[str] | None  # None: the view does not restrict its verbs
    #: The converters of the pattern's own segment (``<id:pk>`` → IdConverter), by argument name.
    converters: tuple[tuple[str, Any], ...] = ()

    @property
    def verbs(self) -> tuple[str, ...]:
        extra = tuple(v for v in OTHER_VERBS if self.methods and v in self.methods)
        return BASE_VERBS + extra


def accepted_methods(callback: Any) -> frozenset[str] | None:
    """The verbs a view declares: a class-based view's handlers, or the list given to
    Django's require_http_methods (require_GET, require_POST…) somewhere in its decorators."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return frozenset(
            name.upper()
            for name in view_class.http_method_names
            if name != "options" and hasattr(view_class, name)
        )
    function = callback
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = function.__closure__[code.co_freevars.index("request_method_list")]
            return frozenset(cell.cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


def walk_routes(patterns: Iterable | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every pattern of the URL configuration (or of ``patterns``), with its full route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            callback = pattern.callback
            module = getattr(callback, "__module__", "") or type(callback).__module__
            converters = tuple(getattr(pattern.pattern, "converters", {}).items())
            yield Route(name or route, route, module, accepted_methods(callback), converters)


def excluded_because(route: Route) -> str | None:
    for kind, prefix, why in EXCLUDED:
        if kind == "route" and route.route.startswith(prefix):
            return why
        if kind == "module" and route.module.startswith(prefix):
            return why
        if kind == "name" and route.key == prefix:
            return why
    return None


def site_routes() -> list[Route]:
    """Every pattern of the site that the matrix covers, by URL name (first pattern of a name)."""
    seen: dict[str, Route] = {}
    for route in walk_routes():
        if excluded_because(route) is None:
            seen.setdefault(route.key, route)
    return list(seen.values())


# The data the cells run against ---------------------------------------------------------


@contextmanager
def rolled_back_world(django_db_blocker: Any, **overrides: Any) -> Iterator[Any]:
    """The matrix's world, with a signed-in session per role, for a whole test module.

    Built in French inside one transaction that is rolled back when the block ends (with
    ``overrides`` of the settings, such as a MEDIA_ROOT of the module's own); nothing of it
    outlives the block, not even in the cache."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock(), override_settings(**overrides):
        with transaction.atomic():
            with translation.override("fr"):
                world = build_world(get_user_model())
                world.sessions = sign_in(world.users)
            yield world
            transaction.set_rollback(True)
    cache.clear()


def sign_in(users: dict[str, Any]) -> dict[str, str]:
    """A session key per signed-in role, opened once: each cell only sends the cookie
    (a cell that changes its session has that change rolled back with the rest)."""
    from django.conf import settings
    from django.test import Client

    keys = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def build_world(user_model: Any) -> SimpleNamespace:
    """The shared fixtures (network, plans, library) and what the pages need besides: a
    members-only action, a comment, collections, a token, a submission awaiting changes
    and two documents. Built once per module, inside a transaction rolled back at the end."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection as WagtailCollection
    from wagtail.models import WorkflowState

    import conftest  # the project's shared fixtures (network, plans, library), called as functions
    from accounts.actions import create_token
    from library.actions import appropriation
    from library.actions.submission import submit_item
    from library.models import LibraryItem, ToolDocument
    from library.tests.sample_files import tiny_pdf
    from library.text import item_path
    from partners.models import Organisation
    from plans import actions as plan_actions
    from plans.models import ActionStatus, Indicator, Objective
    from taxonomy.models import ActionType, System, Theme

    make_user = conftest.make_user.__wrapped__(None, user_model)
    network = conftest.network.__wrapped__(None, make_user)
    plans = conftest.plans.__wrapped__(network)
    library = conftest.library.__wrapped__(network)
    w = SimpleNamespace(network=network, plans=plans, library=library)
    w.users = conftest.role_users.__wrapped__(network)

    w.hidden_action = plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Halte-répit du quartier",
            "action_type": ActionType.objects.get(code="soutien-parental"),
            "lead": network.maison,
            "status": ActionStatus.PLANNED,
            "progress": 0,
            "start_date": datetime.date(2025, 9, 1),
        },
        # The CPE, a member of Rimouski's partnership, contributes from outside Hochelaga.
        {"contributors": [network.halte, network.cpe]},
    )
    w.hidden_objective = plan_actions.save_plan_item(
        network.other_coordinator,
        Objective(plan=plans.hidden, system=System.objects.get(code="famille"), title="Répit des parents"),
    )
    # An organisation that closed: no longer offered anywhere.
    w.closed = Organisation.objects.create(
        name="Ancienne maison des familles", sector=network.cpe.sector, is_active=False
    )
    w.hidden_indicator = plan_actions.save_plan_item(
        network.other_coordinator,
        Indicator(plan=plans.hidden, action=w.hidden_action, name="Familles rejointes", unit="familles"),
    )
    w.comment = appropriation.post_comment(network.member, library.learning, "Très utile pour notre CPE.")
    w.shared_collection = appropriation.create_collection(
        network.member, "Lectures du regroupement", network.rimouski
    )
    w.private_collection = appropriation.create_collection(network.member, "Mes idées")
    w.shared_bookmark, _ = appropriation.add_bookmark(network.member, w.shared_collection, library.learning)
    appropriation.add_bookmark(network.member, w.private_collection, library.tool)
    w.member_token, _key = create_token(network.member, "Tableur du CPE")
    w.theme = Theme.objects.get(code="eveil-lecture-ecriture")

    # A tool proposed by the member, with its file, sent back by the editors for changes.
    pdf = tiny_pdf()
    draft = submit_item(
        network.member,
        {
            "kind": "outil",
            "language": "fr",
            "title": "Trousse d'accueil des nouvelles familles",
            "summary": "Une trousse pour accueillir les familles à la halte-garderie.",
            "body": "<p>Le contenu de la trousse.</p>",
            "organisations": [network.cpe],
            "partnerships": [],
            "source_actions": [],
        },
        [SimpleUploadedFile("trousse-accueil.pdf", pdf, content_type="application/pdf")],
    )
    review = WorkflowState.objects.for_instance(draft).order_by("-created_at", "-pk").first()
    task_state = review.current_task_state
    task_state.task.specific.on_action(task_state, network.editor, "reject", comment="Ajoutez une photo.")
    w.draft = LibraryItem.objects.get(pk=draft.pk).specific
    w.draft_document = w.draft.documents.get().document

    document_model = get_document_model()
    w.public_document = document_model(
        title="Grille d'animation", collection=WagtailCollection.get_first_root_node()
    )
    w.public_document.file.save("grille-animation.pdf", ContentFile(pdf), save=False)
    w.public_document._set_document_file_metadata()
    w.public_document.save()
    ToolDocument.objects.create(page=library.tool, document=w.public_document, sort_order=0)

    # Wagtail's serve view takes the page's path below the site root, without its language prefix.
    w.paths = {
        "learning": item_path(library.learning).lstrip("/"),
        "tool": item_path(library.tool).lstrip("/"),
        "draft": f"bibliotheque/{w.draft.slug}/",
    }
    return w
