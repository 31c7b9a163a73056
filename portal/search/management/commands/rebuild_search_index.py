from django.core.management.base import BaseCommand

from portal.search.registry import domains, rebuild_all


class Command(BaseCommand):
    help = (
        "Reconstruit les index de recherche (annuaire, ressources, protocoles, forum) : "
        "après un import en masse ou un changement des règles de recherche."
    )

    def add_arguments(self, parser):
        parser.add_argument("domain", nargs="*", help=f"Parmi : {', '.join(domains())}.")

    def handle(self, *args, **options):
        for name, count in rebuild_all(options["domain"]).items():
            self.stdout.write(f"  index « {name} » : {count} objet(s)")
