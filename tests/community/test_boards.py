"""Locum board: publish → matching members notified → "Je suis disponible" → filled; access; safety."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post

from community import services
from community.factories import (
    LocumOfferFactory,
    LocumRequestFactory,
    LocumResponseFactory,
)
from community.models import LocumOffer, LocumRequest, LocumResponse, Notification
from tests.community.boards import locum_post_data


def test_full_locum_path(
    client, make_member, professions, tree, dates, django_capture_on_commit_callbacks
):
    start, end = dates
    author = make_member("nurse", "Gignac")
    matching = make_member(
        "nurse",
        "Aniane",
        available=True,
        periods=[(start - timedelta(days=3), start + timedelta(days=2))],
    )
    other_profession = make_member("physio", "Gignac", available=True, periods=[(start, end)])
    far_away = make_member(
        "nurse", "Saint-Pons-de-Thomières", available=True, periods=[(start, end)]
    )
    wrong_dates = make_member(
        "nurse",
        "Gignac",
        available=True,
        periods=[(end + timedelta(days=1), end + timedelta(days=30))],
    )
    not_available = make_member("nurse", "Gignac", available=False, periods=[(start, end)])

    topics_before, posts_before = tree.direct_topics_count, tree.direct_posts_count
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("locum:create"), locum_post_data(professions, dates))
    locum = LocumRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == locum.get_absolute_url()

    # The discussion topic is opened in "Remplacements" with machina's counters up to date.
    topic = locum.topic
    assert topic.forum == tree
    assert topic.poster == author
    assert topic.posts_count == 1
    assert Post.objects.get(topic=topic).poster == author
    tree.refresh_from_db()
    assert tree.direct_topics_count == topics_before + 1
    assert tree.direct_posts_count == posts_before + 1

    # Only the matching nurse is told, by e-mail and on her dashboard.
    notified = set(Notification.objects.filter(locum_request=locum).values_list("user", flat=True))
    assert notified == {matching.pk}
    assert [m.to for m in mail.outbox] == [[matching.email]]
    assert "Gignac" in mail.outbox[0].subject
    assert locum.get_absolute_url() in mail.outbox[0].body
    for user in (other_profession, far_away, wrong_dates, not_available, author):
        assert not Notification.objects.filter(user=user).exists()
    assert list(Notification.objects.unread_for(matching)) == list(
        Notification.objects.filter(user=matching)
    )
    assert list(LocumRequest.objects.matching(matching)) == [locum]
    assert list(LocumRequest.objects.matching(far_away)) == []
    assert list(LocumRequest.objects.matching(other_profession)) == []

    # She answers "Je suis disponible": the requester is told.
    mail.outbox.clear()
    client.force_login(matching)
    page = client.get(locum.get_absolute_url())
    assert "Je suis disponible" in page.content.decode()
    assert not Notification.objects.unread_for(matching).exists()  # read by opening the request
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("locum:respond", args=[locum.pk]),
            {
                "message": "Libre toute la période.",
                "available_from": start.isoformat(),
                "available_to": end.isoformat(),
            },
        )
    assert response.status_code == 302
    assert LocumResponse.objects.filter(request=locum, responder=matching).exists()
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert "Libre toute la période." not in mail.outbox[0].body  # never e-mailed
    assert Notification.objects.filter(
        user=author, kind=Notification.Kind.LOCUM_RESPONSE, locum_request=locum
    ).exists()
    # Answering twice records one answer and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("locum:respond", args=[locum.pk]),
            {
                "message": "Encore moi",
                "available_from": start.isoformat(),
                "available_to": end.isoformat(),
            },
        )
    assert LocumResponse.objects.filter(request=locum).count() == 1
    assert len(mail.outbox) == 1

    # The requester sees who answered, picks her and marks the request filled.
    client.force_login(author)
    page = client.get(locum.get_absolute_url()).content.decode()
    assert "Libre toute la période." in page
    assert matching.email in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("locum:fill", args=[locum.pk]), {"chosen": matching.pk})
    assert response.status_code == 302
    locum.refresh_from_db()
    assert locum.status == LocumRequest.Status.FILLED
    assert locum.filled_by == matching and locum.filled_at is not None
    assert [m.to for m in mail.outbox] == [[matching.email]]
    assert locum not in LocumRequest.objects.open()
    # The forum discussion says so too.
    topic.refresh_from_db()
    assert topic.posts_count == 2
    assert "pourvue" in topic.last_post.content.raw
    # A filled request takes no more answers.
    with pytest.raises(Exception, match="plus ouverte"):
        services.respond_available(locum, wrong_dates, "")


def test_fill_refuses_someone_who_did_not_answer(make_member, tree, professions):
    author = make_member("nurse")
    stranger = make_member("nurse")
    locum = services.publish_locum_request(
        author=author,
        profession=professions["nurse"],
        start=timezone.localdate() + timedelta(days=5),
        end=timezone.localdate() + timedelta(days=9),
        commune="Gignac",
    )
    with pytest.raises(Exception, match="disponible"):
        services.mark_filled(locum, by=author, chosen_user=stranger)
    locum.refresh_from_db()
    assert locum.is_open


def test_other_profession_cannot_answer(client, make_member, tree, professions):
    locum = LocumRequestFactory(author=make_member("nurse"), profession=professions["nurse"])
    physio = make_member("physio")
    client.force_login(physio)
    page = client.get(locum.get_absolute_url()).content.decode()
    assert "Je suis disponible" not in page
    dates = {"available_from": locum.start.isoformat(), "available_to": locum.end.isoformat()}
    client.post(reverse("locum:respond", args=[locum.pk]), {"message": "", **dates})
    assert not LocumResponse.objects.exists()


def test_author_cancels(client, make_member, professions):
    author = make_member("nurse")
    locum = LocumRequestFactory(author=author, profession=professions["nurse"])
    client.force_login(author)
    response = client.post(reverse("locum:cancel", args=[locum.pk]))
    assert response.status_code == 302
    locum.refresh_from_db()
    assert locum.status == LocumRequest.Status.CANCELLED and locum.closed_at is not None
    assert not LocumRequest.objects.open().exists()


def test_only_the_author_may_fill_or_cancel(client, make_member, professions):
    author = make_member("nurse")
    other = make_member("nurse")
    locum = LocumRequestFactory(author=author, profession=professions["nurse"])
    LocumResponseFactory(request=locum, responder=other)
    client.force_login(other)
    for name, data in (("locum:fill", {"chosen": other.pk}), ("locum:cancel", {})):
        response = client.post(reverse(name, args=[locum.pk]), data)
        assert response.status_code == 403
        assert "Seul l'auteur" in html.unescape(response.content.decode())
    locum.refresh_from_db()
    assert locum.is_open
    # The answers are the author's business.
    page = client.get(locum.get_absolute_url()).content.decode()
    assert "Demande pourvue" not in page and "Annuler la demande" not in page


def test_expiry(make_member, professions):
    today = timezone.localdate()
    author = make_member("nurse")
    past = LocumRequestFactory(
        author=author,
        profession=professions["nurse"],
        start=today - timedelta(days=10),
        end=today - timedelta(days=1),
    )
    current = LocumRequestFactory(
        author=author, profession=professions["nurse"], start=today - timedelta(days=3), end=today
    )
    filled = LocumRequestFactory(
        author=author,
        profession=professions["nurse"],
        start=today - timedelta(days=10),
        end=today - timedelta(days=2),
        status=LocumRequest.Status.FILLED,
    )
    old_offer = LocumOfferFactory(
        author=author,
        profession=professions["nurse"],
        start=today - timedelta(days=9),
        end=today - timedelta(days=1),
    )
    call_command("expire_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for obj in (past, current, filled, old_offer):
        obj.refresh_from_db()
    assert past.status == LocumRequest.Status.EXPIRED and past.closed_at is not None
    assert current.status == LocumRequest.Status.OPEN
    assert filled.status == LocumRequest.Status.FILLED
    assert old_offer.status == LocumOffer.Status.EXPIRED
