"""Mutual aid: nearby members of the profession are told at once; answers; close; history."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community import services
from community.factories import MutualAidRequestFactory, MutualAidResponseFactory
from community.models import MutualAidRequest, MutualAidResponse, Notification
from tests.community.boards import NIR, XSS


def aid_data(professions, **overrides):  # noqa: F811
    data = {
        "profession_needed": professions["nurse"].pk,
        "commune": "Lodève",
        "start": timezone.localdate().isoformat(),
        "duration_days": "3",
        "urgency": MutualAidRequest.Urgency.TODAY,
        "description": "Relais pour injections d'insuline à domicile matin et soir.",
    }
    data.update(overrides)
    return data


def test_mutual_aid_reaches_nearby_members_at_once(
    client,
    make_member,  # noqa: F811
    professions,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    author = make_member("nurse", "Lodève")
    # Every nearby nurse, available for locums or not.
    near_1 = make_member("nurse", "Lodève")
    near_2 = make_member("nurse", "Clermont-l'Hérault", available=False)
    far = make_member("nurse", "Saint-Pons-de-Thomières")
    physio = make_member("physio", "Lodève")

    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mutual_aid:create"), aid_data(professions))
    aid = MutualAidRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == aid.get_absolute_url()

    notified = set(
        Notification.objects.filter(mutual_aid_request=aid).values_list("user", flat=True)
    )
    assert notified == {near_1.pk, near_2.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([near_1.email, near_2.email])
    assert "Lodève" in mail.outbox[0].subject
    for user in (far, physio, author):
        assert not Notification.objects.filter(user=user).exists()
    assert list(MutualAidRequest.objects.matching(near_1)) == [aid]
    assert list(MutualAidRequest.objects.matching(far)) == []
    assert list(MutualAidRequest.objects.matching(physio)) == []

    # A colleague answers; the author is told and sees the answer.
    mail.outbox.clear()
    client.force_login(near_1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mutual_aid:respond", args=[aid.pk]), {"message": "Je passe matin et soir."}
        )
    assert MutualAidResponse.objects.filter(request=aid, responder=near_1).exists()
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert Notification.objects.filter(
        user=author, kind=Notification.Kind.MUTUAL_AID_RESPONSE
    ).exists()
    # Answers are for the author's eyes.
    assert "Je passe matin et soir." not in client.get(aid.get_absolute_url()).content.decode()

    client.force_login(author)
    assert "Je passe matin et soir." in client.get(aid.get_absolute_url()).content.decode()

    # Someone else may not close it.
    client.force_login(near_2)
    assert (
        client.post(reverse("mutual_aid:close", args=[aid.pk]), {"solved": "1"}).status_code == 403
    )

    client.force_login(author)
    client.post(reverse("mutual_aid:close", args=[aid.pk]), {"solved": "1"})
    aid.refresh_from_db()
    assert aid.status == MutualAidRequest.Status.SOLVED and aid.solved_at is not None
    # History kept: out of the open list, in the closed one, with its answers.
    assert aid not in client.get(reverse("mutual_aid:list")).context["requests"]
    assert aid in client.get(reverse("mutual_aid:list"), {"status": "closed"}).context["requests"]
    assert aid.responses.count() == 1
    with pytest.raises(Exception, match="plus ouverte"):
        services.respond_mutual_aid(aid, near_2, "")


def test_close_unsolved_and_expiry(make_member, professions):  # noqa: F811
    author = make_member("nurse", "Lodève")
    aid = MutualAidRequestFactory(author=author, profession_needed=professions["nurse"])
    services.close_mutual_aid(aid, by=author, solved=False)
    assert aid.status == MutualAidRequest.Status.EXPIRED and aid.solved_at is None

    today = timezone.localdate()
    over = MutualAidRequestFactory(
        author=author,
        profession_needed=professions["nurse"],
        start=today - timedelta(days=5),
        duration_days=3,
    )
    last_day = MutualAidRequestFactory(
        author=author,
        profession_needed=professions["nurse"],
        start=today - timedelta(days=2),
        duration_days=3,
    )
    call_command("expire_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    over.refresh_from_db()
    last_day.refresh_from_db()
    assert over.status == MutualAidRequest.Status.EXPIRED
    assert last_day.status == MutualAidRequest.Status.OPEN  # today is its third day


def test_nir_refused_and_text_kept(client, make_member, professions):  # noqa: F811
    client.force_login(make_member("nurse"))
    text = f"Mme X, NIR {NIR}, insuline matin et soir."
    response = client.post(reverse("mutual_aid:create"), aid_data(professions, description=text))
    assert response.status_code == 200
    assert not MutualAidRequest.objects.exists()
    page = html.unescape(response.content.decode())
    assert "numéro de sécurité sociale" in page
    assert text in page


def test_nir_refused_in_answer(client, make_member, professions):  # noqa: F811
    aid = MutualAidRequestFactory(
        author=make_member("nurse"), profession_needed=professions["nurse"]
    )
    client.force_login(make_member("nurse"))
    response = client.post(reverse("mutual_aid:respond", args=[aid.pk]), {"message": f"Le {NIR}"})
    assert response.status_code == 200
    assert "numéro de sécurité sociale" in response.content.decode()
    assert not MutualAidResponse.objects.exists()


def test_xss_in_description_is_escaped(client, make_member, professions):  # noqa: F811
    author = make_member("nurse")
    aid = MutualAidRequestFactory(
        author=author, profession_needed=professions["nurse"], description=XSS
    )
    client.force_login(author)
    for url in (aid.get_absolute_url(), reverse("mutual_aid:list")):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page


def test_query_budgets(client, make_member, professions, django_assert_max_num_queries):  # noqa: F811
    author = make_member("nurse", "Lodève")
    for _ in range(25):
        MutualAidRequestFactory(author=make_member("nurse"), profession_needed=professions["nurse"])
    mine = MutualAidRequestFactory(author=author, profession_needed=professions["nurse"])
    for _ in range(3):
        MutualAidResponseFactory(request=mine, responder=make_member("nurse"))
    client.force_login(author)
    for url in (
        reverse("mutual_aid:list"),
        reverse("mutual_aid:list") + "?profession=infirmiers-test&commune=Gignac&page=2",
        reverse("mutual_aid:list") + "?status=closed",
        mine.get_absolute_url(),
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
