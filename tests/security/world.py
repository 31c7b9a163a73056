"""The objects whose URLs the security suite requests, built with factories and services (no
demo): ``build_world(people, role_users)`` (the ``world`` fixture, tests/security/conftest.py;
the browser injection test builds the same)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone


@dataclass(frozen=True)
class World:
    profile: object  # the doctor's directory entry, the delegate may edit it
    resource: object
    protocol: object  # members-only, with a validated version (public ones are open to all)
    public_protocol: object
    pending_version: object  # submitted, not yet validated
    locum: object  # the nurse's open locum request
    offer: object
    aid: object  # the doctor's open mutual-aid request (nurses needed)
    forum: object  # the doctors' private forum
    topic: object  # opened by the doctor, the bureau replied
    informatique: object  # the doctor chairs it and validates its protocols


def build_world(people, users):
    from community import services as boards
    from community.models import LocumRequest, MutualAidRequest
    from directory import services as directory_services
    from directory.factories import PracticeSiteFactory, ProfileFactory, ResourceFactory
    from documents.factories import ProtocolFactory, ProtocolVersionFactory
    from documents.models import ProtocolVersion
    from forum.conversation import open_topic, reply
    from forum.tree import profession_forum
    from portal.members import services as members
    from portal.members.models import Profession
    from portal.pages.factories import CommissionPageFactory, ContentPageFactory, NewsPageFactory
    from tests.people import member

    medecin, infirmiere = users["medecin"], users["infirmiere"]
    professions = {p.slug: p for p in Profession.objects.all()}
    informatique = members.create_commission(
        name="Informatique", slug="informatique", chair=medecin
    )
    members.set_validator(informatique, medecin)

    profile = ProfileFactory(user=medecin, civility="m")
    PracticeSiteFactory(profile=profile, commune="Lodève", postcode="34700")
    directory_services.grant_delegate(profile, users["delegate"])
    resource = ResourceFactory()

    coordination = people.commission
    validator = users["kine_validator"]

    def protocol(title, *, is_public=False):
        return ProtocolFactory(
            title=title,
            commission=coordination,
            is_public=is_public,
            created_by=infirmiere,
            target_professions=[professions["infirmiers"], professions["medecins"]],
        )

    inr = protocol("Fiche de surveillance INR (AVK)")
    ProtocolVersionFactory(protocol=inr, number="1.0", validated_by=validator)
    follow_up = protocol("Fiche de suivi du patient à domicile", is_public=True)
    ProtocolVersionFactory(protocol=follow_up, number="1.0", validated_by=validator)
    vitals = protocol("Constantes et seuils d'alerte")
    pending = ProtocolVersionFactory(
        protocol=vitals, number="1.0", status=ProtocolVersion.Status.SUBMITTED
    )
    inr.refresh_from_db()
    follow_up.refresh_from_db()

    today = timezone.localdate()
    with boards.emails_suppressed():
        locum = boards.publish_locum_request(
            author=infirmiere,
            profession=professions["infirmiers"],
            kind=LocumRequest.Kind.OCCASIONAL,
            start=today + timedelta(days=30),
            end=today + timedelta(days=43),
            commune="Gignac",
            fee_share=80,
            conditions="Tournée à domicile le matin, permanence au cabinet de 17 h à 18 h.",
            contact_preference=LocumRequest.Contact.PHONE,
        )
        offerer = member("infirmiers", "Aniane", first_name="Claire", last_name="Roux")
        offer = boards.publish_locum_offer(
            author=offerer,
            profession=professions["infirmiers"],
            start=today + timedelta(days=10),
            end=today + timedelta(days=75),
            communes="Aniane, Gignac",
            radius_km=30,
            notes="Remplaçante habituée aux tournées rurales.",
        )
        aid = boards.publish_mutual_aid(
            author=medecin,
            profession_needed=professions["infirmiers"],
            commune="Lodève",
            start=today + timedelta(days=1),
            duration_days=3,
            urgency=MutualAidRequest.Urgency.TODAY,
            description="Relais pour injections d'insuline à domicile, matin et soir.",
        )

    forum = profession_forum(professions["medecins"])
    topic = open_topic(
        forum,
        poster=medecin,
        subject="Permanence des soins : planning de l'été",
        content="Le planning de juillet-août est à compléter avant le 15 juin.",
    )
    reply(topic, poster=users["bureau"], content="Je prends le week-end du 14 juillet.")

    ContentPageFactory(title="L'association")
    NewsPageFactory(title="Assemblée générale")
    CommissionPageFactory(commission=coordination)
    return World(
        profile=profile,
        resource=resource,
        protocol=inr,
        public_protocol=follow_up,
        pending_version=pending,
        locum=locum,
        offer=offer,
        aid=aid,
        forum=forum,
        topic=topic,
        informatique=informatique,
    )
