"""Locum contact: only honoured channels; once a colleague is chosen, the requester and the
chosen colleague (and nobody else) see each other's professional contact details; answers
on part of the period say so and are sorted by how much of it they cover."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from community import services
from community.factories import LocumRequestFactory, LocumResponseFactory
from community.forms.locum import LocumRequestForm
from community.models import LocumRequest, LocumResponse, Notification
from directory.models import PracticeSite, Profile, Visibility
from forum.tree import ensure_forum_tree
from portal.members.factories import MembershipFactory, ProfessionFactory

AUTHOR_MOBILE = "+33612345678"
AUTHOR_MOBILE_FR = "06 12 34 56 78"
AUTHOR_HIDDEN_MSSANTE = "cachee.auteur@infirmier.mssante.fr"
CHOSEN_SITE_PHONE = "+33467440000"


@pytest.fixture
def nurses(db):
    return ProfessionFactory(
        name="Infirmier (contact)", plural="infirmiers (contact)", slug="inf-contact", code="9950"
    )


@pytest.fixture
def member(nurses):
    def _make(**profile_fields):
        user = MembershipFactory(approved=True, profession=nurses, commune="Gignac").user
        Profile.objects.filter(user=user).update(**profile_fields)
        return user

    return _make


@pytest.fixture
def people(member, nurses):
    """A requester (mobile for members, MSSanté hidden), the chosen colleague (a practice
    phone for members), another colleague who answered, and a member who did not."""
    ensure_forum_tree()
    author = member(
        mobile=AUTHOR_MOBILE,
        mobile_visibility=Visibility.MEMBERS,
        mssante=AUTHOR_HIDDEN_MSSANTE,
        mssante_visibility=Visibility.HIDDEN,
    )
    chosen = member()
    site = PracticeSite.objects.create(
        profile=chosen.profile,
        commune="Aniane",
        address="3 rue des Remparts",
        address_visibility=Visibility.HIDDEN,
        phone=CHOSEN_SITE_PHONE,
        phone_visibility=Visibility.MEMBERS,
    )
    locum = LocumRequestFactory(author=author, profession=nurses, conditions="Tournée du matin.")
    LocumResponseFactory(request=locum, responder=chosen)
    other_responder = member()
    LocumResponseFactory(request=locum, responder=other_responder)
    return {
        "author": author,
        "chosen": chosen,
        "other_responder": other_responder,
        "other_member": member(),
        "locum": locum,
        "chosen_site": site,
    }


def _page(client, user, locum):
    client.force_login(user)
    response = client.get(locum.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_only_honoured_contact_channels_are_offered(member, nurses):
    bare = member()
    choices = [
        value for value, _label in LocumRequestForm(user=bare).fields["contact_preference"].choices
    ]
    assert choices == ["email"]  # no "Messagerie du portail": there is no messaging
    reachable = member(
        mobile=AUTHOR_MOBILE,
        mobile_visibility=Visibility.MEMBERS,
        mssante="a.b@infirmier.mssante.fr",
        mssante_visibility=Visibility.PUBLIC,
    )
    choices = [
        value for value, _l in LocumRequestForm(user=reachable).fields["contact_preference"].choices
    ]
    assert choices == ["email", "phone", "mssante"]
    # A hidden phone cannot be promised: refused with a French message.
    hidden = member(mobile=AUTHOR_MOBILE, mobile_visibility=Visibility.HIDDEN)
    start = timezone.localdate() + timedelta(days=10)
    form = LocumRequestForm(
        {
            "profession": nurses.pk,
            "kind": "occasional",
            "start": start,
            "end": start + timedelta(days=3),
            "commune": "Gignac",
            "contact_preference": "phone",
        },
        user=hidden,
    )
    assert not form.is_valid()
    assert "n'apparaît pas sur votre fiche" in form.errors["contact_preference"][0]


def test_portal_contact_mapped_to_email_by_the_migration(member, nurses):
    from importlib import import_module

    migration = import_module("community.migrations.0006_locum_contact_and_partial_availability")
    locum = LocumRequestFactory(author=member(), profession=nurses)
    LocumRequest.objects.filter(pk=locum.pk).update(contact_preference="portal")
    migration.forwards(apps, None)
    locum.refresh_from_db()
    assert locum.contact_preference == "email"


def test_contact_details_shown_only_to_the_two_people_concerned(
    client, people, django_capture_on_commit_callbacks
):
    author, chosen, locum = people["author"], people["chosen"], people["locum"]
    author_mobile = str(Profile.objects.get(user=author).mobile)
    chosen_phone = str(people["chosen_site"].phone)

    # Before a choice, nobody is shown the requester's details.
    assert author_mobile not in _page(client, chosen, locum)

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_filled(locum, by=author, chosen_user=chosen)

    # Anonymous: the login page.
    client.logout()
    response = client.get(locum.get_absolute_url())
    assert response.status_code == 302 and "/compte/" in response["Location"]

    # Other members, including one who answered but was not chosen: no contact details.
    for name in ("other_member", "other_responder"):
        page = _page(client, people[name], locum)
        assert author_mobile not in page and author.email not in page
        assert AUTHOR_MOBILE_FR not in page
        assert chosen_phone not in page
        assert "Coordonnées de" not in page

    # The requester sees the chosen colleague's: portal e-mail and what members may see.
    page = _page(client, author, locum)
    assert "Coordonnées de" in page
    assert chosen.email in page and chosen_phone in page
    assert "3 rue des Remparts" not in page  # hidden address stays hidden

    # The chosen colleague sees the requester's; the hidden MSSanté is never shown.
    page = _page(client, chosen, locum)
    assert author.email in page and author_mobile in page and AUTHOR_MOBILE_FR in page
    assert AUTHOR_HIDDEN_MSSANTE not in page
    assert "vous a retenu" in page

    # Her e-mail carries the requester's contact details, nothing typed about the care.
    (message,) = [m for m in mail.outbox if m.to == [chosen.email]]
    assert author.email in message.body and AUTHOR_MOBILE_FR in message.body
    assert AUTHOR_HIDDEN_MSSANTE not in message.body
    assert "Tournée du matin." not in message.body
    assert "Prenez contact pour convenir" not in message.body


def test_partial_availability_told_and_sorted(
    client, member, nurses, django_capture_on_commit_callbacks
):
    ensure_forum_tree()
    author = member()
    start = timezone.localdate() + timedelta(days=30)
    locum = LocumRequestFactory(
        author=author, profession=nurses, start=start, end=start + timedelta(days=13)
    )
    first, whole, later_whole = member(), member(), member()
    url = reverse("locum:respond", args=[locum.pk])

    # Dates outside the request: French error, the typed dates kept.
    client.force_login(first)
    outside = (start - timedelta(days=2)).isoformat()
    response = client.post(
        url, {"available_from": outside, "available_to": start.isoformat(), "message": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "en dehors de la période demandée" in page and f'value="{outside}"' in page
    response = client.post(
        url,
        {
            "available_from": (start + timedelta(days=5)).isoformat(),
            "available_to": (start + timedelta(days=3)).isoformat(),
        },
    )
    assert "postérieure ou égale" in response.content.decode()
    assert not LocumResponse.objects.exists()

    # Three days out of fourteen.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "available_from": (start + timedelta(days=3)).isoformat(),
                "available_to": (start + timedelta(days=5)).isoformat(),
            },
        )
    partial = LocumResponse.objects.get(responder=first)
    assert partial.days_covered == 3
    text = partial.coverage_text
    # Two different days: a range ("du 12 au 14 mars"), never a single day ("le ...").
    assert text.startswith("disponible du ")
    assert f" au {date_format(start + timedelta(days=5), 'j F')}" in text
    assert text.endswith(", 3 jours sur 14")
    assert "3 jours sur 14" in mail.outbox[-1].body
    assert "3 jours sur 14" in _page(client, first, locum)

    services.respond_available(locum, whole, "")
    services.respond_available(locum, later_whole, "")
    LocumResponse.objects.filter(responder=later_whole).update(
        created_at=timezone.now() + timedelta(minutes=5)
    )
    page = _page(client, author, locum)
    assert "3 jours sur 14" in page and "toute la période (14 jours)" in page
    positions = [page.index(u.get_full_name()) for u in (whole, later_whole, first)]
    assert positions == sorted(positions)


def test_request_page_query_budget(client, people, django_assert_max_num_queries):
    locum = people["locum"]
    for _ in range(5):
        LocumResponseFactory(request=locum, responder=MembershipFactory(approved=True).user)
    services.mark_filled(locum, by=people["author"], chosen_user=people["chosen"])
    Notification.objects.all().delete()
    for name in ("author", "chosen", "other_member"):
        client.force_login(people[name])
        with django_assert_max_num_queries(13):  # 12 measured (7 for others)
            assert client.get(locum.get_absolute_url()).status_code == 200
