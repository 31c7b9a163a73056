"""Locum board: publish → matching members notified → "Je suis disponible" → filled; access; safety."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post, Topic

from community import services
from community.factories import (
    LocumOfferFactory,
    LocumRequestFactory,
    LocumResponseFactory,
    MutualAidRequestFactory,
)
from community.models import LocumOffer, LocumRequest, LocumResponse, MutualAidRequest, Notification
from directory.models import LocumPeriod, Profile
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory, ProfessionFactory
from portal.members.models import Profession

# A valid NIR: key = 97 - (1850775123456 mod 97) = 08.
NIR = "1 85 07 75 123 456 08"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def professions(db):
    """Two professions of the tests' own, so no demo member (tests/conftest.py loads the
    demo for every test) is matched or notified; the demo's requests are removed too."""
    for model in (Notification, LocumResponse, LocumRequest, LocumOffer, MutualAidRequest):
        model.objects.all().delete()
    return {
        "nurse": ProfessionFactory(
            name="Infirmier (test)", plural="infirmiers (test)", slug="infirmiers-test", code="9960"
        ),
        "physio": ProfessionFactory(
            name="Kinésithérapeute (test)", plural="kinés (test)", slug="kines-test", code="9970"
        ),
    }


@pytest.fixture
def make_member(professions):
    """An approved member of ``profession`` in ``commune``, optionally available on ``periods``."""

    def _make(profession="nurse", commune="Gignac", *, available=False, periods=(), **kwargs):
        membership = MembershipFactory(
            approved=True, profession=professions[profession], commune=commune, **kwargs
        )
        user = membership.user
        profile = Profile.objects.get(user=user)  # created on approval
        if available:
            profile.available_for_locum = True
            profile.save(update_fields=["available_for_locum"])
        for start, end in periods:
            LocumPeriod.objects.create(profile=profile, start=start, end=end)
        return user

    return _make


@pytest.fixture
def tree(db):
    ensure_forum_tree()
    return forum_for("remplacements")


@pytest.fixture
def dates():
    start = timezone.localdate() + timedelta(days=20)
    return start, start + timedelta(days=13)


def locum_post_data(professions, dates, **overrides):
    start, end = dates
    data = {
        "profession": professions["nurse"].pk,
        "kind": LocumRequest.Kind.OCCASIONAL,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "commune": "Gignac",
        "fee_share": "80",
        "housing": "on",
        "housing_notes": "Studio",
        "software": "Albus",
        "conditions": "Tournée le matin.",
        "contact_preference": LocumRequest.Contact.EMAIL,
    }
    data.update(overrides)
    return data


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


@pytest.mark.parametrize(
    "name, args",
    [
        ("locum:list", []),
        ("locum:create", []),
        ("locum:detail", ["pk"]),
        ("locum:offer-list", []),
        ("locum:offer-create", []),
        ("locum:internship-create", []),
        ("locum:newcomer-create", []),
        ("mutual_aid:list", []),
        ("mutual_aid:create", []),
    ],
)
def test_access_levels(client, make_member, professions, name, args):
    locum = LocumRequestFactory(author=make_member("nurse"), profession=professions["nurse"])
    url = reverse(name, args=[locum.pk if a == "pk" else a for a in args])

    response = client.get(url)  # visitor
    assert response.status_code == 302 and "/compte/login/" in response["Location"]

    pending = MembershipFactory(profession=professions["nurse"]).user
    client.force_login(pending)
    response = client.get(url)
    assert response.status_code == 403
    assert "en attente de validation" in html.unescape(response.content.decode())

    client.force_login(make_member("physio"))  # any approved member
    assert client.get(url).status_code == 200


def test_nir_refused_and_text_kept(client, make_member, professions, tree, dates):
    topics_before = Topic.objects.filter(forum=tree).count()
    client.force_login(make_member("nurse"))
    text = f"Patient à voir en priorité, NIR {NIR}, merci."
    response = client.post(
        reverse("locum:create"), locum_post_data(professions, dates, conditions=text)
    )
    assert response.status_code == 200
    assert not LocumRequest.objects.exists()
    assert Topic.objects.filter(forum=tree).count() == topics_before
    page = response.content.decode()
    assert "numéro de sécurité sociale" in page
    assert "Patient à voir en priorité" in page  # what was typed is still in the form


