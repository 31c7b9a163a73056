"""Opening topics from code: the named writes for welcome topics, demo content and the boards."""

from django.db import transaction
from machina.apps.forum_conversation.models import Post, Topic


@transaction.atomic
def open_topic(forum, *, poster, subject, content, subscribe=()):
    """Create an approved topic with its first post; ``subscribe`` users follow the replies."""
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=content, approved=True)
    topic.refresh_from_db()
    if subscribe:
        topic.subscribers.add(*subscribe)
    return topic


@transaction.atomic
def reply(topic, *, poster, content, subject=None):
    """Add an approved reply to ``topic``."""
    post = Post.objects.create(
        topic=topic,
        poster=poster,
        subject=subject or f"Re: {topic.subject}",
        content=content,
        approved=True,
    )
    return post


WELCOME_SUBJECT = "Bienvenue à {name}"
WELCOME_CONTENT = """Bienvenue à **{name}**, {profession} à {commune}, qui vient de rejoindre l'association !

Pour faire connaissance, n'hésitez pas à répondre à ce sujet :

- **Installation** : depuis quand, seul·e ou en cabinet de groupe ?
- **Activité** : domaines d'exercice, visites à domicile, créneaux de remplacement possibles ;
- **Besoins** : ce qui aiderait à bien démarrer (correspondants, logiciels, protocoles).

Rappel : aucune donnée permettant d'identifier un patient sur le forum."""


def open_welcome_topic(membership, *, by=None):
    """Open the welcome topic of a newly approved member in "Nouveaux installés" (once)."""
    from .tree import forum_for

    forum = forum_for("nouveaux")
    if forum is None:
        return None
    user = membership.user
    name = user.get_full_name() or user.email
    subject = WELCOME_SUBJECT.format(name=name)
    # The member follows their own welcome topic: that tells it apart from a namesake's.
    existing = Topic.objects.filter(forum=forum, subject=subject, subscribers=user).first()
    if existing:
        return existing
    content = WELCOME_CONTENT.format(
        name=name, profession=membership.profession.name.lower(), commune=membership.commune
    )
    return open_topic(forum, poster=by or user, subject=subject, content=content, subscribe=[user])
