"""A member's ordinary day: what ``people.medecin``'s pages show, built with factories and
services (no demo). Used by the bench tests (tests/bench/conftest.py: ``member_day``) and
the HTML checker (tests/test_html_checker.py)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from machina.apps.forum_conversation.models import Topic

from community.factories import LocumRequestFactory
from community.models import MutualAidRequest, Notification
from community.services import publish_mutual_aid
from documents.factories import ProtocolVersionFactory
from documents.models import Protocol
from forum.factories import TopicFactory
from forum.tree import forum_for, profession_forum
from portal.members.factories import MembershipFactory
from portal.members.models import Profession


@dataclass(frozen=True)
class MemberDay:
    topic: Topic  # in "Vie de l'association", answered by others, never read by the doctor
    protocol: Protocol  # published by ``people.commission``
    aid: MutualAidRequest  # a nurse asks for a doctor near Lodève: the doctor is notified


def build_member_day(people):
    """Content on every page of ``people.medecin`` (Lodève): unread conversations in the
    common and the doctors' forums, a published protocol, locum requests of other doctors
    nearby, a mutual-aid request the doctor was notified of, colleagues in the directory."""
    doctors = Profession.objects.get(slug="medecins")
    colleagues = [
        MembershipFactory(approved=True, profession=doctors, commune=commune).user
        for commune in ("Lodève", "Clermont-l'Hérault", "Gignac")
    ]
    topic = TopicFactory(
        forum=forum_for("association"),
        poster=people.bureau,
        subject="Assemblée générale du 12 juin",
        replies=[people.infirmiere, people.commission_member, colleagues[0]],
    )
    TopicFactory(
        forum=profession_forum(doctors),
        poster=colleagues[1],
        subject="Permanence des soins : planning de l'été",
        replies=[people.bureau],
    )
    version = ProtocolVersionFactory(
        protocol__commission=people.commission,
        protocol__created_by=people.commission_helper,
        protocol__title="Surveillance INR à domicile",
        protocol__target_professions=[doctors],
        validated_by=people.commission_member,
    )
    for colleague in colleagues:
        LocumRequestFactory(
            author=colleague, profession=doctors, commune=colleague.membership.commune
        )
    aid = publish_mutual_aid(
        author=people.infirmiere,
        profession_needed=doctors,
        commune="Lodève",
        start=timezone.localdate() + timedelta(days=1),
        duration_days=3,
        urgency=MutualAidRequest.Urgency.TWO_DAYS,
        description="Relais pour une visite à domicile, matin et soir, pendant trois jours.",
    )
    assert Notification.objects.filter(user=people.medecin, mutual_aid_request=aid).exists()
    return MemberDay(topic=topic, protocol=version.protocol, aid=aid)
