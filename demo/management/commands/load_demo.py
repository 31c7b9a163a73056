from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from demo import boards, directory, documents, forum, members, pages

# Order matters: each step uses what the previous ones created.
DEMO_STEPS = [members, directory, pages, documents, forum, boards]


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent : peut être relancé sans doublon)."

    def handle(self, *args, **options):
        # The demo builds on what every installation has (idempotent).
        call_command("setup_portal", stdout=self.stdout)
        # Demo content must not send e-mails (reply notifications, welcome topics...).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for step in DEMO_STEPS:
                self.stdout.write(f"{step.__name__} …")
                step.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
