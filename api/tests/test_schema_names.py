"""Every schema of the API has its own name: the OpenAPI document keys schemas by name, so a
second class with the same name would silently replace the first one's description."""

from __future__ import annotations

import importlib
import pkgutil

from ninja import Schema

import api


def test_no_two_schemas_share_a_name():
    seen: dict[str, str] = {}
    duplicates = []
    for module_info in pkgutil.iter_modules(api.__path__):
        if module_info.name in {"tests", "migrations"}:
            continue
        module = importlib.import_module(f"api.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                if value.__name__ in seen:
                    duplicates.append(f"{value.__name__} ({seen[value.__name__]} and {module.__name__})")
                seen[value.__name__] = module.__name__
    assert not duplicates, f"Schemas with the same name: {duplicates}"
