"""The boards' pages: access, validation, filters, offers, structured topics, query budgets,
locum requests reaching the nearby nurses, and the cached lists."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Topic

from community import services
from community.factories import (
    LocumOfferFactory,
    LocumRequestFactory,
    LocumResponseFactory,
    MutualAidRequestFactory,
)
from community.models import LocumOffer, LocumRequest
from directory.models import LocumPeriod, Profile
from forum.tree import forum_for
from portal.members.factories import MembershipFactory
from portal.members.models import Profession
from tests.community.boards import NIR, XSS, locum_post_data
from tests.people import member


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


def available_for_locums(user, start, end):
    """``user``'s directory entry (created on approval) says: free for locums from start to end."""
    profile = Profile.objects.get(user=user)
    profile.available_for_locum = True
    profile.save(update_fields=["available_for_locum"])
    LocumPeriod.objects.create(profile=profile, start=start, end=end)
    return user


def test_a_nurses_request_reaches_the_nearby_available_nurses(
    people, login, django_capture_on_commit_callbacks
):
    """A nurse's request, posted on the page, reaches the nurses available for locums near
    the commune on its dates: not its author, not a nurse far away or busy then, not a doctor
    next door."""
    today = timezone.localdate()
    free = (today, today + timedelta(days=60))
    infirmiere = available_for_locums(people.infirmiere, *free)  # Gignac
    locum_nurse = available_for_locums(member("infirmiers", "Aniane"), *free)  # 4 km away
    far_nurse = available_for_locums(member("infirmiers", "Saint-Pons-de-Thomières"), *free)
    doctor = available_for_locums(member("medecins", "Gignac"), *free)
    busy_nurse = available_for_locums(  # free only after the request
        member("infirmiers", "Gignac"), today + timedelta(days=30), today + timedelta(days=60)
    )
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
    locum = LocumRequest.objects.get(author=infirmiere)
    notified = set(locum.notifications.values_list("user", flat=True))
    assert notified == {locum_nurse.pk}
    assert not {infirmiere.pk, far_nurse.pk, doctor.pk, busy_nurse.pk} & notified


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
