"""Create or update one demo account per role and print how to sign in with them."""

from __future__ import annotations

import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.roles import KNOWLEDGE_EDITORS_GROUP
from demo import partners as demo
from partners import actions
from partners.models import Partnership

ADMIN_EMAIL = f"admin@{demo.DEMO_EMAIL_DOMAIN}"
EDITOR_EMAIL = f"editrice@{demo.DEMO_EMAIL_DOMAIN}"
COORDINATOR_EMAIL = f"coordination@{demo.DEMO_EMAIL_DOMAIN}"
MEMBER_EMAIL = f"membre@{demo.DEMO_EMAIL_DOMAIN}"


class Command(BaseCommand):
    help = (
        "Crée ou met à jour un compte de démonstration par rôle (administration, édition des savoirs, "
        "coordination, membre) et affiche comment s'y connecter. Réservé au développement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Créer les comptes même quand DEBUG est désactivé (jamais en production).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Les comptes de démonstration ne sont créés qu'en développement (DEBUG activé). "
                "Ajoutez --force pour les créer quand même, jamais sur un serveur de production."
            )
        password = os.environ.get("DEMO_PASSWORD", demo.DEFAULT_DEMO_PASSWORD)
        with transaction.atomic():
            rows = self._ensure_accounts(password)

        port = os.environ.get("PORT", "8000")
        width = max(len(role) for role, _email in rows)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Comptes de démonstration"))
        self.stdout.write(f"  {'Rôle'.ljust(width)}  Courriel")
        self.stdout.write(f"  {'-' * width}  {'-' * 32}")
        for role, email in rows:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
        self.stdout.write(f"  Mot de passe (tous les comptes) : {password}")
        self.stdout.write(f"  Adresse : http://127.0.0.1:{port}/")
        self.stdout.write("")

    def _ensure_accounts(self, password: str) -> list[tuple[str, str]]:
        admin = self._account(
            ADMIN_EMAIL, "Alexandre", "Tremblay", password, is_staff=True, is_superuser=True
        )
        editor = self._account(EDITOR_EMAIL, "Élise", "Bouchard", password)
        group, _created = Group.objects.get_or_create(name=KNOWLEDGE_EDITORS_GROUP)
        editor.groups.add(group)
        rows = [("Administrateur", admin.email), ("Éditrice des savoirs", editor.email)]

        partnership = Partnership.objects.active().order_by("name", "id").first()
        if partnership is None:
            self.stderr.write(
                "Aucun regroupement : comptes de coordination et de membre non créés "
                "(lancez d'abord « python manage.py seed_demo »)."
            )
            return rows
        coordinator = self._account(COORDINATOR_EMAIL, "Camille", "Gagnon", password)
        actions.add_coordinator(admin, partnership, coordinator)
        rows.append((f"Coordonnatrice — {partnership.name}", coordinator.email))

        organisation = partnership.organisations.order_by("name", "id").first()
        if organisation is not None:
            member = self._account(MEMBER_EMAIL, "Maxime", "Côté", password)
            actions.affiliate(admin, member, organisation, job_title="Intervenant communautaire")
            rows.append((f"Membre — {organisation.name}", member.email))
        return rows

    def _account(self, email: str, first_name: str, last_name: str, password: str, **flags: bool):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        user.username = email
        user.first_name = first_name
        user.last_name = last_name
        user.is_active = True
        user.is_staff = flags.get("is_staff", False)
        user.is_superuser = flags.get("is_superuser", False)
        user.set_password(password)
        user.save()
        # A verified address, so that signing in never stops at the confirmation step.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
