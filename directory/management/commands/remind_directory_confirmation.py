"""E-mail the members whose directory entry has not been confirmed for a year."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from directory.models import Profile
from portal.members.emails import queue_email
from portal.members.models import NotificationKind


class Command(BaseCommand):
    help = "Rappelle aux adhérents de confirmer leur fiche d'annuaire (non confirmée depuis un an)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=365, help="Ancienneté de confirmation (jours)."
        )
        parser.add_argument(
            "--every",
            type=int,
            default=30,
            help="Pas plus d'un rappel par fiche pendant ce nombre de jours.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Affiche sans envoyer.")

    def handle(self, *args, days, every, dry_run, **options):
        now = timezone.now()
        profiles = (
            Profile.objects.listed()
            .not_confirmed_since(days)
            .exclude(confirmation_reminded_at__gte=now - timedelta(days=every))
            .select_related("user")
        )
        sent = 0
        for profile in profiles.iterator():
            if dry_run:
                self.stdout.write(f"  {profile.user.email}")
            else:
                queue_email(
                    "directory/email/confirm_reminder",
                    {"profile": profile, "edit_path": reverse("directory:entry-edit")},
                    [profile.user],
                    kind=NotificationKind.DIRECTORY,
                )
                Profile.objects.filter(pk=profile.pk).update(confirmation_reminded_at=now)
            sent += 1
        verb = "à relancer" if dry_run else "relancés"
        self.stdout.write(self.style.SUCCESS(f"{sent} adhérents {verb}."))
