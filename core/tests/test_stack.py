"""The platform on several servers: checks against the local stack (`make stack`, stack/run.py).

These tests speak HTTP to the stack's two app servers and to its proxy, as visitors on other
machines would, and prepare their data with ``manage.py`` in the stack's environment
(``var/stack/env``). They run when a stack is up (``var/stack/ready``); `.ci/run` starts one
and sets ``AGIRTOT_STACK_REQUIRED=1``, so that in CI a missing stack is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import translation

STACK = Path(settings.BASE_DIR) / "var" / "stack"

pytestmark = pytest.mark.stack

if not (STACK / "ready").exists():
    if os.environ.get("AGIRTOT_STACK_REQUIRED") == "1":
        raise RuntimeError("La pile locale n'est pas démarrée (make stack, STACK_DETACH=1).")
    pytest.skip("no local stack running (STACK_DETACH=1 make stack)", allow_module_level=True)


# The stack ------------------------------------------------------------------------------------


def stack_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (STACK / "env").read_text().splitlines() if "=" in line)
    return dict(pairs)


SERVERS = (STACK / "servers").read_text().split()
PROXY = (STACK / "proxy").read_text().strip()


def in_stack(code: str) -> dict:
    """Runs ``code`` in ``manage.py shell`` on the stack; its last printed line is JSON."""
    env = {**os.environ, **stack_env(), "AGIRTOT_VAR_DIR": str(STACK / "admin")}
    result = subprocess.run(  # noqa: S603 (the project's own manage.py)
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


PASSWORD = "pile-locale-Motdepasse-7"  # noqa: S105


def new_person(**links) -> dict:
    """A person with a password, optionally coordinator of a partnership, affiliated to a
    partner, knowledge editor, administrator, with a TOTP authenticator, or with an API token."""
    tag = f"{time.time_ns()}{random.randrange(1000)}"  # noqa: S311
    return in_stack(
        f"""
import json
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user(
    username="pile{tag}@exemple.qc.ca", email="pile{tag}@exemple.qc.ca", password={PASSWORD!r})
out = {{"email": user.email, "id": user.pk}}
links = {links!r}
if links.get("coordinator_of"):
    from partners.models import Partnership
    Partnership.objects.get(pk=links["coordinator_of"]).coordinators.add(user)
if links.get("affiliated_to"):
    from partners.models import Affiliation
    Affiliation.objects.create(user=user, organisation_id=links["affiliated_to"])
if links.get("totp"):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    out["secret"] = secret
if links.get("editor"):
    from django.contrib.auth.models import Group
    from accounts.roles import KNOWLEDGE_EDITORS_GROUP
    user.groups.add(Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP))
if links.get("administrator"):
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
if links.get("token"):
    from accounts.actions import create_token
    out["token"] = create_token(user, "pile")[1]
print(json.dumps(out))
"""
    )


def csrf_of(response: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, f"no CSRF token on {response.url}"
    return match.group(1)


def log_in(session: requests.Session, base: str, email: str, **headers) -> requests.Response:
    page = session.get(f"{base}/comptes/login/", headers=headers, timeout=30)
    return session.post(
        f"{base}/comptes/login/",
        data={"csrfmiddlewaretoken": csrf_of(page), "login": email, "password": PASSWORD},
        headers={**headers, "Referer": f"{base}/comptes/login/"},
        timeout=30,
    )


def get(url: str, session: requests.Session | None = None) -> requests.Response:
    response = (session or requests).get(url, timeout=30)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


# Cached pages see a write made through the other server ----------------------------------------


def test_a_member_added_through_one_server_is_seen_at_once_through_the_other_and_the_proxy():
    facts = in_stack(
        """
