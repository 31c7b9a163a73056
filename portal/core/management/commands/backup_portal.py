from django.core.management.base import BaseCommand, CommandError

from portal.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (pg_dump) et les fichiers (médias et fichiers privés) "
        "dans un nouveau dossier daté."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Dossier où créer la sauvegarde.")

    def handle(self, *args, destination, **options):
        try:
            folder = backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite dans {folder}"))
        self.stdout.write(str(folder))
