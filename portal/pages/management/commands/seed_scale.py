"""Fill the database with regional-scale data for the benchmark (bulk inserts, minutes not hours).

Each part runs only when its models exist, so the command works while apps are
still landing. Rows it creates are recognisable (e-mails ``@scale.maillage.test``,
forum slugs ``charge-*``) so ``--reset`` removes exactly them.
"""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.members.demo import DEMO_COMMUNES, FIRST_NAMES, LAST_NAMES
from portal.members.models import MEMBERS_GROUP, Commune, Membership, Profession, User
from portal.members.territory import place, setup_territory
from portal.members.validators import luhn_check_digit

SCALE_DOMAIN = "scale.maillage.test"
FORUM_SLUG_PREFIX = "charge-"
BATCH = 5000

# Communes of Hérault and the rest of Occitanie: name, postcode, latitude, longitude.
# Those missing from the Commune table (outside the shipped Hérault file) are added
# with a synthetic INSEE code ("Z" + number) so that distances work on the scale data.
REGION_COMMUNES = [
    ("Montpellier", "34000", 43.6108, 3.8767),
    ("Béziers", "34500", 43.3442, 3.2158),
    ("Sète", "34200", 43.4028, 3.6928),
    ("Agde", "34300", 43.3108, 3.4758),
    ("Lunel", "34400", 43.6747, 4.1358),
    ("Frontignan", "34110", 43.4483, 3.7558),
    ("Castelnau-le-Lez", "34170", 43.6336, 3.9019),
    ("Lattes", "34970", 43.5672, 3.9094),
    ("Mauguio", "34130", 43.6161, 4.0083),
    ("Pézenas", "34120", 43.4589, 3.4228),
    ("Bédarieux", "34600", 43.6158, 3.1572),
    ("Ganges", "34190", 43.9342, 3.7081),
    ("Saint-Gély-du-Fesc", "34980", 43.6925, 3.8058),
    ("Juvignac", "34990", 43.6136, 3.8097),
    ("Mèze", "34140", 43.4253, 3.6053),
    ("Marseillan", "34340", 43.3561, 3.5283),
    ("Sérignan", "34410", 43.2817, 3.2775),
    ("Saint-Pons-de-Thomières", "34220", 43.4894, 2.7653),
    ("Capestang", "34310", 43.3275, 3.0447),
    ("Florensac", "34510", 43.3836, 3.4661),
    ("Pignan", "34570", 43.5836, 3.7631),
    ("Grabels", "34790", 43.6481, 3.7992),
    ("Palavas-les-Flots", "34250", 43.5283, 3.9297),
    ("Nîmes", "30000", 43.8367, 4.3601),
    ("Alès", "30100", 44.1250, 4.0817),
    ("Narbonne", "11100", 43.1839, 3.0042),
    ("Carcassonne", "11000", 43.2130, 2.3491),
    ("Perpignan", "66000", 42.6986, 2.8956),
    ("Toulouse", "31000", 43.6045, 1.4440),
    ("Albi", "81000", 43.9289, 2.1464),
    ("Castres", "81100", 43.6060, 2.2410),
    ("Rodez", "12000", 44.3506, 2.5750),
    ("Millau", "12100", 44.0981, 3.0778),
    ("Mende", "48000", 44.5181, 3.5006),
    ("Montauban", "82000", 44.0176, 1.3550),
    ("Cahors", "46000", 44.4475, 1.4419),
    ("Auch", "32000", 43.6465, 0.5855),
    ("Tarbes", "65000", 43.2328, 0.0781),
    ("Foix", "09000", 42.9653, 1.6069),
    ("Limoux", "11300", 43.0547, 2.2186),
]


def scale_communes():
    """(name, postcode, lat, lng) of the demo territory and the region, all as Commune rows."""
    setup_territory()
    for n, (name, postcode, lat, lng) in enumerate(REGION_COMMUNES):
        if place(name) is None:
            Commune.objects.update_or_create(
                insee=f"Z{n:04d}",
                defaults={
                    "name": name,
                    "department": postcode[:2],
                    "postcodes": postcode,
                    "latitude": lat,
                    "longitude": lng,
                    "in_territory": True,
                },
            )
    communes = []
    for name in [*DEMO_COMMUNES, *(row[0] for row in REGION_COMMUNES)]:
        known = place(name)
        if known is not None and known.lat is not None:
            communes.append((known.name, known.postcode, known.lat, known.lng))
    return communes


