from django.core.management.base import BaseCommand

from community.services import expire_requests


class Command(BaseCommand):
    help = (
        "Clôt les demandes de remplacement et d'entraide et les disponibilités échues (quotidien)."
    )

    def handle(self, *args, **options):
        counts = expire_requests()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['locum_requests']} demande(s) de remplacement, "
                f"{counts['offers']} disponibilité(s) et {counts['mutual_aid']} demande(s) "
                "d'entraide expirées."
            )
        )
