"""Fill the database with a deterministic demo network (partners, partnerships, people)."""

from __future__ import annotations

import os
import sys
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from partners import demo
from partners.models import Organisation, Partnership


def french_number(value: int) -> str:
    """« 3 100 »: Québec groups thousands with a (non-breaking) space."""
    return f"{value:,}".replace(",", "\u00a0")


def french_decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def french_seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u00a0s"


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration déterministes : partenaires, regroupements, adhésions "
        "et personnes (échelle 1 ≈ le réseau réel, échelle 10 = dix fois plus)."
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
            help="Supprimer d'abord les partenaires, regroupements, adhésions, affiliations "
            f"et les comptes @{demo.DEMO_EMAIL_DOMAIN}.",
        )

    def handle(self, *args, **options) -> None:
        scale: float = options["scale"]
        seed: int = options["seed"]
        if scale < demo.MIN_SCALE:
            raise CommandError(
                f"L'échelle doit être d'au moins {french_decimal(demo.MIN_SCALE)} "
                f"(reçu : {french_decimal(scale)})."
            )
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("La base contient déjà des partenaires : données existantes conservées.")
            return

        started = time.perf_counter()
        password_hash = make_password(os.environ.get("DEMO_PASSWORD", demo.DEFAULT_DEMO_PASSWORD))
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
                demo.flush_network()
            plan = demo.plan_network(scale, seed, taken_emails=demo.demo_emails_in_use())
            with tqdm(
                total=demo.total_rows(plan),
                unit=" lignes",
                unit_scale=True,
                file=sys.stderr,
                disable=options["verbosity"] == 0,
                desc="Données de démonstration",
            ) as bar:

                def progress(phase: str, rows: int) -> None:
                    bar.set_description(phase, refresh=False)
                    bar.update(rows)

                try:
                    summary = demo.write_network(plan, password_hash=password_hash, progress=progress)
                except LookupError as error:
                    raise CommandError(
                        f"Données de référence manquantes ({error}) : "
                        "lancez d'abord « python manage.py migrate »."
                    ) from error

        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration créées : {french_number(summary.organisations)} partenaires, "
                f"{french_number(summary.partnerships)} regroupements, "
                f"{french_number(summary.memberships)} adhésions et "
                f"{french_number(summary.people)} personnes "
                f"(échelle {french_decimal(scale)}, graine {seed}) en {french_seconds(elapsed)}."
            )
        )
