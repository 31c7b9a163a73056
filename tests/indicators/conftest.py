"""Data built by the tests: the ``people`` of an installation (tests/people.py) and, isolated
from them by a profession and a commission of their own, known members, requests, protocols,
downloads and posts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from community.factories import (
    LocumRequestFactory,
    LocumResponseFactory,
    MutualAidRequestFactory,
    MutualAidResponseFactory,
)
from community.models import LocumRequest, LocumResponse, MutualAidRequest, MutualAidResponse
from directory.models import Profile
from documents.models import DownloadStat, Protocol, ProtocolVersion
from forum.conversation import open_topic, reply
from portal.indicators import queries
from portal.members.factories import CommissionFactory, MembershipFactory, ProfessionFactory
from portal.members.models import Membership
from tests.people import enrol_totp

COMMUNE = "Testville-sur-Lergue"


def month_start(now=None):
    now = timezone.localtime(now or timezone.now())
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _set(model, pk, **values):
    model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def validator(people):
    """The validator of ``people.commission``, enrolled in two-factor to enter the admin."""
    return enrol_totp(people.commission_member)


@pytest.fixture
def world(people):
    """One new profession with known members, requests, protocols, downloads and posts.

    Every dated event is placed a few days into the current month so the
    per-month figures land in the last month of the default period.
    """
    now = timezone.now()
    base = month_start(now) + timedelta(hours=1)
    if base + timedelta(days=4) > now:  # early in the month: use the previous month
        base = queries.add_months(base.date(), -1)
        base = timezone.make_aware(timezone.datetime.combine(base, timezone.datetime.min.time()))
        base += timedelta(hours=1)
    profession = ProfessionFactory(name="Ergothérapeute de test", slug="ergo-test", code="9991")
    members = [
        MembershipFactory(profession=profession, commune=COMMUNE, approved=True).user
        for _ in range(6)
    ]
    # Two of the six entries were confirmed recently: four are stale.
    Profile.objects.filter(user__in=members[:2]).update(confirmed_at=now)
    # Two applicants, waiting for 10 and 30 days.
    for days in (10, 30):
        membership = MembershipFactory(profession=profession, commune=COMMUNE)
        _set(Membership, membership.pk, applied_at=now - timedelta(days=days))

    # Locum requests: filled after 2 days (first answer after 1), answered after 3, unanswered.
    filled = LocumRequestFactory(author=members[0], profession=profession, commune=COMMUNE)
    answered = LocumRequestFactory(author=members[1], profession=profession, commune=COMMUNE)
    LocumRequestFactory(author=members[2], profession=profession, commune="Autre-commune-test")
    LocumRequest.objects.filter(profession=profession).update(created_at=base)
    _set(
        LocumRequest,
        filled.pk,
        status=LocumRequest.Status.FILLED,
        filled_at=base + timedelta(days=2),
    )
    first = LocumResponseFactory(request=filled, responder=members[3])
    _set(LocumResponse, first.pk, created_at=base + timedelta(days=1))
    later = LocumResponseFactory(request=filled, responder=members[4])
    _set(LocumResponse, later.pk, created_at=base + timedelta(days=2))
    third = LocumResponseFactory(request=answered, responder=members[5])
    _set(LocumResponse, third.pk, created_at=base + timedelta(days=3))

    # Mutual aid: one solved after half a day (answered after 6 hours), one still open.
    solved = MutualAidRequestFactory(
        author=members[0], profession_needed=profession, commune=COMMUNE
    )
    MutualAidRequestFactory(author=members[1], profession_needed=profession, commune=COMMUNE)
    MutualAidRequest.objects.filter(profession_needed=profession).update(created_at=base)
    _set(
        MutualAidRequest,
        solved.pk,
        status=MutualAidRequest.Status.SOLVED,
        solved_at=base + timedelta(hours=12),
    )
    aid_answer = MutualAidResponseFactory(request=solved, responder=members[2])
    _set(MutualAidResponse, aid_answer.pk, created_at=base + timedelta(hours=6))

    # Protocols of a new commission: two validated (one past its review date), one submitted.
    commission = CommissionFactory(name="Commission de test indicateurs", slug="test-indicateurs")
    today = timezone.localdate()
    protocols = []
    for index, review in enumerate((today + timedelta(days=100), today - timedelta(days=1), today)):
        protocol = Protocol.objects.create(
            title=f"Protocole test {index}",
            slug=f"protocole-test-indicateurs-{index}",
            summary="Pour les tests.",
            commission=commission,
            review_date=review,
        )
        status = ProtocolVersion.Status.PUBLISHED if index < 2 else ProtocolVersion.Status.SUBMITTED
        version = ProtocolVersion.objects.create(
            protocol=protocol,
            number="1",
            file="protocoles/test.pdf",
            original_name="test.pdf",
            content_type="application/pdf",
            status=status,
        )
        if index < 2:
            protocol.current_version = version
            protocol.save(update_fields=["current_version"])
        protocols.append((protocol, version))
    this_month = base.date().replace(day=1)
    previous_month = queries.add_months(this_month, -1)
    DownloadStat.objects.create(
        version=protocols[0][1], profession=profession, month=this_month, count=7
    )
    DownloadStat.objects.create(
        version=protocols[0][1], profession=profession, month=previous_month, count=3
    )
    DownloadStat.objects.create(
        version=protocols[1][1], profession=profession, month=this_month, count=2
    )

    # Forum: two topics by the profession's members, three replies, all in the month.
    forum = Forum.objects.create(name="Forum de test indicateurs", type=Forum.FORUM_POST)
    topics = [
        open_topic(forum, poster=members[0], subject="Sujet A", content="Bonjour"),
        open_topic(forum, poster=members[1], subject="Sujet B", content="Bonjour"),
    ]
    for member in members[2:5]:
        reply(topics[0], poster=member, content="Réponse")
    Topic.objects.filter(pk__in=[t.pk for t in topics]).update(created=base)
    Post.objects.filter(topic__in=topics).update(created=base)

    return {
        "profession": profession,
        "members": members,
        "outsider": people.medecin,  # another profession
        "people": people,
        "commission": commission,
        "this_month": this_month,
        "month": queries.month_label(this_month),
        "previous_month": queries.month_label(previous_month),
        "filters": queries.Filters.default(profession=profession),
    }
