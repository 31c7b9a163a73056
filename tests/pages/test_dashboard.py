"""The member dashboard: the items built around a nurse (``nurses``, tests/pages/conftest.py),
and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.factories import LocumRequestFactory, MutualAidRequestFactory
from community.models import Notification
from documents.models import Protocol, ProtocolVersion
from forum.conversation import open_topic
from forum.tree import profession_forum
from portal.members.models import Commission, Membership
from portal.members.viewer import Viewer
from portal.pages.dashboard import dashboard_context
from portal.pages.models import ProfessionSpacePage, SpaceEvent

CONTEXT_BUDGET = 12


def test_dashboard_shows_the_items_of_my_profession(login, nurses):
    infirmiere = nurses.infirmiere
    body = login(infirmiere).get("/espace-membres/").content.decode()
    # Protocols validated for nurses, the nurses' DPC session, the urgent mutual-aid request
    # in Lodève, the directory entry.
    for protocol in nurses.protocols:
        assert protocol.title in body
        assert protocol.get_absolute_url() in body
    assert nurses.event.title in body
    assert nurses.aid.get_absolute_url() in body
    assert "Lodève" in body
    assert "Fiche complète à" in body
    assert "/annuaire/moi/" in body


def test_dashboard_shows_the_locum_request_to_a_nurse_near_gignac(login, nurses):
    request = nurses.locum  # in Gignac, asked by a nurse of Montarnaud
    body = login(nurses.colleague).get("/espace-membres/").content.decode()  # in Aniane
    assert request.get_absolute_url() in body
    assert str(request.title) in body


def test_a_doctor_does_not_see_nurse_items(login, nurses):
    body = login(nurses.people.medecin).get("/espace-membres/").content.decode()
    assert nurses.locum.get_absolute_url() not in body
    assert nurses.aid.get_absolute_url() not in body
    assert "Espace des médecins" in body


def test_new_since_last_visit(client, db):
    """A login is a visit: it records the visit and keeps the previous one in the session; the
    dashboard only reads (no write on any view, the first one included)."""
    from portal.members.factories import MembershipFactory

    member = MembershipFactory(approved=True).user
    client.force_login(member)
    member.refresh_from_db()
    first_visit = member.last_dashboard_visit
    assert first_visit is not None
    for _view in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/espace-membres/").status_code == 200
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
        ]
        assert not writes, writes
    # The next session counts "new" from the first one.
    client.logout()
    client.force_login(member)
    from portal.members.sessions import VISIT_SESSION_KEY

    assert client.session[VISIT_SESSION_KEY] == first_visit.isoformat()
    member.refresh_from_db()
    assert member.last_dashboard_visit > first_visit


def _make_many(user, n):
    """n of everything the dashboard lists, all relevant to ``user`` (a nurse in Gignac)."""
    profession = user.membership.profession
    others = list(
        Membership.objects.approved().filter(profession=profession).exclude(user=user)[:3]
    )
    forum = profession_forum(profession)
    space = ProfessionSpacePage.objects.get(profession=profession)
    commission = Commission.objects.get(slug="coordination")
    for i in range(n):
        author = others[i % len(others)].user
        locum = LocumRequestFactory(author=author, profession=profession, commune="Gignac")
        aid = MutualAidRequestFactory(author=author, profession_needed=profession, commune="Aniane")
        Notification.objects.create(
            user=user, kind=Notification.Kind.LOCUM_MATCH, locum_request=locum
        )
        Notification.objects.create(
            user=user, kind=Notification.Kind.MUTUAL_AID_MATCH, mutual_aid_request=aid
        )
        open_topic(
            forum, poster=author, subject=f"Sujet suivi {i}", content="Contenu.", subscribe=[user]
        )
        SpaceEvent.objects.create(
            page=space,
            title=f"Session {i}",
            start=timezone.now() + timedelta(days=10 + i),
            place="Lodève",
        )
        protocol = Protocol.objects.create(
            title=f"Protocole {i}",
            slug=f"protocole-charge-{i}",
            summary="Résumé.",
            commission=commission,
            review_date=timezone.localdate() + timedelta(days=365),
        )
        protocol.target_professions.add(profession)
        version = ProtocolVersion(
            protocol=protocol,
            number="1.0",
            status=ProtocolVersion.Status.PUBLISHED,
            live=True,
            validated_at=timezone.now(),
            original_name="p.pdf",
            content_type="application/pdf",
        )
        version.file.save("p.pdf", ContentFile(b"%PDF-1.4"), save=False)
        version.save()
        Protocol.objects.filter(pk=protocol.pk).update(current_version=version)


def _count(client, path="/espace-membres/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("path", ["/espace-membres/"])
def test_dashboard_query_count_is_fixed(login, nurses, path, rf):
    infirmiere = nurses.infirmiere
    client = login(infirmiere)
    client.get(path)  # first view of the session records the visit
    cache.clear()  # every block read from the database (sessions are not in this cache)
    before, _response = _count(client, path)

    _make_many(infirmiere, 15)
    cache.clear()
    after, response = _count(client, path)
    body = response.content.decode()
    assert "Sujet suivi 14" in body
    assert "Session 0" in body
    assert "Protocole 14" in body
    assert after == before, f"{before} queries with a few items, {after} with 15x more items"


def test_dashboard_blocks_come_from_the_cache_and_are_renewed_by_writes(login, nurses):
    infirmiere = nurses.infirmiere
    client = login(infirmiere)
    client.get("/espace-membres/")
    cache.clear()
    miss, _response = _count(client)
    hit, _response = _count(client)
    assert hit <= miss - 5  # entry (3), protocols, events, the two boards
    _make_many(infirmiere, 15)  # protocols, events, board requests, followed topics
    _count_after, response = _count(client)
    body = response.content.decode()
    assert "Sujet suivi 14" in body and "Session 0" in body and "Protocole 14" in body
    assert len(response.context["locum_requests"]) == 10
    assert len(response.context["mutual_aid_requests"]) == 10
    # My entry: a change to it shows at once.
    assert infirmiere.profile.sites.exists()
    infirmiere.profile.sites.all().delete()
    assert not client.get("/espace-membres/").context["profile"].sites.all()


def test_dashboard_context_budget(nurses, rf, django_assert_max_num_queries):
    from django.contrib.sessions.backends.cache import SessionStore

    infirmiere = nurses.infirmiere
    _make_many(infirmiere, 15)
    request = rf.get("/espace-membres/")
    request.user = infirmiere
    request.viewer = Viewer(infirmiere)
    request.session = SessionStore()
    with django_assert_max_num_queries(CONTEXT_BUDGET):
        context = dashboard_context(request)
        # Force everything the template reads.
        [p.completeness for p in [context["profile"]]]
        [(e.title, e.place) for e in context["events"]]
        [(t.forum.slug, t.subject) for t in context["followed_topics"]]
        [(n.target, n.get_absolute_url()) for n in context["notifications"]]
        [(r.title, r.get_absolute_url()) for r in context["locum_requests"]]
        [(r.profession_needed, r.get_absolute_url()) for r in context["mutual_aid_requests"]]
        [(v.protocol.title, v.protocol.commission.name) for v in context["protocols"]]
    assert len(context["locum_requests"]) == 10
    assert len(context["followed_topics"]) == 10


def test_space_page_query_count_is_fixed(login, nurses, django_assert_max_num_queries):
    from portal.pages.spaces import space_context

    infirmiere = nurses.infirmiere
    space = ProfessionSpacePage.objects.get(profession__slug="infirmiers")
    client = login(infirmiere)
    client.get(space.url)
    cache.clear()  # every block read from the database
    before, _response = _count(client, space.url)
    _make_many(infirmiere, 15)
    cache.clear()
    after, response = _count(client, space.url)
    body = response.content.decode()
    assert "Session 14" in body
    assert "Protocole 14" in body
    assert after == before, f"{before} queries with a few items, {after} with 15x more items"

    space = ProfessionSpacePage.objects.get(pk=space.pk)
    with django_assert_max_num_queries(CONTEXT_BUDGET):
        context = space_context(space)
        [(e.title, e.place) for e in context["events"]]
        [d.url for d in context["documents"]]
        [(p.title, p.current_version.number, p.commission.name) for p in context["protocols"]]
        [(t.forum.slug, t.subject) for t in context["topics"]]
        [(p.display_name, p.user.membership.commune) for p in context["space_members"]]
        [n.title for n in context["news"]]


def test_space_content_comes_from_the_cache_and_is_renewed_by_writes(login, nurses):
    infirmiere = nurses.infirmiere
    space = ProfessionSpacePage.objects.get(profession__slug="infirmiers")
    client = login(infirmiere)
    client.get(space.url)
    cache.clear()
    miss, _response = _count(client, space.url)
    hit, response = _count(client, space.url)
    assert hit <= miss - 5  # events, documents, protocols, topics, members, news
    assert nurses.event.title in response.content.decode()
    _make_many(infirmiere, 15)  # events, protocols, topics of the profession
    body = client.get(space.url).content.decode()
    assert "Session 0" in body and "Protocole 14" in body and "Sujet suivi 14" in body
    # The page's own content: a new revision shows at once.
    space.intro = "<p>Bienvenue aux nouvelles infirmières du territoire.</p>"
    space.save_revision().publish()
    assert "Bienvenue aux nouvelles infirmières" in client.get(space.url).content.decode()
    # Another profession's space is another rendering.
    other = ProfessionSpacePage.objects.get(profession__slug="medecins")
    body = login(nurses.people.medecin).get(other.url).content.decode()
    assert "Bienvenue aux nouvelles infirmières" not in body and "Session 0" not in body


def test_my_dashboard_copy_is_mine_and_follows_notifications(login, nurses):
    from django.test import Client

    infirmiere, medecin = nurses.infirmiere, nurses.people.medecin
    nurse = login(infirmiere)
    nurse.get("/espace-membres/")
    _count_first, hit = _count(nurse)
    assert f"Bonjour {infirmiere.first_name}." in hit.content.decode()
    doctor = Client()
    doctor.force_login(medecin, backend="django.contrib.auth.backends.ModelBackend")
    body = doctor.get("/espace-membres/").content.decode()
    assert f"Bonjour {medecin.first_name}." in body and infirmiere.first_name not in body
    # An urgent request near me notifies me (bulk_create): it shows at once ...
    from community import services as services_boards
    from community.models import MutualAidRequest

    aid = services_boards.publish_mutual_aid(
        author=nurses.colleague,  # a nurse in Aniane
        profession_needed=infirmiere.membership.profession,
        commune=infirmiere.membership.commune,
        start=timezone.localdate(),
        duration_days=3,
        urgency=MutualAidRequest.Urgency.TODAY,
        description="Relais pour des pansements à domicile.",
    )
    assert Notification.objects.filter(user=infirmiere, mutual_aid_request=aid).exists()

    def notifications_section():
        body = nurse.get("/espace-membres/").content.decode()
        return body.split('id="dash-notifications"')[1].split("</section>")[0]

    assert aid.get_absolute_url() in notifications_section()
    # ... and leaves once read (update()).
    nurse.get(aid.get_absolute_url())
    assert aid.get_absolute_url() not in notifications_section()
