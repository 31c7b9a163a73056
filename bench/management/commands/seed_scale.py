"""Fill the database with regional-scale data for the benchmark (bulk inserts, minutes not hours).

Each part runs only when its models exist, so the command works while apps are
still landing. Rows it creates are recognisable (e-mails ``@scale.maillage.test``,
forum slugs ``charge-*``) so ``--reset`` removes exactly them.
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from bench.scale.boards import BoardAndProtocolSeeding
from bench.scale.data import (
    FORUM_SLUG_PREFIX,
    SCALE_DOMAIN,
    explicit_dates,
    model,
    scale_communes,
)
from bench.scale.forum import ForumSeeding
from bench.scale.members import MemberSeeding
from portal.members.models import Membership, User


class Command(MemberSeeding, ForumSeeding, BoardAndProtocolSeeding, BaseCommand):
    help = "Génère des données à l'échelle régionale (adhérents, annuaire, forum, protocoles…)."
    requires_system_checks = []  # a data loader: no need to import every URLconf first

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20000)
        parser.add_argument("--topics", type=int, default=10000)
        parser.add_argument("--posts", type=int, default=100000)
        parser.add_argument("--protocols", type=int, default=500)
        parser.add_argument(
            "--locums",
            type=int,
            default=None,
            help="Demandes de remplacement (défaut : membres / 20).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="Supprime d'abord les données de charge."
        )

    def log(self, message, started):
        self.stdout.write(f"  {message} ({time.monotonic() - started:.1f} s)")

    def handle(self, *args, **options):
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        started = time.monotonic()
        if options["reset"]:
            self.reset()
            self.log("données de charge supprimées", started)
        if User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists():
            self.stdout.write(
                "Des données de charge existent déjà : utilisez --reset pour les régénérer."
            )
            return
        with transaction.atomic():
            self.communes = scale_communes()
            users = self.seed_members(options["members"])
            self.log(f"{len(users)} adhérents", started)
            self.seed_directory(users)
            self.log("annuaire", started)
            forum_models = [
                m
                for m in (model("forum_conversation.Topic"), model("forum_conversation.Post"))
                if m
            ]
            with explicit_dates(*forum_models):
                self.seed_forum(users, options["topics"], options["posts"])
            self.log("forum", started)
            locums = (
                options["locums"]
                if options["locums"] is not None
                else max(1, options["members"] // 20)
            )
            self.seed_locums(users, locums)
            self.log("remplacements", started)
            self.seed_protocols(users, options["protocols"])
            self.log("protocoles", started)
            # Bulk inserts send no signal: the search indexes are rebuilt from what is there.
            from portal.search.registry import rebuild_all

            rebuild_all()
            self.log("index de recherche", started)
        if connection.vendor == "postgresql":
            # What autovacuum does some time after a bulk load, done now so that measures
            # start from it: statistics for the planner, and the visibility map that lets
            # index-only scans skip the tables. VACUUM cannot run inside a transaction (the
            # test suite's), where statistics alone are gathered.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Données de charge prêtes en {time.monotonic() - started:.1f} s.")
        )

    # -- reset -----------------------------------------------------------------------------

    def reset(self):
        with transaction.atomic():
            Forum = model("forum.Forum")
            Topic = model("forum_conversation.Topic")
            Post = model("forum_conversation.Post")
            if Forum is not None:
                scale_forums = Forum.objects.filter(slug__startswith=FORUM_SLUG_PREFIX)
                topics = Topic.objects.filter(subject__startswith="[charge]")
                touched = set(topics.values_list("forum_id", flat=True).distinct())
                Topic.objects.filter(pk__in=topics.values("pk")).update(
                    first_post=None, last_post=None
                )
                Forum.objects.filter(pk__in=touched).update(last_post=None)
                # Raw delete: machina's post_delete receivers would cost queries per post. Rows
                # that still pointed at these posts make the transaction fail instead.
                posts = Post.objects.filter(topic__in=topics)
                # Their search rows first (forum.search), also without per-row signals.
                PostSearch = model("forum_portal.PostSearch")
                if PostSearch is not None:
                    rows = PostSearch.objects.filter(post__in=posts)
                    rows._raw_delete(rows.db)
                posts._raw_delete(posts.db)
                topics.delete()
                scale_forums.delete()
                for forum in Forum.objects.filter(pk__in=touched):
                    forum.update_trackers()
            users = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
            Protocol = model("documents.Protocol")
            if Protocol is not None:
                from django.core.files.storage import storages

                storage = storages["private"]
                protocols = Protocol.objects.filter(title__startswith="[charge]")
                for slug in protocols.values_list("slug", flat=True):
                    folder = f"protocoles/{slug}"
                    if storage.exists(folder):
                        for name in storage.listdir(folder)[1]:
                            storage.delete(f"{folder}/{name}")
                protocols.update(current_version=None)
                protocols.delete()
            Profile = model("directory.Profile")
            if Profile is not None:
                from django.contrib.contenttypes.models import ContentType
                from taggit.models import TaggedItem

                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Profile),
                    object_id__in=Profile.objects.filter(user__in=users).values("pk"),
                ).delete()
            Membership.objects.filter(user__in=users).delete()
            users.delete()
