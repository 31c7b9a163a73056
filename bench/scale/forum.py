"""Scale forums, topics and posts."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.utils.text import slugify

from portal.members.models import MEMBERS_GROUP

from .data import (
    BATCH,
    FORUM_SLUG_PREFIX,
    SENTENCES,
    TOPIC_SUBJECTS,
    model,
)


class ForumSeeding:
    """Methods of the seed_scale command (bench/management/commands/seed_scale.py)."""

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
