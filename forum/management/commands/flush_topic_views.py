"""Write the topic views counted in the cache to ``Topic.views_count`` (forum/tracking.py).

Run it every few minutes (cron, systemd timer) or schedule the django-tasks task
``forum.tasks.flush_topic_views_task``: until then new views are not shown in
the topic lists' counters. Safe to run on several servers at once: each flush
takes the pending counts atomically.
"""

from django.core.management.base import BaseCommand

from forum.tracking import flush_topic_views


class Command(BaseCommand):
    help = "Enregistre en base les vues de sujets comptées dans le cache."

    def handle(self, *args, **options):
        added = flush_topic_views()
        self.stdout.write(f"{added} vue(s) de sujets enregistrée(s).")