SPECIALTIES = [
    "plaies et cicatrisation",
    "diabète",
    "soins palliatifs",
    "pédiatrie",
    "gériatrie",
    "éducation thérapeutique",
    "douleur chronique",
    "nutrition",
    "addictologie",
    "périnatalité",
    "rééducation respiratoire",
    "orthopédie",
    "troubles du langage",
    "santé mentale",
    "sport",
]
SITE_KINDS = ["", "Cabinet", "Maison de santé", "Pôle de santé"]
STREETS = [
    "rue de la République",
    "avenue de Lodève",
    "place du Marché",
    "chemin des Oliviers",
    "boulevard Gambetta",
    "rue des Écoles",
    "allée des Platanes",
    "route de Montpellier",
]
TOPIC_SUBJECTS = [
    "Sortie d'hospitalisation : qui prend le relais ?",
    "Protocole INR en ville",
    "Astreinte du week-end",
    "Matériel de pansement introuvable",
    "Coordination avec le SSIAD",
    "Formation DPC à venir",
    "MSSanté : configuration du logiciel",
    "Remplaçant cherché en août",
    "Patient diabétique isolé",
    "Soins palliatifs à domicile",
    "Transport sanitaire de nuit",
    "Vaccination en pharmacie",
]
SENTENCES = [
    "Merci pour ce retour, c'est très utile pour l'organisation du secteur.",
    "Je peux prendre le relais **mardi et jeudi** si besoin.",
    "Le SSIAD a confirmé une place à partir de la semaine prochaine.",
    "Attention au suivi *INR* : contrôle à J+3 puis hebdomadaire.",
    "Quelqu'un a-t-il un contact à l'HAD pour le nord du territoire ?",
    "Le protocole validé par la commission est disponible dans la bibliothèque.",
    "Je transmets la fiche de liaison par messagerie sécurisée.",
    "Bonne idée, on en parle à la prochaine réunion de la commission.",
]


