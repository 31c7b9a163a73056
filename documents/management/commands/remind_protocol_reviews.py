from django.core.management.base import BaseCommand

from documents.services import remind_reviews


class Command(BaseCommand):
    help = "E-mail the commissions whose protocols are past their review date (run daily)."

    def handle(self, *args, **options):
        count = remind_reviews()
        self.stdout.write(f"{count} rappel(s) de révision envoyé(s).")