import json
from django.urls import reverse
from partners.models import Organisation, Partnership
partnership = Partnership.objects.active().order_by("pk").first()
members = partnership.memberships.values("organisation_id")
organisation = Organisation.objects.active().exclude(pk__in=members).order_by("-pk").first()
print(json.dumps({
    "partnership": partnership.pk, "region": partnership.region.code,
    "organisation": organisation.pk, "name": organisation.name,
    "pages": [
        reverse("portraits:partnership_network", args=[partnership.pk]),
        reverse("portraits:partnership", args=[partnership.pk]),
        reverse("partners:partnership", args=[partnership.pk]),
    ],
    "add": reverse("partners:membership_add", args=[partnership.pk]),
}))
"""
    )
    name = facts["name"]
    escaped = name.replace("'", "&#x27;").replace("&", "&amp;") if "'" in name or "&" in name else name
    bases = [*SERVERS, PROXY]
    # Every server fills its cache first.
    for base in bases:
        for page in facts["pages"]:
            get(base + page)
    before = {base: get(base + facts["pages"][0]).text for base in bases}
    assert all(escaped not in text for text in before.values())

    coordinator = new_person(coordinator_of=facts["partnership"])
    session = requests.Session()
    assert log_in(session, SERVERS[0], coordinator["email"]).status_code == 200
    form = session.get(SERVERS[0] + facts["add"], timeout=30)
    added = session.post(
        SERVERS[0] + facts["add"],
        data={
            "csrfmiddlewaretoken": csrf_of(form),
            "organisation": facts["organisation"],
            "role": "membre",
            "joined_on": time.strftime("%Y-%m-%d"),
        },
        timeout=30,
    )
    assert added.status_code == 200 and added.url.endswith("/membres/"), added.text[-2000:]

    for base in [SERVERS[1], PROXY, PROXY]:
        text = get(base + facts["pages"][0]).text
        assert escaped in text, f"{base}{facts['pages'][0]} still shows the partnership without {name}"
    # Every page that shows the new member on the server that wrote it shows it on the other.
    for page in facts["pages"][1:]:
        if escaped in get(SERVERS[0] + page).text:
            for base in [SERVERS[1], PROXY]:
                assert escaped in get(base + page).text, f"{base}{page} is stale"


def escaped(text: str) -> str:
    """``text`` as Django's templates write it in HTML."""
    from django.utils.html import escape

    return str(escape(text))


def post_form(session: requests.Session, base: str, path: str, data: dict) -> requests.Response:
    """Posts ``data`` with the CSRF token of the session's cookie, as a browser's form would."""
    session.get(base + path, timeout=30)
    token = session.cookies.get("csrftoken")
    assert token, f"no CSRF cookie from {base}{path}"
    return session.post(
        base + path,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": base + path},
        timeout=30,
    )


def test_a_library_item_published_through_one_server_is_seen_at_once_through_the_other_and_the_proxy():
    tag = f"{time.time_ns()}"[-9:]
    title = f"Halte-répit des Moulins {tag}"
    author = in_stack(
        """
import json
from partners.models import Organisation
organisation = Organisation.objects.active().order_by("pk").first()
print(json.dumps({"organisation": organisation.pk}))
"""
    )
    member = new_person(affiliated_to=author["organisation"])
    facts = in_stack(
        f"""
import json
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from wagtail.models import WorkflowState
from library.actions import submission
from partners.models import Organisation
member = get_user_model().objects.get(pk={member["id"]})
with transaction.atomic():
    page = submission.submit_item(member, {{
        "kind": "apprentissage", "language": "fr", "title": {title!r},
        "summary": "Trois après-midi par semaine pour souffler pendant que les tout-petits jouent.",
        "body": "<p>Une halte-répit animée par des éducatrices.</p>",
        "context": "<p>Des parents épuisés.</p>", "what_was_done": "<p>Une halte ouverte.</p>",
        "organisations": [Organisation.objects.get(pk={author["organisation"]})],
        "partnerships": [], "source_actions": [],
    }})
state = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()
print(json.dumps({{
    "page": page.pk, "task_state": state.current_task_state.pk,
    "pages": ["/", reverse("library:index"), reverse("search:search") + "?q=" + {tag!r},
              reverse("portraits:index")],
}}))
"""
    )
    bases = [*SERVERS, PROXY]
    before = {}
    for base in bases:  # every server fills its cache first
        for page in facts["pages"]:
            before[base, page] = get(base + page).text
            assert escaped(title) not in before[base, page]
            # A page read twice without a write in between is the same page, so that a
            # difference after the publication can only come from the publication.
            assert get(base + page).text == before[base, page], f"{base}{page} changes by itself"

    editor = new_person(editor=True)
    session = requests.Session()
    assert log_in(session, SERVERS[0], editor["email"]).status_code == 200
    approve = f"/admin/pages/workflow/action/{facts['page']}/approve/{facts['task_state']}/"
    approved = post_form(session, SERVERS[0], approve, {})
    assert approved.status_code == 200, approved.text[-2000:]
    assert in_stack(
        f"""
import json
from wagtail.models import Page
print(json.dumps(Page.objects.get(pk={facts["page"]}).live))
"""
    )

    home, listing, results, portrait = facts["pages"]
    for base in [SERVERS[1], PROXY, PROXY]:
        assert escaped(title) in get(base + listing).text, f"{base}{listing} does not show the new item"
        # The results highlight the word searched for (the tag): the rest of the title is there.
        found = get(base + results).text
        assert escaped(title.removesuffix(tag)) in found, f"{base}{results} does not show the new item"
        # The home page and the Québec portrait count library items: their figures moved on.
        for page in (home, portrait):
            assert get(base + page).text != before[base, page], f"{base}{page} is stale"


