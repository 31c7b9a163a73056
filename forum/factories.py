"""factory_boy factories for forum conversations, through ``forum.conversation``'s services.

``TopicFactory(forum=..., poster=..., replies=[user, ...])`` opens an approved topic with
``open_topic`` and has each user of ``replies`` answer it with ``reply``; ``ReplyFactory``
adds one reply. Forums come from the tree ``setup_portal`` builds (``forum.tree``).
"""

import factory
from machina.apps.forum_conversation.models import Post, Topic

from portal.members.factories import MembershipFactory
from portal.members.models import Profession

from .conversation import open_topic, reply
from .tree import forum_for


def _approved_doctor():
    return MembershipFactory(approved=True, profession=Profession.objects.get(slug="medecins")).user


class TopicFactory(factory.Factory):
    """An approved topic and its first post (``open_topic``), in "Vie de l'association"
    unless another ``forum`` is given."""

    class Meta:
        model = Topic

    forum = factory.LazyFunction(lambda: forum_for("association"))
    poster = factory.LazyFunction(_approved_doctor)
    subject = factory.Sequence(lambda n: f"Sujet de discussion n° {n}")
    content = factory.Sequence(lambda n: f"Premier message du sujet n° {n}, sans donnée patient.")
    subscribe = ()

    @classmethod
    def _create(cls, model_class, *, forum, poster, subject, content, subscribe):
        return open_topic(
            forum, poster=poster, subject=subject, content=content, subscribe=subscribe
        )

    @factory.post_generation
    def replies(self, create, extracted, **kwargs):
        """``replies=[user, ...]``: each user answers in turn (``reply``)."""
        for n, user in enumerate(extracted or (), start=1):
            reply(self, poster=user, content=f"Réponse n° {n} à « {self.subject} ».")
        if extracted:
            self.refresh_from_db()


class ReplyFactory(factory.Factory):
    """An approved reply (``reply``) to ``topic``."""

    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    poster = factory.LazyFunction(_approved_doctor)
    content = factory.Sequence(lambda n: f"Réponse n° {n}.")

    @classmethod
    def _create(cls, model_class, *, topic, poster, content):
        return reply(topic, poster=poster, content=content)
