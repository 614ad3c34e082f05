"""Fill the database with deterministic demo data: the network, then what each floor adds.

The generators run in the order of `demo.generators.GENERATORS`, in one transaction.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from core.signals import send_data_changed_on_commit
from demo import partners as demo
from demo.generators import generators
from demo.text import decimal, french_list, number, seconds
from partners.models import Organisation, Partnership


class ProgressBars:
    """One progress bar per generator, on the error output (`demo.partners.Progress`)."""

    def __init__(self, *, disable: bool) -> None:
        self.disable = disable
        self.bar: tqdm | None = None

    def start(self, label: str, total: int, unit: str = " lignes") -> None:
        self.close()
        self.bar = tqdm(
            total=total, unit=unit, unit_scale=True, file=sys.stderr, disable=self.disable, desc=label
        )

    def advance(self, phase: str, steps: int) -> None:
        if self.bar is not None:
            self.bar.set_description(phase, refresh=False)
            self.bar.update(steps)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration déterministes : partenaires, regroupements, adhésions, "
        "personnes, plans d'action et bibliothèque, puis reconstruit l'index de recherche "
        "(échelle 1 ≈ le réseau réel, échelle 10 = dix fois plus)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Taille du réseau : 1 ≈ 3 100 partenaires et 150 regroupements (fractions acceptées).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Graine : mêmes échelle et graine, mêmes données."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si des partenaires existent déjà (utilisé par « make run »).",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Supprimer d'abord la bibliothèque, l'index de recherche, les plans d'action, "
            "les partenaires, regroupements, adhésions, "
            f"affiliations et les comptes @{demo.DEMO_EMAIL_DOMAIN}.",
        )

    def handle(self, *args, **options) -> None:
        scale: float = options["scale"]
        seed: int = options["seed"]
        if scale < demo.MIN_SCALE:
            raise CommandError(
                f"L'échelle doit être d'au moins {decimal(demo.MIN_SCALE)} (reçu : {decimal(scale)})."
            )
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("La base contient déjà des partenaires : données existantes conservées.")
            return

        started = time.perf_counter()
        pairs = generators()
        figures: dict[str, int] = {}
        bars = ProgressBars(disable=options["verbosity"] == 0)
        with transaction.atomic():
            existing = Organisation.objects.count() + Partnership.objects.count()
            if existing and not options["flush"]:
                raise CommandError(
                    "La base contient déjà des partenaires ou des regroupements. Relancez avec --flush "
                    "pour les remplacer par les données de démonstration, ou avec --if-empty pour les garder."
                )
            if options["flush"]:
                if options["verbosity"]:
                    self.stderr.write("Suppression des données existantes…")
                # Higher floors first: their rows point to the network's.
                for _generate, flush in reversed(pairs):
                    flush()
            try:
                for generate, _flush in pairs:
                    figures.update(generate(scale, seed, bars))
            except LookupError as error:
                raise CommandError(
                    f"Données de référence manquantes ({error}) : "
                    "lancez d'abord « python manage.py migrate »."
                ) from error
            finally:
                bars.close()
            send_data_changed_on_commit(Organisation)

        elapsed = time.perf_counter() - started
        counts = french_list([f"{number(n)} {label}" for label, n in figures.items()])
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration créées : {counts} "
                f"(échelle {decimal(scale)}, graine {seed}) en {seconds(elapsed)}."
            )
        )
