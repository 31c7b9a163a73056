"""Every visibility rule, on every output: page, search results, map data, vCard.

Each assertion names a value that must not leak; if a rule broke, the value
would appear in the response and the test would fail.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from directory import services
from directory.visibility import MEMBERS, OWNER, PUBLIC, viewer_level, visible_contact

from .conftest import (
    HIDDEN_MSSANTE,
    HIDDEN_SITE_PHONE,
    HIDDEN_SITE_PHONE_FR,
    HIDDEN_WEBSITE,
    MEMBERS_ADDRESS,
    MEMBERS_MOBILE,
    MEMBERS_MOBILE_FR,
    PUBLIC_EMAIL,
)

pytestmark = pytest.mark.django_db

OUTPUTS = ["page", "search", "map", "vcard"]


def fetch(client, entry, output):
    url = {
        "page": f"/annuaire/{entry.pk}/",
        "search": "/annuaire/?q=Vernhes",
        "map": "/annuaire/carte.json?q=Vernhes",
        "vcard": f"/annuaire/{entry.pk}/vcard/",
    }[output]
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # A vCard folds long lines (RFC 6350 §3.2): unfold, so a value cut in two is still seen.
    return body.replace("\r\n ", "") if output == "vcard" else body


def hidden_values():
    return [HIDDEN_MSSANTE, HIDDEN_WEBSITE, HIDDEN_SITE_PHONE, HIDDEN_SITE_PHONE_FR]


def members_values():
    return [MEMBERS_MOBILE, MEMBERS_MOBILE_FR, MEMBERS_ADDRESS]


@pytest.mark.parametrize("output", OUTPUTS)
def test_visitor_sees_public_values_only(client, entry, output):
    body = fetch(client, entry, output)
    for value in members_values() + hidden_values():
        assert value not in body, f"{value} leaked to a visitor in {output}"
    if output in ("page", "search", "vcard"):
        assert PUBLIC_EMAIL in body
    assert "Cabinet infirmier des Platanes" in body


@pytest.mark.parametrize("output", OUTPUTS)
def test_member_sees_members_values_but_not_hidden(login, entry, member, output):
    body = fetch(login(member), entry, output)
    for value in hidden_values():
        assert value not in body, f"{value} leaked to a member in {output}"
    if output == "map":
        assert MEMBERS_ADDRESS in body
    elif output == "vcard":
        assert MEMBERS_MOBILE in body and MEMBERS_ADDRESS in body
    else:
        assert MEMBERS_MOBILE_FR in body and MEMBERS_ADDRESS in body


@pytest.mark.parametrize("output", ["page", "vcard"])
def test_owner_sees_everything(login, entry, output):
    body = fetch(login(entry.user), entry, output)
    assert HIDDEN_MSSANTE in body and HIDDEN_WEBSITE in body


def test_owner_preview_as_visitor_hides_the_rest(login, entry):
    body = login(entry.user).get(f"/annuaire/{entry.pk}/?vue=public").content.decode()
    assert PUBLIC_EMAIL in body
    for value in members_values() + hidden_values():
        assert value not in body


def test_pending_applicant_is_a_visitor(login, entry, pending_user):
    body = fetch(login(pending_user), entry, "page")
    for value in members_values() + hidden_values():
        assert value not in body


def test_suspended_member_loses_members_values(login, entry, member):
    from portal.members.services import suspend

    suspend(member.membership, reason="test")
    body = fetch(login(member), entry, "page")
    assert MEMBERS_MOBILE_FR not in body


def test_delegate_sees_everything_until_revoked(login, entry, member):
    services.grant_delegate(entry, member)
    assert HIDDEN_MSSANTE in fetch(login(member), entry, "page")
    services.revoke_delegate(entry, member)
    member.refresh_from_db()
    assert HIDDEN_MSSANTE not in fetch(login(member), entry, "page")


def test_map_hides_precise_position_when_address_is_members_only(client, entry):
    markers = client.get("/annuaire/carte.json?q=Vernhes").json()["markers"]
    gignac = next(m for m in markers if "Platanes" in m["lines"][0])
    # The members-only address's coordinates (43.6601, 3.5601) give way to the commune's centre.
    assert (gignac["lat"], gignac["lng"]) != (43.6601, 3.5601)
    assert gignac["precise"] is False


def test_visible_contact_levels(entry, member, bureau_user):
    assert viewer_level(AnonymousUser(), entry) == PUBLIC
    assert viewer_level(member, entry) == MEMBERS
    assert viewer_level(entry.user, entry) == OWNER
    assert viewer_level(bureau_user, entry) == OWNER
    public = visible_contact(entry, AnonymousUser())
    assert public["email"] == PUBLIC_EMAIL
    assert public["mobile"] == "" and public["mssante"] == "" and public["website"] == ""
    assert public["locum_periods"] == []
    members = visible_contact(entry, member)
    assert members["mobile"] == MEMBERS_MOBILE and members["mssante"] == ""
    owner = visible_contact(entry, entry.user)
    assert owner["mssante"] == HIDDEN_MSSANTE
    assert owner["sites"][1]["phone"] == HIDDEN_SITE_PHONE


def test_unapproved_entry_is_not_listed(client, entry):
    from portal.members.services import suspend

    suspend(entry.user.membership, reason="test")
    assert client.get(f"/annuaire/{entry.pk}/").status_code == 404
    assert "Platanes" not in client.get("/annuaire/?q=Vernhes").content.decode()
