"""A request's page marks the viewer's notifications about it seen (services.mark_seen), once:
reading the page again writes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.factories import LocumRequestFactory, MutualAidRequestFactory
from community.models import Notification
from portal.members.factories import MembershipFactory

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize(
    ("factory", "kind", "field"),
    [
        (LocumRequestFactory, Notification.Kind.LOCUM_MATCH, "locum_request"),
        (MutualAidRequestFactory, Notification.Kind.MUTUAL_AID_MATCH, "mutual_aid_request"),
    ],
)
def test_detail_page_marks_seen_once_then_writes_nothing(client, db, factory, kind, field):
    viewer = MembershipFactory(approved=True).user
    request_obj = factory()
    other = factory()
    notification = Notification.objects.create(user=viewer, kind=kind, **{field: request_obj})
    elsewhere = Notification.objects.create(user=viewer, kind=kind, **{field: other})
    client.force_login(viewer)
    url = request_obj.get_absolute_url()

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    notification.refresh_from_db()
    elsewhere.refresh_from_db()
    assert notification.read_at is not None
    assert elsewhere.read_at is None  # only the page's own request
    assert any(
        sql.startswith("UPDATE") and "community_notification" in sql for sql in writes(first)
    )

    read_at = notification.read_at
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert writes(second) == []
    notification.refresh_from_db()
    assert notification.read_at == read_at


def test_mark_seen_reads_before_writing(db):
    from community.services import mark_seen

    viewer = MembershipFactory(approved=True).user
    locum = LocumRequestFactory()
    with CaptureQueriesContext(connection) as nothing_unread:
        assert mark_seen(viewer, locum) == 0
    assert writes(nothing_unread) == []
    Notification.objects.create(
        user=viewer, kind=Notification.Kind.LOCUM_RESPONSE, locum_request=locum
    )
    assert mark_seen(viewer, locum) == 1
    assert Notification.objects.get(user=viewer).read_at <= timezone.now()
