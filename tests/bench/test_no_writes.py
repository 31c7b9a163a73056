"""Issue 8: a plain read writes nothing — the member pages of the benchmark, GET twice each.

The first visit of a page may record something once (machina's read marks for a
topic never read); the next identical GET, the one a busy member repeats, must
not INSERT, UPDATE or DELETE anything. Topic views go to the cache
(forum/tracking.py) and reach the database through ``flush_topic_views``.
"""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def member_pages():
    topic = Topic.objects.filter(approved=True).select_related("forum").order_by("pk").first()
    topic_path = reverse(
        "forum_conversation:topic", args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk]
    )
    return [
        "/espace-membres/",
        f"/annuaire/?profession=medecins&commune={quote('Lodève')}",
        "/protocoles/",
        "/forum/",
        topic_path,
        "/remplacements/",
        "/metiers/medecins/",
    ]


@pytest.mark.parametrize(
    "index",
    range(7),
    ids=["dashboard", "directory", "protocols", "forum", "topic", "locums", "space"],
)
def test_plain_get_of_a_member_page_writes_nothing(login, medecin, index):
    client = login(medecin)
    path = member_pages()[index]
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    writes = [q["sql"][:160] for q in captured.captured_queries if WRITE.match(q["sql"])]
    assert writes == [], f"{path} wrote on a plain read: {writes}"