def test_dates_validated(client, make_member, professions, tree):
    client.force_login(make_member("nurse"))
    today = timezone.localdate()
    reversed_dates = (today + timedelta(days=10), today + timedelta(days=5))
    response = client.post(reverse("locum:create"), locum_post_data(professions, reversed_dates))
    assert response.status_code == 200
    assert "postérieure ou égale" in response.content.decode()
    past = (today - timedelta(days=3), today + timedelta(days=3))
    response = client.post(reverse("locum:create"), locum_post_data(professions, past))
    assert "déjà passée" in response.content.decode()
    assert not LocumRequest.objects.exists()


def test_xss_in_conditions_is_escaped(client, make_member, professions):
    author = make_member("nurse")
    locum = LocumRequestFactory(
        author=author, profession=professions["nurse"], conditions=XSS, software=XSS
    )
    client.force_login(author)
    page = client.get(locum.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_filters(client, make_member, professions):
    author = make_member("nurse")
    today = timezone.localdate()
    gignac = LocumRequestFactory(author=author, profession=professions["nurse"], commune="Gignac")
    far = LocumRequestFactory(
        author=author, profession=professions["nurse"], commune="Saint-Pons-de-Thomières"
    )
    physio = LocumRequestFactory(
        author=author,
        profession=professions["physio"],
        commune="Aniane",
        kind=LocumRequest.Kind.ASSISTANT,
        start=today + timedelta(days=100),
        end=today + timedelta(days=120),
    )
    client.force_login(author)

    def listed(**params):
        return set(client.get(reverse("locum:list"), params).context["requests"])

    assert listed() == {gignac, far, physio}
    assert listed(profession="infirmiers-test") == {gignac, far}
    assert listed(commune="Gignac") == {gignac, physio}  # Aniane is 4 km away
    assert listed(kind="assistant") == {physio}
    assert listed(date_from=(today + timedelta(days=90)).isoformat()) == {physio}
    assert listed(date_to=(today + timedelta(days=30)).isoformat()) == {gignac, far}


def test_offers(client, make_member, professions):
    nurse = make_member("nurse")
    client.force_login(nurse)
    today = timezone.localdate()
    response = client.post(
        reverse("locum:offer-create"),
        {
            "profession": professions["nurse"].pk,
            "start": (today + timedelta(days=3)).isoformat(),
            "end": (today + timedelta(days=40)).isoformat(),
            "communes": "Gignac, Aniane",
            "radius_km": "25",
            "notes": "Remplaçante expérimentée.",
        },
    )
    assert response.status_code == 302
    offer = LocumOffer.objects.get()
    assert offer.author == nurse and offer.commune_list == ["Gignac", "Aniane"]
    page = client.get(reverse("locum:offer-list")).content.decode()
    assert "Remplaçante expérimentée." in page
    assert set(
        client.get(reverse("locum:offer-list"), {"commune": "Lodève"}).context["offers"]
    ) == {offer}
    assert (
        set(
            client.get(reverse("locum:offer-list"), {"commune": "Saint-Pons-de-Thomières"}).context[
                "offers"
            ]
        )
        == set()
    )

    client.force_login(make_member("nurse"))
    assert client.post(reverse("locum:offer-withdraw", args=[offer.pk])).status_code == 403
    client.force_login(nurse)
    client.post(reverse("locum:offer-withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == LocumOffer.Status.WITHDRAWN


@pytest.mark.parametrize(
    "name, key, data",
    [
        (
            "locum:internship-create",
            "stages",
            {
                "commune": "Gignac",
                "period": "mars à juin",
                "level": "IFSI 2e année",
                "description": "Tournées.",
            },
        ),
        (
            "locum:newcomer-create",
            "nouveaux",
            {
                "commune": "Aniane",
                "installed_on": "2026-09-01",
                "practice": "",
                "presentation": "Bonjour à tous.",
            },
        ),
    ],
)
def test_structured_topics(client, make_member, professions, tree, name, key, data):
    member = make_member("nurse")
    client.force_login(member)
    forum = forum_for(key)
    before = Topic.objects.filter(forum=forum).count()  # approval may open a welcome topic
    data = {**data, "profession": professions["nurse"].pk}
    response = client.post(reverse(name), data)
    assert response.status_code == 302
    assert Topic.objects.filter(forum=forum).count() == before + 1
    topic = Topic.objects.filter(forum=forum).latest("pk")
    assert topic.poster == member
    assert data["commune"] in topic.subject
    assert response["Location"].endswith(f"-{topic.pk}/")
    # NIR in the free text: refused, text kept.
    text_field = "description" if key == "stages" else "presentation"
    response = client.post(reverse(name), {**data, text_field: f"Voir {NIR}"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "numéro de sécurité sociale" in page and NIR in page
    assert Topic.objects.filter(forum=forum).count() == before + 1


def test_query_budgets(client, make_member, professions, django_assert_max_num_queries):
    author = make_member("nurse")
    others = [make_member("nurse") for _ in range(3)]
    requests = [
        LocumRequestFactory(author=make_member("nurse"), profession=professions["nurse"])
        for _ in range(25)
    ]
    mine = LocumRequestFactory(author=author, profession=professions["nurse"])
    for other in others:
        LocumResponseFactory(request=mine, responder=other)
        LocumOfferFactory(author=other, profession=professions["nurse"])
    client.force_login(author)
    for url in (
        reverse("locum:list"),
        reverse("locum:list") + "?profession=infirmiers-test&commune=Gignac&page=2",
        reverse("locum:offer-list"),
        mine.get_absolute_url(),
        requests[0].get_absolute_url(),
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_demo_content_and_demo_scenario(
    demo, infirmiere, login, django_capture_on_commit_callbacks
):
    """The demo has the board content; a demo nurse's request reaches the demo locum nurse."""
    from demo.boards import load

    assert LocumRequest.objects.filter(author=infirmiere, commune="Gignac", start__month=2).exists()
    filled = LocumRequest.objects.get(author__email="medecin@exemple.fr", commune="Lodève")
    assert filled.status == LocumRequest.Status.FILLED and filled.filled_by is not None
    assert LocumOffer.objects.open().exists()
    aid = MutualAidRequest.objects.get(commune="Lodève")
    assert "insuline" in aid.description and aid.notifications.exists()
    counts = (
        LocumRequest.objects.count(),
        LocumOffer.objects.count(),
        MutualAidRequest.objects.count(),
    )
    load()  # idempotent
    assert counts == (
        LocumRequest.objects.count(),
        LocumOffer.objects.count(),
        MutualAidRequest.objects.count(),
    )

    today = timezone.localdate()
    client = login(infirmiere)
    nurses = Profession.objects.get(slug="infirmiers")
    data = {
        "profession": nurses.pk,
        "kind": LocumRequest.Kind.OCCASIONAL,
        "start": (today + timedelta(days=12)).isoformat(),
        "end": (today + timedelta(days=20)).isoformat(),
        "commune": "Gignac",
        "conditions": "",
        "contact_preference": LocumRequest.Contact.EMAIL,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("locum:create"), data).status_code == 302
    locum = LocumRequest.objects.latest("pk")
    notified = set(locum.notifications.values_list("user__email", flat=True))
    assert "membre20@exemple.fr" in notified
    professions_notified = locum.notifications.values_list(
        "user__membership__profession__slug", flat=True
    )
    assert set(professions_notified) == {"infirmiers"}
    assert "infirmiere@exemple.fr" not in notified


def test_board_lists_come_from_the_cache_and_are_renewed_by_writes(
    client, make_member, professions, django_assert_max_num_queries
):
    author, reader = make_member("nurse"), make_member("nurse")
    locum = LocumRequestFactory(author=author, profession=professions["nurse"])
    aid = MutualAidRequestFactory(author=author, profession_needed=professions["nurse"])
    client.force_login(reader)
    lists = {reverse("locum:list"): locum, reverse("mutual_aid:list"): aid}
    for url, item in lists.items():
        with django_assert_max_num_queries(20) as miss:
            assert item.get_absolute_url() in client.get(url).content.decode()
        with django_assert_max_num_queries(len(miss.captured_queries) - 2):  # count and page
            assert item.get_absolute_url() in client.get(url).content.decode()
    locum_list, aid_list = lists
    # A new request, a filled one, an expired one: each shows at once.
    new = LocumRequestFactory(author=author, profession=professions["nurse"])
    assert new.get_absolute_url() in client.get(locum_list).content.decode()
    locum.status = LocumRequest.Status.FILLED
    locum.save()
    assert locum.get_absolute_url() not in client.get(locum_list).content.decode()
    services.close_mutual_aid(aid, by=author)
    assert aid.get_absolute_url() not in client.get(aid_list).content.decode()  # open ones
    assert aid.get_absolute_url() in client.get(aid_list + "?status=closed").content.decode()
    LocumRequest.objects.filter(pk=new.pk).update(end=timezone.localdate() - timedelta(1))
    services.expire_requests()  # closes with update(), which sends no signal
    assert new.get_absolute_url() not in client.get(locum_list).content.decode()
    # The author's own requests are listed apart, for them only.
    assert "Mes demandes" not in client.get(locum_list).content.decode()
    client.force_login(author)
    assert "Mes demandes" in client.get(locum_list).content.decode()
