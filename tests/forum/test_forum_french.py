"""Forum leftovers (issue 15, item 4): subscribing is one button, machina's pages read as
correct French, the topic type is asked only of moderators, closed accounts keep a name."""

import pytest
from django.urls import reverse

from forum.conversation import open_topic
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory, ProfessionFactory
from portal.members.services import make_bureau
from portal.members.services_account import close_account

from .test_forum_features import ATTACHMENTS, topic_create_url, topic_url

pytestmark = pytest.mark.django_db

# machina's own French, wrong or clumsy: none of it may reach a page.
BAD_FRENCH = [
    "vous abonné",
    "Oui, je suis sûr",
    "ramène moi",
    "Modifier le profile",
    "Profile de",
    "non lu<",
    "Publier le sujet en tant que",
    "Sujet par défaut",
    "Souscrire",
]


@pytest.fixture
def people(db):
    ensure_forum_tree()
    profession = ProfessionFactory(
        name="Infirmier (forum)", plural="infirmiers (forum)", slug="inf-forum", code="9991"
    )

    def member():
        return MembershipFactory(approved=True, profession=profession).user

    bureau = member()
    make_bureau(bureau)
    bureau.is_demo_account = True  # staff without two-factor: demo accounts only
    bureau.save(update_fields=["is_demo_account"])
    author = member()
    topic = open_topic(
        forum_for("association"), poster=author, subject="Soirée FMC plaies", content="Qui vient ?"
    )
    return {
        "author": author,
        "member": member(),
        "bureau": bureau,
        "applicant": MembershipFactory(profession=profession).user,
        "topic": topic,
    }


def _assert_good_french(html):
    for wrong in BAD_FRENCH:
        assert wrong not in html, wrong


def subscribe_url(topic):
    return reverse("forum_member:topic_subscribe", args=[topic.pk])


def test_subscribe_is_one_button_on_the_topic(login, people):
    topic, member = people["topic"], people["member"]
    client = login(member)
    html = client.get(topic_url(topic)).content.decode()
    _assert_good_french(html)
    assert f'<form method="post" action="{subscribe_url(topic)}"' in html
    assert f'href="{subscribe_url(topic)}"' not in html

    response = client.post(subscribe_url(topic), follow=True)
    assert member in topic.subscribers.all()
    html = response.content.decode()
    assert "Vous suivez ce sujet" in html
    assert "Ne plus suivre" in html
    _assert_good_french(html)

    unsubscribe = reverse("forum_member:topic_unsubscribe", args=[topic.pk])
    assert f'<form method="post" action="{unsubscribe}"' in html
    response = client.post(unsubscribe, follow=True)
    assert member not in topic.subscribers.all()
    assert "Vous ne suivez plus ce sujet." in response.content.decode()


def test_subscribe_anonymous_is_sent_to_login(client, people):
    before = set(people["topic"].subscribers.all())
    response = client.post(subscribe_url(people["topic"]))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    assert set(people["topic"].subscribers.all()) == before


def test_subscribe_refused_to_an_applicant(login, people):
    response = login(people["applicant"]).post(subscribe_url(people["topic"]))
    assert response.status_code == 403
    # The 403 page says why (portal.views.permission_denied): the application is waiting.
    assert '<p class="alert alert--warning">Votre demande d&#x27;adhésion du' in (
        response.content.decode()
    )
    assert people["applicant"] not in people["topic"].subscribers.all()


def test_subscribe_confirmation_page_reads_as_french(login, people):
    html = login(people["member"]).get(subscribe_url(people["topic"])).content.decode()
    assert "Suivre ce sujet" in html and "Retour au sujet" in html
    _assert_good_french(html)


@pytest.mark.parametrize(
    "url_name, expected",
    [
        ("forum_member:profile_update", "Mon profil du forum"),
        ("forum_tracking:unread_topics", "Sujets non lus"),
        ("forum_member:user_subscriptions", "Sujets que vous suivez"),
    ],
)
def test_machina_pages_read_as_french(login, people, url_name, expected):
    response = login(people["member"]).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    _assert_good_french(html)


def test_topic_type_is_asked_only_of_moderators(login, people):
    forum = forum_for("association")
    member_form = login(people["member"]).get(topic_create_url(forum)).content.decode()
    assert 'name="topic_type"' not in member_form
    _assert_good_french(member_form)
    # Without the field, machina posts an ordinary topic.
    response = login(people["member"]).post(
        topic_create_url(forum), {"subject": "Question pansements", "content": "?", **ATTACHMENTS}
    )
    assert response.status_code == 302

    bureau_form = login(people["bureau"]).get(topic_create_url(forum)).content.decode()
    assert 'name="topic_type"' in bureau_form
    assert "Type de sujet" in bureau_form and "Sujet normal" in bureau_form
    _assert_good_french(bureau_form)


def test_search_names_a_closed_account(login, people):
    close_account(people["author"])
    html = login(people["member"]).get("/forum/search/", {"q": "plaies"}).content.decode()
    assert "Soirée FMC plaies" in html
    assert "Ancien adhérent" in html
