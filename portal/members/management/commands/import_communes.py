"""Import the official list of French communes (data.gouv.fr or La Poste CSV)."""

from django.core.management.base import BaseCommand, CommandError

from portal.members.services_territory import CommuneFileError, import_communes


class Command(BaseCommand):
    help = (
        "Importe les communes (code INSEE, nom, codes postaux, coordonnées) depuis le fichier "
        "communes-departement-region.csv de data.gouv.fr ou la base officielle des codes postaux."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier CSV")
        parser.add_argument(
            "--departement",
            action="append",
            dest="departments",
            default=[],
            help="Code d'un département à importer (répétable) ; par défaut tous.",
        )
        parser.add_argument("--encoding", default="utf-8", help="Encodage du fichier (utf-8).")

    def handle(self, *args, file, departments, encoding, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Impossible de lire le fichier : {exc}") from exc
        try:
            created, updated = import_communes(
                data, departments=departments, encoding=encoding, stderr=self.stderr._out
            )
        except CommuneFileError as exc:
            raise CommandError(f"{exc} Aucune commune n'a été modifiée.") from exc
        self.stdout.write(
            self.style.SUCCESS(f"{created} commune(s) créée(s), {updated} mise(s) à jour.")
        )
