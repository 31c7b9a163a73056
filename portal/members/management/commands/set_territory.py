"""Choose the association's territory from the command line (the admin has the same screen)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.members.fields import find_commune
from portal.members.models import Commune, Territory
from portal.members.services_territory import set_territory


class Command(BaseCommand):
    help = (
        "Choisit le territoire : toutes les communes importées, des départements, une liste "
        "de communes ou un rayon autour d'une commune."
    )

    def add_arguments(self, parser):
        choice = parser.add_mutually_exclusive_group(required=True)
        choice.add_argument("--tout", action="store_true", help="Toutes les communes importées.")
        choice.add_argument(
            "--departement", action="append", dest="departments", help="Code (répétable)."
        )
        choice.add_argument(
            "--commune", action="append", dest="communes", help="Nom ou code postal (répétable)."
        )
        choice.add_argument("--centre", help="Commune centre d'un rayon (avec --rayon).")
        parser.add_argument("--rayon", type=int, help="Rayon en kilomètres autour de --centre.")

    def handle(self, *args, tout, departments, communes, centre, rayon, **options):
        try:
            if tout:
                set_territory(Territory.Mode.ALL)
            elif departments:
                set_territory(Territory.Mode.DEPARTMENTS, departments=departments)
            elif communes:
                chosen = [find_commune(name, territory=False) for name in communes]
                set_territory(Territory.Mode.LIST, communes=chosen)
            else:
                set_territory(
                    Territory.Mode.RADIUS,
                    centre=find_commune(centre, territory=False),
                    radius_km=rayon,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire enregistré : {Commune.objects.territory().count()} communes."
            )
        )
