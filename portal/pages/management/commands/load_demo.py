import importlib

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

# Order matters: each step may use what the previous ones created. Apps that
# have not landed yet simply have no demo module.
DEMO_STEPS = [
    "portal.members.demo",
    "directory.demo",
    "portal.pages.demo",
    "documents.demo",
    "forum.demo",
]


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent : peut être relancé sans doublon)."

    def handle(self, *args, **options):
        # The demo builds on what every installation has (idempotent).
        call_command("setup_portal", stdout=self.stdout)
        # Demo content must not send e-mails (reply notifications, welcome topics...).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self.load_steps()
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))

    def load_steps(self):
        for dotted in DEMO_STEPS:
            try:
                module = importlib.import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            self.stdout.write(f"{dotted} …")
            module.load(stdout=self.stdout)
