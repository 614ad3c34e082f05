"""In the test suite, a missing variable in one of the project's own templates is an error.

Django renders a variable it cannot find as an empty string, which hides typos and views
that forget to pass something (an e-mail shown instead of a name, a page that breaks once
an account is deleted). ``agirtot.settings.test`` sets ``string_if_invalid`` to
:data:`MISSING`, which raises :class:`MissingTemplateVariable` naming the variable and the
template file — but only for templates under the project's ``templates/`` folders. Django's
admin, Wagtail, allauth and other third-party templates rely on silent missing variables
and keep Django's usual behaviour.

How Django consults it (``django.template.base.FilterExpression.resolve``): when a variable
is missing, it tests ``string_if_invalid`` for truth, then ``"%s" in string_if_invalid``, then
formats it with the variable's name. ``{% if %}``, ``{% for %}`` and ``{% firstof %}``
resolve with ``ignore_failures`` and never get here. Every other truth test of the value
(``default``, ``{% if %}`` on what a silently failing lookup returned) sees an empty string.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.base import FilterExpression, Node

# Folders under the project root that hold no template of the project.
_NOT_PROJECT = {"node_modules", "var", "static", "staticfiles"}


class MissingTemplateVariable(TemplateSyntaxError):
    """A project template read a variable its context does not have."""


def _rendering_origin(frame: FrameType | None) -> str | None:
    """The file of the template whose node is being rendered, found up the call stack."""
    fallback = None
    while frame is not None:
        local = frame.f_locals
        node = local.get("self")
        if isinstance(node, Node) and getattr(node, "origin", None) is not None:
            return node.origin.name
        context = local.get("context")
        template = getattr(context, "template", None)
        if fallback is None and template is not None and getattr(template, "origin", None) is not None:
            fallback = template.origin.name
        frame = frame.f_back
    return fallback


@lru_cache(maxsize=2048)
def is_project_template(name: str | None) -> bool:
    """A file under ``templates/`` or ``<app>/templates/`` of the project, not a dependency's."""
    if not name:
        return False
    try:
        parts = Path(name).resolve().relative_to(Path(settings.BASE_DIR).resolve()).parts
    except ValueError:  # outside the project: a dependency, or a template built from a string
        return False
    if not parts or parts[0].startswith(".") or parts[0] in _NOT_PROJECT:
        return False
    return parts[0] == "templates" or (len(parts) > 1 and parts[1] == "templates")


class StrictMissingVariable(str):
    """The value of ``string_if_invalid`` in tests: an empty string that refuses to be formatted."""

    __slots__ = ()

    def __new__(cls) -> StrictMissingVariable:
        return super().__new__(cls, "")

    def __bool__(self) -> bool:
        # Only the missing-variable branch of FilterExpression.resolve goes on to format it;
        # anywhere else this is Django's usual empty string.
        caller = sys._getframe(1)
        if caller.f_code is not FilterExpression.resolve.__code__:
            return False
        return is_project_template(_rendering_origin(caller))

    def __contains__(self, item: object) -> bool:
        return item == "%s" or (isinstance(item, str) and super().__contains__(item))

    def __mod__(self, variable: object) -> str:
        origin = _rendering_origin(sys._getframe(1))
        if not is_project_template(origin):
            return ""  # a third-party template ({% blocktranslate %} asks without testing first)
        raise MissingTemplateVariable(
            f"The template {origin} reads « {variable} », which its context does not have: "
            "pass it from the view, or test it with {% if %} first."
        )

    def __reduce__(self):  # settings may be copied or pickled: keep the same behaviour
        return (StrictMissingVariable, ())


MISSING = StrictMissingVariable()
