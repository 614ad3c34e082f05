"""The demo's shared helpers: French before names and numbers, settings switched for a
block and restored, and deletions by chunks of ids."""

from __future__ import annotations

import pytest
from django.conf import settings

from demo import db
from demo.text import at, decimal, french_list, number, of, percent, seconds
from territories.models import Region


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Les Basques", "des Basques"),
        ("Le Plateau-Mont-Royal", "du Plateau-Mont-Royal"),
        ("Amqui", "d'Amqui"),
        ("Rimouski", "de Rimouski"),
        ("La Tuque", "de La Tuque"),
        ("les sacs de lecture", "des sacs de lecture"),
        ("le jeu libre", "du jeu libre"),
        ("la lecture partagée", "de la lecture partagée"),
        ("l'éveil à l'écrit", "de l'éveil à l'écrit"),
    ],
)
def test_of_contracts_and_elides(name, expected):
    assert of(name) == expected


def test_at_contracts():
    assert at("Les Escoumins") == "aux Escoumins"
    assert at("le CPE") == "au CPE"
    assert at("la halte-garderie") == "à la halte-garderie"
    assert at("Rimouski") == "à Rimouski"


def test_lists_and_numbers_in_quebec_french():
    assert french_list([]) == ""
    assert french_list(["a"]) == "a"
    assert french_list(["a", "b", "c"]) == "a, b et c"
    assert number(31000) == "31\u00a0000"
    assert decimal(0.5) == "0,5"
    assert percent(12.5) == "12,5\u00a0%"
    assert seconds(67.26) == "67,3\u00a0s"


def test_a_setting_is_switched_for_the_block_only():
    debug = settings.DEBUG
    with db.setting("DEBUG", not debug):
        assert settings.DEBUG is (not debug)
    assert settings.DEBUG is debug


def test_a_setting_that_was_not_there_is_removed_again_even_after_an_error():
    assert not hasattr(settings, "DEMO_TEST_ONLY")
    with pytest.raises(RuntimeError), db.setting("DEMO_TEST_ONLY", 1):
        assert settings.DEMO_TEST_ONLY == 1
        raise RuntimeError
    assert not hasattr(settings, "DEMO_TEST_ONLY")


@pytest.mark.django_db
def test_delete_in_removes_exactly_the_rows_named_across_chunks(monkeypatch):
    monkeypatch.setattr(db, "CHUNK", 2)
    codes = list(Region.objects.order_by("code").values_list("code", flat=True)[:5])
    kept = Region.objects.exclude(code__in=codes).count()
    db.delete_in(Region, "code", codes)
    assert not Region.objects.filter(code__in=codes).exists()
    assert Region.objects.count() == kept
