from django.core.management.base import BaseCommand, CommandError

from portal.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de backup_portal dans la base configurée (DATABASE_URL, "
        "neuve et vide) et dans les dossiers de fichiers (MAILLAGE_VAR_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("sauvegarde", help="Dossier maillage-AAAAMMJJ-HHMMSS à restaurer.")
        parser.add_argument(
            "--dans-une-base-non-vide",
            action="store_true",
            dest="allow_non_empty",
            help="Restaure même si la base contient déjà des tables (déconseillé).",
        )

    def handle(self, *args, sauvegarde, allow_non_empty, **options):
        try:
            files = restore(sauvegarde, allow_non_empty=allow_non_empty)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Base restaurée et {files} fichier(s) remis en place.")
        )
