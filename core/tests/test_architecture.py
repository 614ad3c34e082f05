"""The house's floors hold in templates too: an app's template links only to its own pages
and to those of apps on a lower floor (docs/architecture.md « Apps and floors »).

The floors are read from the import contract in pyproject.toml, so that imports and links
follow one rule. A higher app adds a link to a lower app's page through a panel
(core/panels.py). The site's own templates (``templates/``) may link anywhere.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
FLOORS_CONTRACT = "Apps import only from lower floors"
URL_TAG = re.compile(r"""\{%\s*url\s+(['"])(?P<name>[^'"]+)\1""")

#: (template, URL name) → why the link is there although it points up a floor.
ALLOWED_LINKS: dict[tuple[str, str], str] = {
    ("accounts/templates/accounts/privacy_deleted.html", "home"): (
        "the site's home page is where every page may send a visitor back (the header does); "
        "after the account is deleted, this page has nothing else to offer"
    ),
}


def floors() -> dict[str, int]:
    """Each app's floor, 0 for the lowest, from the layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == FLOORS_CONTRACT)
    layers = list(reversed(contract["layers"]))
    return {app.strip(): floor for floor, layer in enumerate(layers) for app in re.split(r"[|:]", layer)}


def url_apps() -> dict[str, str]:
    """Every named URL of the site (``namespace:name``) with the package its view lives in."""
    apps: dict[str, str] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                apps.setdefault(f"{namespace}{pattern.name}", pattern.lookup_str.split(".")[0])

    walk(get_resolver().url_patterns, "")
    return apps


def app_templates(app_floors: dict[str, int]) -> list[tuple[str, Path]]:
    """(app, template) for every template of a project app; the site's own are left out."""
    return [
        (app, path)
        for app in sorted(app_floors)
        for path in sorted((ROOT / app / "templates").rglob("*.html"))
    ]


def links_up(app_floors: dict[str, int], names: dict[str, str]) -> tuple[list[str], list[str]]:
    """Links from a template to a page of an app it may not know, and URL names that resolve
    to nothing."""
    upward, unknown = [], []
    for app, path in app_templates(app_floors):
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in URL_TAG.finditer(line):
                name = match["name"]
                if name not in names:
                    unknown.append(f"{relative}:{number} {name}")
                    continue
                target = names[name]
                if target == app or target not in app_floors or (relative, name) in ALLOWED_LINKS:
                    continue
                if app_floors[target] >= app_floors[app]:
                    upward.append(
                        f"{relative}:{number} links to {name} ({target}, floor {app_floors[target]})"
                    )
    return upward, unknown


def test_floors_are_read_from_the_import_contract():
    app_floors = floors()
    assert app_floors["core"] == 0
    assert app_floors["territories"] == app_floors["taxonomy"] == 1
    assert app_floors["partners"] < app_floors["plans"] < app_floors["library"] < app_floors["portraits"]


def test_url_names_map_to_the_app_of_their_view():
    names = url_apps()
    assert names["library:follows"] == "library"
    assert names["plans:plan_list"] == "plans"
    assert names["partners:partnership"] == "partners"
    assert names["home"] == "agirtot"


def test_app_templates_link_only_down_the_floors():
    upward, unknown = links_up(floors(), url_apps())
    assert not unknown, "Templates name URLs that do not exist:\n" + "\n".join(unknown)
    assert not upward, (
        "An app's template links to a page of an app on its floor or above; add the link "
        "through a panel (core/panels.py), or list it in ALLOWED_LINKS with the reason:\n" + "\n".join(upward)
    )


def test_every_allowed_link_is_still_in_its_template():
    names = url_apps()
    for (template, name), reason in ALLOWED_LINKS.items():
        assert reason, f"{template} → {name} needs a reason"
        text = (ROOT / template).read_text(encoding="utf-8")
        assert any(match["name"] == name for match in URL_TAG.finditer(text)), (
            f"{template} no longer links to {name}"
        )
        assert name in names
