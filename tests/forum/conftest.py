"""The forum tests' own data: ``people``, a second commission, one conversation per forum and
a busy forum for the query budgets (factories and services, no demo)."""

import pytest

from forum.factories import TopicFactory
from forum.tree import commission_forum, ensure_forum_tree, forum_for, profession_forum
from portal.members import services
from portal.members.factories import MembershipFactory
from portal.members.models import Profession

COMMON_KEYS = ["association", "remplacements", "entraide", "stages", "nouveaux"]
PRIVATE = ["medecins", "infirmiers", "coordination", "informatique"]


@pytest.fixture
def commissions(people):
    """``people.commission`` ("coordination": its validator, the nurse, the bureau) and
    "informatique", chaired by the doctor; ``ensure_forum_tree`` (the "create_forum_tree"
    command) then gives each its forum."""
    informatique = services.create_commission(
        name="Informatique", slug="informatique", chair=people.medecin
    )
    services.set_validator(informatique, people.medecin)
    ensure_forum_tree()
    return {"coordination": people.commission, "informatique": informatique}


@pytest.fixture
def forums(commissions):
    return {
        **{key: forum_for(key) for key in COMMON_KEYS},
        "medecins": profession_forum(Profession.objects.get(slug="medecins")),
        "infirmiers": profession_forum(Profession.objects.get(slug="infirmiers")),
        "coordination": commission_forum(commissions["coordination"]),
        "informatique": commission_forum(commissions["informatique"]),
    }


@pytest.fixture
def conversations(people, forums):
    """One topic in each forum, opened by someone who may write there (some answered)."""
    p = people
    plan = {
        "association": (p.bureau, "Assemblée générale du 12 juin", [p.infirmiere]),
        "remplacements": (p.infirmiere, "Remplacement d'été à Gignac", []),
        "entraide": (p.infirmiere, "Relais pour des pansements à Gignac", [p.commission_member]),
        "stages": (p.medecin, "Terrain de stage à Lodève", []),
        "nouveaux": (p.bureau, "Bienvenue aux installés de l'automne", []),
        "medecins": (p.medecin, "Permanence des soins : planning de l'été", [p.bureau]),
        "infirmiers": (p.infirmiere, "Surveillance INR : retours", []),
        "coordination": (p.commission_member, "Fiche de liaison ville-HAD", [p.infirmiere]),
        "informatique": (p.medecin, "Messagerie sécurisée : mode d'emploi", []),
    }
    return {
        key: TopicFactory(forum=forums[key], poster=poster, subject=subject, replies=replies)
        for key, (poster, subject, replies) in plan.items()
    }


BUSY_TOPICS = 24  # more than machina's page of 20 topics
BUSY_REPLIES = 14  # the first post and 14 replies: machina's page of 15 posts


@pytest.fixture
def busy_association(people, conversations):
    """ "Vie de l'association" as a busy forum: many topics by many members, each answered by
    someone else, and a long topic with replies from every one of them. A query per topic,
    per post, per poster or per attachment shows in the budgets. The doctor answered the
    long topic: a page holding the reader's post is rendered for them at each visit, never
    served from the shared cache, so the budgets count its rendering."""
    others = [
        MembershipFactory(approved=True, profession=Profession.objects.get(slug=slug)).user
        for slug in ("medecins", "infirmiers", "kinesitherapeutes", "orthophonistes")
    ]
    posters = [people.bureau, people.medecin, people.infirmiere, people.commission_member, *others]
    forum = forum_for("association")
    for n in range(BUSY_TOPICS):
        TopicFactory(
            forum=forum,
            poster=posters[n % len(posters)],
            replies=[posters[(n + 1) % len(posters)]],
        )
    long_topic = TopicFactory(
        forum=forum,
        poster=people.bureau,
        subject="Projet de maison de santé",
        replies=[posters[n % len(posters)] for n in range(1, BUSY_REPLIES + 1)],
    )
    return long_topic
