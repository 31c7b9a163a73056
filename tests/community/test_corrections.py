"""Authors correct the text of their open requests and answers; a NIR is refused there too."""

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post

from community import services
from community.models import LocumRequest, MutualAidRequest, MutualAidResponse

from .test_moderation import people  # noqa: F401 - the fixture

NIR = "1 85 05 78 006 084 36"


@pytest.fixture
def aid(people):  # noqa: F811
    return MutualAidRequest.objects.create(
        author=people["author"],
        profession_needed=people["profession"],
        commune="Lodève",
        start=timezone.localdate(),
        description="Pansement quotidien, le matin",
    )


@pytest.fixture
def locum(people):  # noqa: F811
    start = timezone.localdate() + timezone.timedelta(days=30)
    return services.publish_locum_request(
        author=people["author"],
        profession=people["profession"],
        start=start,
        end=start + timezone.timedelta(days=7),
        commune="Lodève",
        conditions="Tournée du matin, cabinet en centre-ville.",
    )


def as_user(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_author_corrects_a_mutual_aid_request(client, people, aid):  # noqa: F811
    url = reverse("mutual_aid:correct", args=[aid.pk])
    client = as_user(client, people["author"])
    page = client.get(url)
    assert page.status_code == 200 and "Pansement quotidien" in page.content.decode()
    response = client.post(url, {"description": f"Pansement, patient {NIR}"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "sécurité sociale" in body and NIR in body  # refused, and what was typed is kept
    assert MutualAidRequest.objects.get(pk=aid.pk).description == "Pansement quotidien, le matin"
    response = client.post(url, {"description": "Pansement quotidien, le soir"})
    assert response.status_code == 302
    assert MutualAidRequest.objects.get(pk=aid.pk).description == "Pansement quotidien, le soir"


def test_correcting_a_locum_request_rewrites_its_discussion(client, people, locum):  # noqa: F811
    url = reverse("locum:correct", args=[locum.pk])
    response = as_user(client, people["author"]).post(
        url, {"housing_notes": "", "software": "", "conditions": "Tournée du soir."}
    )
    assert response.status_code == 302
    first = Post.objects.get(pk=LocumRequest.objects.get(pk=locum.pk).topic.first_post_id)
    assert "Tournée du soir." in first.content.raw and "Tournée du matin" not in first.content.raw


def test_responder_corrects_their_answer(client, people, aid):  # noqa: F811
    services.respond_mutual_aid(aid, people["colleague"], "Je passe à 8 h")
    url = reverse("mutual_aid:response-correct", args=[aid.pk])
    response = as_user(client, people["colleague"]).post(url, {"message": "Je passe à 9 h"})
    assert response.status_code == 302
    assert MutualAidResponse.objects.get(request=aid).message == "Je passe à 9 h"


def test_who_may_correct(client, people, aid):  # noqa: F811
    url = reverse("mutual_aid:correct", args=[aid.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    assert as_user(client, people["colleague"]).get(url).status_code == 403
    assert as_user(client, people["applicant"]).get(url).status_code == 403
    assert client.post(url, {"description": "détourné"}).status_code == 403  # still the applicant
    assert MutualAidRequest.objects.get(pk=aid.pk).description == "Pansement quotidien, le matin"
    # Nobody has an answer to correct: 404.
    response = as_user(client, people["colleague"]).get(
        reverse("mutual_aid:response-correct", args=[aid.pk])
    )
    assert response.status_code == 404
    # Closed: no more corrections.
    services.close_mutual_aid(aid, by=people["author"])
    assert as_user(client, people["author"]).get(url).status_code == 403
