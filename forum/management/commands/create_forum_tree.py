from django.core.management.base import BaseCommand

from forum.tree import ensure_forum_tree


class Command(BaseCommand):
    help = "Crée l'arborescence du forum (forums communs, professions, commissions) et ses permissions."

    def handle(self, *args, **options):
        forums = ensure_forum_tree()
        self.stdout.write(self.style.SUCCESS(f"{len(forums)} forums prêts."))