def model(label):
    """The model ``app_label.ModelName`` if that app has landed, else None."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def rpps_for(serial):
    body = f"18{serial:08d}"
    return body + luhn_check_digit(body)


class Command(BaseCommand):
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
                PostSearch = model("community.PostSearch")
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

    # -- members ---------------------------------------------------------------------------

    def seed_members(self, count):
        """Users (one precomputed hash), approved memberships, groups through the through table."""
        professions = list(Profession.objects.order_by("pk"))
        if not professions:
            from portal.members.demo import PROFESSIONS
            from portal.members.services import create_profession

            professions = [
                create_profession(name=n, plural=p, slug=s, code=c, register=r)
                for n, p, s, c, r in PROFESSIONS
            ]
        weights = [
            16 if p.slug == "infirmiers" else 12 if p.slug == "medecins" else 6 for p in professions
        ]
        password = make_password("scale-maillage-2026")  # hashed once for every account
        rng = self.rng
        users = []
        for n in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{slugify(first)}.{slugify(last)}.{n}@{SCALE_DOMAIN}"
            users.append(
                User(
                    email=email,
                    username=email,
                    first_name=first,
                    last_name=last,
                    password=password,
                    date_joined=self.now - timedelta(days=rng.randint(1, 2000)),
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").order_by("pk"))

        memberships = []
        for n, user in enumerate(users):
            profession = rng.choices(professions, weights)[0]
            commune = rng.choice(self.communes)
            number = (
                {"rpps": rpps_for(n)} if profession.register == "rpps" else {"adeli": f"35{n:07d}"}
            )
            applied = user.date_joined
            memberships.append(
                Membership(
                    user=user,
                    profession=profession,
                    commune=commune[0],
                    charter_accepted_at=applied,
                    applied_at=applied,
                    status=Membership.Status.APPROVED,
                    decided_at=applied + timedelta(days=rng.randint(0, 10)),
                    **number,
                )
            )
            user.scale_profession = profession
            user.scale_commune = commune
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

        members_group = Group.objects.get_or_create(name=MEMBERS_GROUP)[0]
        Through = User.groups.through
        rows = []
        for user in users:
            rows.append(Through(user_id=user.pk, group_id=members_group.pk))
            rows.append(Through(user_id=user.pk, group_id=user.scale_profession.group_id))
        Through.objects.bulk_create(rows, batch_size=BATCH)

        EmailAddress = model("account.EmailAddress")
        if EmailAddress is not None:
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
                batch_size=BATCH,
            )
        return users

    # -- directory -------------------------------------------------------------------------

    def seed_directory(self, users):
        Profile = model("directory.Profile")
        if Profile is None:
            return
        rng = self.rng
        visibilities = ["public", "members", "members", "hidden"]
        Profile.objects.filter(user__in=users).delete()  # created by a signal if one ran
        profiles = []
        for user in users:
            fields = {
                "user": user,
                "civility": "dr"
                if user.scale_profession.slug == "medecins"
                else rng.choice(["mme", "m"]),
                "languages": rng.choice(["fr", "fr", "fr,en", "fr,oc", "fr,es", "fr,en,it"]),
                "email": f"cabinet.{user.pk}@{SCALE_DOMAIN}",
                "mssante": f"{slugify(user.first_name)}.{slugify(user.last_name)}.{user.pk}@"
                f"{user.scale_profession.slug}.mssante.fr",
                "mobile": f"+336{rng.randint(10000000, 99999999)}",
                "home_visits": rng.random() < 0.5,
                "accepts_new_patients": rng.random() < 0.7,
                "available_for_locum": rng.random() < 0.15,
                "confirmed_at": self.now - timedelta(days=rng.randint(0, 500))
                if rng.random() < 0.8
                else None,
            }
            for name in ("email", "mssante", "mobile", "website", "photo"):
                fields[f"{name}_visibility"] = rng.choice(visibilities)
            profiles.append(Profile(**{k: v for k, v in fields.items() if has_field(Profile, k)}))
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        profiles = list(
            Profile.objects.filter(user__in=users).select_related("user").order_by("pk")
        )
        by_user = {u.pk: u for u in users}

        PracticeSite = model("directory.PracticeSite")
        if PracticeSite is not None:
            sites = []
            for profile in profiles:
                user = by_user[profile.user_id]
                for position in range(1 if rng.random() < 0.85 else 2):
                    name, postcode, lat, lng = (
                        user.scale_commune if position == 0 else rng.choice(self.communes)
                    )
                    fields = {
                        "profile": profile,
                        "name": f"{kind} de {name}" if (kind := rng.choice(SITE_KINDS)) else "",
                        "address": f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
                        "address_visibility": rng.choice(visibilities),
                        "postcode": postcode,
                        "commune": name,
                        "latitude": lat + rng.uniform(-0.01, 0.01),
                        "longitude": lng + rng.uniform(-0.01, 0.01),
                        "phone": f"+334{rng.randint(10000000, 99999999)}",
                        "phone_visibility": rng.choice(visibilities),
                        "position": position,
                    }
                    sites.append(
                        PracticeSite(
                            **{k: v for k, v in fields.items() if has_field(PracticeSite, k)}
                        )
                    )
            PracticeSite.objects.bulk_create(sites, batch_size=BATCH)

        # Specialties (taggit): a handful of tags, one or two per profile through TaggedItem.
        try:
            from taggit.models import Tag, TaggedItem
        except ImportError:
            return
        from django.contrib.contenttypes.models import ContentType

        tags = [
            Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            for name in SPECIALTIES
        ]
        profile_type = ContentType.objects.get_for_model(Profile)
        items = []
        for profile in profiles:
            for tag in rng.sample(tags, rng.randint(0, 2)):
                items.append(TaggedItem(tag=tag, content_type=profile_type, object_id=profile.pk))
        TaggedItem.objects.bulk_create(items, batch_size=BATCH)

    # -- forum -----------------------------------------------------------------------------

    def seed_forum(self, users, topic_count, post_count):
        Forum = model("forum.Forum")
        Topic = model("forum_conversation.Topic")
        Post = model("forum_conversation.Post")
        if Forum is None or topic_count <= 0:
            return
        forums = list(Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk"))
        if not forums:
            forums = self.create_forums(Forum)
        rng = self.rng
        post_count = max(post_count, topic_count + 49)
        # Every topic has at least one post; the first topic has exactly 50 (the benchmark's topic).
        per_topic = [1] * topic_count
        per_topic[0] = 50
        remaining = post_count - sum(per_topic)
        for _ in range(remaining):
            per_topic[rng.randrange(1, topic_count)] += 1 if topic_count > 1 else 0
        rendered_sentences = self.render_sentences()

        topics = []
        start = self.now - timedelta(days=720)
        for n in range(topic_count):
            created = start + timedelta(minutes=rng.randint(0, 720 * 24 * 60 - 60 * 24 * 30))
            subject = f"[charge] {rng.choice(TOPIC_SUBJECTS)} #{n}"
            topics.append(
                Topic(
                    forum=forums[0] if n == 0 else rng.choice(forums),
                    poster=rng.choice(users),
                    subject=subject,
                    slug=slugify(subject)[:255],
                    type=Topic.TOPIC_POST,
                    status=Topic.TOPIC_UNLOCKED,
                    approved=True,
                    posts_count=per_topic[n],
                    views_count=rng.randint(0, 500),
                    created=created,
                    updated=created,
                    last_post_on=created,
                )
            )
        Topic.objects.bulk_create(topics, batch_size=BATCH)
        topics = list(Topic.objects.filter(subject__startswith="[charge]").order_by("pk"))

        batch = []
        for topic, count in zip(topics, per_topic, strict=True):
            created = topic.created
            for index in range(count):
                raw, rendered = rng.choice(rendered_sentences)
                batch.append(
                    Post(
                        topic=topic,
                        poster=topic.poster if index == 0 else rng.choice(users),
                        subject=topic.subject if index == 0 else f"Re: {topic.subject}",
                        content=raw,
                        _content_rendered=rendered,
                        approved=True,
                        created=created,
                        updated=created,
                    )
                )
                created += timedelta(minutes=rng.randint(5, 600))
            if len(batch) >= BATCH:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
        # Counters and pointers in three statements rather than one save per topic.
        topic_table, post_table = Topic._meta.db_table, Post._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {topic_table} SET posts_count = s.n, first_post_id = s.first_id,
                       last_post_id = s.last_id, last_post_on = s.last_on, updated = s.last_on
                FROM (SELECT topic_id, COUNT(*) AS n, MIN(id) AS first_id, MAX(id) AS last_id,
                             MAX(created) AS last_on
                      FROM {post_table} WHERE topic_id >= %s GROUP BY topic_id) AS s
                WHERE {topic_table}.id = s.topic_id
                """,  # noqa: S608 (table names come from the models)
                [topics[0].pk],
            )
        for forum in Forum.objects.filter(pk__in={t.forum_id for t in topics}):
            forum.update_trackers()
        ForumProfile = model("forum_member.ForumProfile")
        if ForumProfile is not None:
            existing = set(ForumProfile.objects.values_list("user_id", flat=True))
            ForumProfile.objects.bulk_create(
                [ForumProfile(user=u) for u in users if u.pk not in existing], batch_size=BATCH
            )
            profile_table = ForumProfile._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {profile_table} SET posts_count = s.n
                    FROM (SELECT poster_id, COUNT(*) AS n FROM {post_table} GROUP BY poster_id) AS s
                    WHERE {profile_table}.user_id = s.poster_id
                    """  # noqa: S608
                )

    def render_sentences(self):
        from machina.conf import settings as machina_settings
        from machina.models.fields import _get_render_function

        render = _get_render_function(
            machina_settings.MARKUP_LANGUAGE[0], machina_settings.MARKUP_LANGUAGE[1]
        )
        rendered = []
        for n in range(24):
            raw = " ".join(self.rng.sample(SENTENCES, 1 + n % 3))
            rendered.append((raw, render(raw)))
        return rendered

    def create_forums(self, Forum):
        """Forums readable by members, when the forum app's demo has made none."""
        category = Forum.objects.create(
            name="Échanges régionaux", slug=f"{FORUM_SLUG_PREFIX}regional", type=Forum.FORUM_CAT
        )
        forums = [
            Forum.objects.create(
                parent=category,
                name=name,
                slug=f"{FORUM_SLUG_PREFIX}{slugify(name)}",
                type=Forum.FORUM_POST,
            )
            for name in (
                "Coordination des soins",
                "Remplacements et continuité",
                "Formation",
                "Vie de l'association",
            )
        ]
        ForumPermission = model("forum_permission.ForumPermission")
        GroupForumPermission = model("forum_permission.GroupForumPermission")
        members = Group.objects.get_or_create(name=MEMBERS_GROUP)[0]
        perms = ForumPermission.objects.filter(
            codename__in=[
                "can_see_forum",
                "can_read_forum",
                "can_start_new_topics",
                "can_reply_to_topics",
            ]
        )
        GroupForumPermission.objects.bulk_create(
            [
                GroupForumPermission(forum=forum, group=members, permission=perm, has_perm=True)
                for forum in [category, *forums]
                for perm in perms
            ]
        )
        return forums

    # -- locum requests --------------------------------------------------------------------

    def seed_locums(self, users, count):
        """Locum requests once the forum app defines them; fields are filled when present."""
        for label in ("community.LocumRequest",):
            LocumRequest = model(label)
            if LocumRequest is not None:
                break
        else:
            return
        rng = self.rng
        today = date.today()
        rows = []
        for n in range(count):
            user = rng.choice(users)
            start = today + timedelta(days=rng.randint(-30, 180))
            name, postcode, lat, lng = user.scale_commune
            fields = {
                "author": user,
                "requester": user,
                "created_by": user,
                "profession": user.scale_profession,
                "start": start,
                "end": start + timedelta(days=rng.randint(2, 30)),
                "start_date": start,
                "end_date": start + timedelta(days=rng.randint(2, 30)),
                "commune": name,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lng,
                "title": f"Remplacement à {name} ({n})",
                "description": rng.choice(SENTENCES),
                "conditions": rng.choice(SENTENCES),
                "kind": rng.choice(
                    ["occasional", "occasional", "regular", "assistant", "collaboration"]
                ),
                "fee_share": rng.choice([None, 70, 75, 80, 85]),
                "software": rng.choice(["", "Weda", "Crossway", "Albus", "Medistory"]),
                "created_at": self.now - timedelta(days=rng.randint(0, 60)),
            }
            rows.append(
                LocumRequest(**{k: v for k, v in fields.items() if has_field(LocumRequest, k)})
            )
        try:
            with transaction.atomic():
                LocumRequest.objects.bulk_create(rows, batch_size=BATCH)
        except Exception as exc:  # a required field this command does not know yet
            self.stderr.write(f"  remplacements ignorés : {exc}")

    # -- protocols -------------------------------------------------------------------------

    def seed_protocols(self, users, count):
        """Protocols with one to three versions (older ones superseded), a real file each."""
        Protocol = model("documents.Protocol")
        Version = model("documents.ProtocolVersion")
        if Protocol is None or Version is None or count <= 0:
            return
        from django.core.files.base import ContentFile
        from django.core.files.storage import storages

        from portal.members.models import Commission

        commissions = list(Commission.objects.all())
        if not commissions:
            self.stderr.write("  protocoles : aucune commission (chargez la démo d'abord), ignorés")
            return
        rng = self.rng
        professions = list(Profession.objects.all())
        categories = [value for value, _label in Protocol.Category.choices]
        storage = storages["private"]
        today = date.today()
        protocols = []
        for n in range(count):
            title = f"[charge] {rng.choice(TOPIC_SUBJECTS).rstrip(' ?')} — protocole {n}"
            protocols.append(
                Protocol(
                    title=title,
                    slug=f"charge-{n}-{slugify(title)[:150]}",
                    summary=rng.choice(SENTENCES),
                    category=rng.choice(categories),
                    commission=rng.choice(commissions),
                    review_date=today + timedelta(days=rng.randint(-60, 900)),
                    is_public=rng.random() < 0.2,
                    created_by=rng.choice(users),
                    created_at=self.now - timedelta(days=rng.randint(30, 1500)),
                )
            )
        Protocol.objects.bulk_create(protocols, batch_size=BATCH)
        protocols = list(Protocol.objects.filter(title__startswith="[charge]").order_by("pk"))
        Through = Protocol.target_professions.through
        Through.objects.bulk_create(
            [
                Through(protocol_id=protocol.pk, profession_id=profession.pk)
                for protocol in protocols
                for profession in rng.sample(professions, rng.randint(1, min(3, len(professions))))
            ],
            batch_size=BATCH,
        )
        pdf = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            + b"% protocole de charge\n" * 80
            + b"%%EOF\n"
        )
        versions = []
        for protocol in protocols:
            total = rng.randint(1, 3)
            for index in range(total):
                number = f"{index + 1}.0"
                name = storage.save(f"protocoles/{protocol.slug}/v{number}.pdf", ContentFile(pdf))
                created = protocol.created_at + timedelta(days=200 * index)
                published = index == total - 1
                versions.append(
                    Version(
                        protocol=protocol,
                        number=number,
                        changes="Création" if index == 0 else rng.choice(SENTENCES),
                        file=name,
                        original_name=f"{protocol.slug}.pdf",
                        size=len(pdf),
                        content_type="application/pdf",
                        status=Version.Status.PUBLISHED if published else Version.Status.SUPERSEDED,
                        live=True,
                        created_by=protocol.created_by,
                        created_at=created,
                        submitted_at=created,
                        validated_at=created + timedelta(days=7),
                        download_count=rng.randint(0, 300),
                    )
                )
        Version.objects.bulk_create(versions, batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Protocol._meta.db_table} SET current_version_id = v.id
                FROM {Version._meta.db_table} AS v
                WHERE v.protocol_id = {Protocol._meta.db_table}.id AND v.status = %s
                  AND {Protocol._meta.db_table}.title LIKE %s
                """,  # noqa: S608 (table names come from the models)
                [Version.Status.PUBLISHED, "[charge]%"],
            )


@contextmanager
def explicit_dates(*model_classes):
    """Let bulk_create keep the dates we set on auto_now/auto_now_add fields."""
    saved = []
    for model_class in model_classes:
        for field in model_class._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def has_field(model_class, name):
    try:
        model_class._meta.get_field(name)
    except Exception:
        return False
    return True