def test_a_region_s_figures_changed_through_one_server_are_seen_at_once_through_the_other_and_the_proxy():
    facts = in_stack(
        """
import json
from django.urls import reverse
from portraits.models import EqdemDomain, EqdemRate
from territories.models import Region
from portraits.models import EQDEM_YEARS
free = None
for region in Region.objects.order_by("code"):
    for domain in EqdemDomain.objects.order_by("position"):
        for year in EQDEM_YEARS:
            if not EqdemRate.objects.filter(region=region, domain=domain, year=year).exists():
                free = (region, domain, year)
                break
        if free: break
    if free: break
region, domain, year = free
print(json.dumps({"region": region.pk, "domain": domain.pk, "year": year,
                  "page": reverse("portraits:region", args=[region.code])}))
"""
    )
    rate = f"{random.randrange(10, 60)},{random.randrange(1, 10)}"  # noqa: S311
    bases = [*SERVERS, PROXY]
    before = {base: get(base + facts["page"]).text for base in bases}
    administrator = new_person(administrator=True)
    session = requests.Session()
    assert log_in(session, SERVERS[0], administrator["email"]).status_code == 200
    added = post_form(
        session,
        SERVERS[0],
        "/django-admin/portraits/eqdemrate/add/",
        {
            "domain": facts["domain"],
            "region": facts["region"],
            "year": facts["year"],
            "rate": rate.replace(",", "."),
            "source": "Enquête québécoise sur le développement des enfants à la maternelle",
        },
    )
    assert added.status_code == 200 and added.url.endswith("/eqdemrate/"), added.text[-2000:]
    for base in [SERVERS[1], PROXY, PROXY]:
        text = get(base + facts["page"]).text
        assert text != before[base] and rate in text, f"{base}{facts['page']} does not show the new rate"


def test_open_data_files_are_the_same_bytes_through_both_servers():
    files = in_stack(
        """
import json
from django.urls import reverse
from portraits import opendata
names = [name for dataset in opendata.DATASETS.values() for name in dataset.filenames().values()]
print(json.dumps([reverse("portraits:opendata_file", args=[name]) for name in names][:6]))
"""
    )
    assert files
    for path in files:
        bodies = {get(base + path).content for base in [*SERVERS, PROXY]}
        assert len(bodies) == 1, f"{path} differs between servers"


# Limits are counted once for the whole cluster ---------------------------------------------------


def test_failed_logins_spread_over_both_servers_are_limited_as_one():
    from allauth.account.adapter import DefaultAccountAdapter

    with translation.override("fr"):
        blocked_message = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    # As if the proxy had received the requests from this address (one trusted proxy).
    client = f"203.0.113.{random.randrange(1, 250)}"  # noqa: S311
    outcomes = []
    for attempt in range(35):
        base = SERVERS[attempt % 2]
        session = requests.Session()
        page = session.get(f"{base}/comptes/login/", headers={"X-Forwarded-For": client}, timeout=30)
        response = session.post(
            f"{base}/comptes/login/",
            data={
                "csrfmiddlewaretoken": csrf_of(page),
                "login": f"inconnu{attempt}-{client}@exemple.qc.ca",
                "password": "mauvais-mot-de-passe",
            },
            headers={"X-Forwarded-For": client},
            timeout=30,
        )
        assert response.status_code in (200, 429)
        outcomes.append(response.status_code == 429 or blocked_message in response.text)
    # allauth's failed-login limit per address (ACCOUNT_RATE_LIMITS["login_failed"]), counted
    # once for both servers: had each server its own count, twice as many would get through.
    allowed = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    assert outcomes.count(False) == allowed
    assert all(outcomes[allowed:])

    other = f"198.51.100.{random.randrange(1, 250)}"  # noqa: S311
    session = requests.Session()
    page = session.get(f"{SERVERS[0]}/comptes/login/", headers={"X-Forwarded-For": other}, timeout=30)
    response = session.post(
        f"{SERVERS[0]}/comptes/login/",
        data={"csrfmiddlewaretoken": csrf_of(page), "login": "x@exemple.qc.ca", "password": "mauvais"},
        headers={"X-Forwarded-For": other},
        timeout=30,
    )
    assert response.status_code == 200 and blocked_message not in response.text


