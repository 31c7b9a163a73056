"""What the member dashboard and the profession spaces show, built for the tests (no demo)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from community.factories import LocumRequestFactory, MutualAidRequestFactory
from community.models import MutualAidRequest
from directory.factories import PracticeSiteFactory
from documents.factories import ProtocolVersionFactory
from portal.members.models import Profession
from portal.pages.models import ProfessionSpacePage, SpaceEvent
from tests.people import member

EVENT_TITLE = "Plaies chroniques et cicatrisation : actualités"


@pytest.fixture
def nurses(people):
    """Around ``people.infirmiere`` (a nurse in Gignac): two colleagues (one in Montarnaud who
    asks for a locum in Gignac and for urgent help in Lodève, one in Aniane), two protocols
    validated for nurses by the people's commission, a DPC session in the nurses' space, and
    a practice site on her directory entry."""
    nursing = Profession.objects.get(slug="infirmiers")
    infirmiere = people.infirmiere
    author = member("infirmiers", "Montarnaud", first_name="Sylvie", last_name="Bouscarel")
    colleague = member("infirmiers", "Aniane", first_name="Claire", last_name="Roques")
    locum = LocumRequestFactory(author=author, profession=nursing, commune="Gignac")
    aid = MutualAidRequestFactory(
        author=author,
        profession_needed=nursing,
        commune="Lodève",
        urgency=MutualAidRequest.Urgency.TODAY,
    )
    protocols = [
        ProtocolVersionFactory(
            protocol__title=title,
            protocol__commission=people.commission,
            protocol__created_by=infirmiere,  # a member of the commission: she drafts
            protocol__target_professions=[nursing],
            validated_by=people.commission_member,
        ).protocol
        for title in ("Pansements des plaies chroniques", "Surveillance des anticoagulants oraux")
    ]
    space = ProfessionSpacePage.objects.get(profession=nursing)
    event = SpaceEvent.objects.create(
        page=space,
        title=EVENT_TITLE,
        kind=SpaceEvent.Kind.DPC,
        start=timezone.now() + timedelta(days=4),
        place="Hôpital local, Clermont-l'Hérault",
    )
    PracticeSiteFactory(profile=infirmiere.profile, commune="Gignac", postcode="34150")
    return SimpleNamespace(
        people=people,
        infirmiere=infirmiere,
        author=author,
        colleague=colleague,
        locum=locum,
        aid=aid,
        protocols=protocols,
        event=event,
    )
