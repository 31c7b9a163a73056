"""Issue 8: a plain read writes nothing — the member pages of the benchmark, GET twice each.

The first visit of a page may record something once (machina's read marks for a
topic never read); the next identical GET, the one a busy member repeats, must
not INSERT, UPDATE or DELETE anything. Topic views go to the cache
(forum/tracking.py) and reach the database through ``flush_topic_views``.
"""

import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def member_pages(topic):
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


# What each page shows of ``member_day`` (tests/bench/conftest.py): the reads being
# checked are those of a page with content, notifications and unread posts.
SHOWN = [
    "Notifications non lues",
    "2 professionnels trouvés",
    "Surveillance INR à domicile",
    "Assemblée générale du 12 juin",
    "Réponse n° 3 à « Assemblée générale du 12 juin »",
    "3 demandes ouvertes",
    "Permanence des soins : planning de l'été",
]


@pytest.mark.parametrize(
    "index",
    range(7),
    ids=["dashboard", "directory", "protocols", "forum", "topic", "locums", "space"],
)
def test_plain_get_of_a_member_page_writes_nothing(login, people, member_day, index):
    client = login(people.medecin)
    path = member_pages(member_day.topic)[index]
    first = client.get(path)
    assert first.status_code == 200, path
    assert SHOWN[index] in html.unescape(first.content.decode()), path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    writes = [q["sql"][:160] for q in captured.captured_queries if WRITE.match(q["sql"])]
    assert writes == [], f"{path} wrote on a plain read: {writes}"