def test_a_totp_code_accepted_on_one_server_is_refused_on_the_other():
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    person = new_person(totp=True)
    code = format_hotp_value(hotp_value(person["secret"], int(time.time()) // 30))
    answers = []
    for base in SERVERS:
        session = requests.Session()
        step = log_in(session, base, person["email"])
        assert "/2fa/" in step.url, step.url
        response = session.post(
            step.url,
            data={"csrfmiddlewaretoken": csrf_of(step), "code": code},
            timeout=30,
        )
        answers.append("/2fa/" not in response.url)
    assert answers == [True, False]


# One app server dies under load ---------------------------------------------------------------


def test_an_app_server_killed_under_load_loses_no_read_and_no_answered_write():
    facts = in_stack(
        """
import json
from django.urls import reverse
from partners.models import Organisation, Partnership
partnership = Partnership.objects.active().order_by("pk").first()
organisation = Organisation.objects.active().order_by("pk").first()
print(json.dumps({
    "organisation": organisation.pk,
    "reads": [
        "/", reverse("partners:organisation_list"), reverse("portraits:partnership", args=[partnership.pk]),
        reverse("library:index"), reverse("portraits:index"), reverse("search:search") + "?q=famille",
    ],
}))
"""
    )
    # Pages only: every reader comes from this one address, and the API's per-client limit
    # (a feature, tested elsewhere) would answer 429 to reads this fast.
    writer = new_person(affiliated_to=facts["organisation"], token=True)
    headers = {"Authorization": f"Bearer {writer['token']}"}
    duration = float(os.environ.get("STACK_LOAD_SECONDS", "60"))
    stop_at = time.monotonic() + duration
    failures: list[str] = []
    reads = Counter()
    written: list[int] = []
    lock = threading.Lock()

    def read_loop(index: int) -> None:
        session = requests.Session()
        n = index
        while time.monotonic() < stop_at:
            path = facts["reads"][n % len(facts["reads"])]
            n += 1
            try:
                response = session.get(PROXY + path, timeout=30)
                ok = response.status_code == 200
            except requests.RequestException as error:
                ok, response = False, error
            with lock:
                reads[ok] += 1
                if not ok:
                    failures.append(f"GET {path}: {getattr(response, 'status_code', response)}")

    def write_loop() -> None:
        session = requests.Session()
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            try:
                response = session.post(
                    PROXY + "/api/v1/library/submissions",
                    json={
                        "type": "apprentissage",
                        "title": f"Apprentissage sous charge {time.time_ns()}",
                        "summary": "Ce qui a été appris.",
                        "context": "Une halte-garderie de quartier.",
                        "organisations": [facts["organisation"]],
                    },
                    headers=headers,
                    timeout=30,
                )
            except requests.RequestException:
                continue  # not answered: nothing is promised
            if response.status_code == 201:
                with lock:
                    written.append(response.json()["id"])
            elif response.status_code < 500:
                with lock:
                    failures.append(f"POST: {response.status_code} {response.text[:300]}")
            time.sleep(0.5)

    threads = [threading.Thread(target=read_loop, args=(i,)) for i in range(4)]
    threads.append(threading.Thread(target=write_loop))
    for thread in threads:
        thread.start()
    time.sleep(duration / 3)
    victim = int((STACK / "app1.pid").read_text())
    os.killpg(victim, signal.SIGKILL)
    for thread in threads:
        thread.join()

    assert not failures, failures[:10]
    assert reads[True] > 100
    assert written, "no write was answered"
    kept = in_stack(
        f"""
import json
from library.models import LibraryItem
print(json.dumps(sorted(LibraryItem.objects.filter(pk__in={written!r}).values_list("pk", flat=True))))
"""
    )
    assert kept == sorted(written)


# Files live in the shared bucket -----------------------------------------------------------------


def a_pdf(text: str) -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_uploaded_through_one_server_downloads_through_the_other_with_the_same_bytes():
    organisation = in_stack(
        """
import json
from partners.models import Organisation
print(json.dumps(Organisation.objects.active().order_by("pk").first().pk))
"""
    )
    person = new_person(affiliated_to=organisation, token=True)
    stem = f"grille-pile-{time.time_ns()}"
    content = a_pdf(stem)
    response = requests.post(
        SERVERS[0] + "/api/v1/library/submissions",
        data={
            "type": "outil",
            "title": f"Grille d'observation {stem}",
            "summary": "Une grille.",
            "organisations": [organisation],
        },
        files={"files": (f"{stem}.pdf", content, "application/pdf")},
        headers={"Authorization": f"Bearer {person['token']}"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    document = in_stack(
        f"""
import json
from wagtail.documents import get_document_model
document = get_document_model().objects.filter(file__contains={stem!r}).get()
print(json.dumps(document.url))
"""
    )
    # The submission is private: its author downloads it through the other server, nobody else.
    session = requests.Session()
    assert log_in(session, SERVERS[1], person["email"]).status_code == 200
    download = session.get(SERVERS[1] + document, timeout=60)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert requests.get(PROXY + document, timeout=60).content != content
