"""Everything a new installation needs, and nothing fictional (idempotent)."""

import getpass
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forum.tree import ensure_forum_tree
from portal.members import setup as members_setup
from portal.members.services_territory import setup_territory
from portal.pages.setup import setup_pages
from portal.search.models import SearchSettings
from portal.search.registry import rebuild_all


class Command(BaseCommand):
    help = (
        "Installe le portail : rôles et permissions, professions (TRE_G15), territoire, "
        "arborescence des pages, forums, sites, premier compte du bureau. Relançable sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--association",
            default=None,
            help="Nom de l'association (par défaut : SITE_NAME, puis celui déjà enregistré).",
        )
        parser.add_argument(
            "--contact-email", default="", help="E-mail de contact de l'association."
        )
        parser.add_argument(
            "--bureau-email",
            default=None,
            help="Crée le premier compte du bureau avec cette adresse ; mot de passe lu dans "
            "BUREAU_PASSWORD ou demandé.",
        )
        parser.add_argument("--bureau-first-name", default="")
        parser.add_argument("--bureau-last-name", default="")

    def handle(self, *args, **options):
        password = None
        if options["bureau_email"]:
            password = os.environ.get("BUREAU_PASSWORD") or self.ask_password()
        try:
            with transaction.atomic():
                self.setup(options, password)
        except members_setup.BureauAccountError as exc:
            raise CommandError(f"Compte du bureau non créé : {exc} Rien n'a été modifié.") from exc
        self.stdout.write(self.style.SUCCESS("Portail installé."))

    def ask_password(self):
        if not self.stdin_is_interactive():
            raise CommandError(
                "Mot de passe du bureau manquant : définissez BUREAU_PASSWORD ou lancez la "
                "commande dans un terminal."
            )
        first = getpass.getpass("Mot de passe du compte du bureau (12 caractères au moins) : ")
        if first != getpass.getpass("Le même mot de passe, encore une fois : "):
            raise CommandError("Les deux mots de passe sont différents. Rien n'a été modifié.")
        return first

    @staticmethod
    def stdin_is_interactive():
        import sys

        return sys.stdin.isatty()

    def setup(self, options, password):
        write = self.stdout.write
        association = members_setup.setup_association(
            name=options["association"] or settings.SITE_NAME,
            contact_email=options["contact_email"],
        )
        if options["association"] and association.name != options["association"]:
            association.name = options["association"]
            association.save(update_fields=["name"])
        created = members_setup.setup_professions()
        write(f"  professions : {created} ajoutée(s)")
        members_setup.setup_roles()
        write("  rôles et permissions appliqués")
        setup_territory(stdout=self.stdout)
        setup_pages(association.name)
        write("  pages, sites et espaces métiers en place")
        forums = ensure_forum_tree()
        write(f"  forum : {len(forums)} forums")
        # The search's synonyms (Settings > Search) and indexes of what already exists.
        SearchSettings.load()
        counts = rebuild_all()
        write(f"  index de recherche : {sum(counts.values())} objet(s)")
        if options["bureau_email"]:
            user, created = members_setup.create_bureau_account(
                email=options["bureau_email"],
                password=password,
                first_name=options["bureau_first_name"],
                last_name=options["bureau_last_name"],
            )
            write(
                f"  compte du bureau {'créé' if created else 'déjà présent'} : {user.email} "
                "(double authentification demandée à la première connexion)"
            )
