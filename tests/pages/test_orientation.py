"""Orientation (issue 15, item 5): /metiers/ puts the member's own space first and does not
link to spaces they may not open; an applicant's header offers only what they can use; the
admin home tells the bureau about applications waiting."""

import re

import pytest

from portal.members import services
from portal.members.factories import MembershipFactory
from portal.members.models import Profession
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

MEMBER_ENTRIES = ["/espace-membres/", "/metiers/", "/remplacements/", "/entraide/", "/forum/"]


def _nurse(**kwargs):
    return MembershipFactory(profession=Profession.objects.get(slug="infirmiers"), **kwargs).user


def _cards(html):
    return re.findall(r'<li class="card[^"]*">.*?</li>', html, flags=re.S)


def _header(html):
    return html.split("</header>")[0]


def test_profession_index_anonymous_is_sent_to_login(client):
    response = client.get("/metiers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_profession_index_refuses_an_applicant(login):
    response = login(_nurse()).get("/metiers/")
    assert response.status_code == 403
    assert "en attente de validation" in response.content.decode()


def test_profession_index_shows_own_space_first_and_others_as_reserved(
    login, django_assert_max_num_queries
):
    client = login(_nurse(approved=True))
    with django_assert_max_num_queries(25):
        response = client.get("/metiers/")
    assert response.status_code == 200
    cards = _cards(response.content.decode())
    assert len(cards) == Profession.objects.active().count()
    first, others = cards[0], cards[1:]
    assert "Votre espace" in first and 'href="/metiers/infirmiers/"' in first
    assert "card--own" in first
    for card in others:
        assert "Votre espace" not in card
        assert "<a " not in card, card  # a link would lead to a 403
        assert "Réservé aux " in card
    assert any("Réservé aux médecins" in card for card in others)


def test_profession_index_bureau_opens_every_space(login):
    cards = _cards(login(_bureau()).get("/metiers/").content.decode())
    assert "Votre espace" in cards[0] and "/metiers/infirmiers/" in cards[0]
    assert all("<a href=" in card for card in cards)
    assert not any("Réservé aux" in card for card in cards)


@pytest.mark.parametrize("who", ["anonymous", "applicant", "refused", "member"])
def test_header_offers_members_entries_only_to_members(client, login, who):
    if who == "anonymous":
        response = client.get("/annuaire/")
    else:
        user = _nurse(approved=who == "member")
        if who == "refused":
            services.refuse(user.membership, reason="Numéro introuvable.")
        response = login(user).get("/annuaire/")
    header = _header(response.content.decode())
    assert 'href="/annuaire/"' in header and 'href="/protocoles/"' in header
    for path in MEMBER_ENTRIES:
        assert (f'href="{path}"' in header) is (who == "member"), path


def _bureau():
    user = _nurse(approved=True)
    services.make_bureau(user)
    # Staff accounts must use two-factor authentication, except demo accounts.
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    return user


def test_admin_home_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_home_is_closed_to_a_member(login):
    response = login(_nurse(approved=True)).get("/admin/")
    assert_sent_to_admin_login(response, "/admin/")


def test_admin_home_tells_the_bureau_about_applications_waiting(login):
    bureau = _bureau()
    client = login(bureau)
    assert "Demandes d'adhésion à examiner" not in client.get("/admin/").content.decode()
    _nurse()
    _nurse()
    body = client.get("/admin/").content.decode()
    assert "Demandes d'adhésion à examiner" in body
    assert "2 demandes d'adhésion attendent la décision du bureau." in body
    assert 'href="/admin/adhesions/"' in body
