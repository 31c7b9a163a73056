"""The edit page: access levels, validation messages that keep input, delegates, confirmation."""

import pytest
from django.urls import reverse

from directory import services
from directory.models import PracticeSite, Visibility

pytestmark = pytest.mark.django_db


def form_data(profile, **overrides):
    """A complete POST for the edit page, from the entry as it is."""
    sites = list(profile.sites.all())
    data = {
        "fiche-civility": profile.civility,
        "fiche-specialties": "diabète, soins palliatifs",
        "fiche-languages": ["fr", "oc"],
        "fiche-photo_visibility": "members",
        "fiche-mobile": "06 11 22 33 44",
        "fiche-mobile_visibility": "members",
        "fiche-email": "cabinet@exemple.test",
        "fiche-email_visibility": "public",
        "fiche-mssante": "",
        "fiche-mssante_visibility": "members",
        "fiche-website": "",
        "fiche-website_visibility": "members",
        "fiche-home_visits": "on",
        "fiche-accepts_new_patients": "True",
        "lieux-TOTAL_FORMS": str(len(sites) + 1),
        "lieux-INITIAL_FORMS": str(len(sites)),
        "lieux-MIN_NUM_FORMS": "0",
        "lieux-MAX_NUM_FORMS": "5",
        "remplacements-TOTAL_FORMS": "1",
        "remplacements-INITIAL_FORMS": "0",
        "remplacements-MIN_NUM_FORMS": "0",
        "remplacements-MAX_NUM_FORMS": "12",
    }
    for index, site in enumerate(sites):
        prefix = f"lieux-{index}-"
        data.update(
            {
                prefix + "id": site.pk,
                prefix + "profile": profile.pk,
                prefix + "name": site.name,
                prefix + "address": site.address,
                prefix + "address_visibility": site.address_visibility,
                prefix + "postcode": site.postcode,
                prefix + "commune": site.commune,
                prefix + "phone": str(site.phone),
                prefix + "phone_visibility": site.phone_visibility,
                prefix + "opening_notes": site.opening_notes,
                prefix + "latitude": site.latitude or "",
                prefix + "longitude": site.longitude or "",
                prefix + "position": site.position,
            }
        )
    # The empty extra form as a browser sends it: its selects keep their defaults.
    extra = f"lieux-{len(sites)}-"
    data.update(
        {
            extra + "address_visibility": "members",
            extra + "phone_visibility": "members",
            extra + "position": "0",
        }
    )
    data.update(overrides)
    return data


# --- access levels ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("directory:entry-edit"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_pending_applicant_gets_403(login, pending_user):
    assert login(pending_user).get(reverse("directory:entry-edit")).status_code == 403


def test_member_edits_own_entry(login, entry):
    assert login(entry.user).get(reverse("directory:entry-edit")).status_code == 200


def test_other_member_cannot_edit(login, entry, member):
    client = login(member)
    assert client.get(reverse("directory:entry-edit-other", args=[entry.pk])).status_code == 403
    assert (
        client.post(
            reverse("directory:entry-edit-other", args=[entry.pk]), form_data(entry)
        ).status_code
        == 403
    )
    assert client.post(reverse("directory:entry-confirm", args=[entry.pk])).status_code == 403


def test_anonymous_other_edit_is_sent_to_login(client, entry):
    assert client.get(reverse("directory:entry-edit-other", args=[entry.pk])).status_code == 302


def test_bureau_edits_every_entry(login, entry, bureau_user):
    client = login(bureau_user)
    assert client.get(reverse("directory:entry-edit-other", args=[entry.pk])).status_code == 200


def test_delegate_edits_then_loses_the_right(login, entry, member):
    url = reverse("directory:entry-edit-other", args=[entry.pk])
    services.grant_delegate(entry, member)
    client = login(member)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(entry, **{"fiche-email": "secretariat@exemple.test"}))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.email == "secretariat@exemple.test"
    services.revoke_delegate(entry, member)
    assert client.get(url).status_code == 403


# --- delegates through the page --------------------------------------------------------------


def test_owner_grants_and_revokes_a_delegate(login, entry, member):
    client = login(entry.user)
    url = reverse("directory:entry-delegates", args=[entry.pk])
    response = client.post(url, {"action": "grant", "email": member.email.upper()})
    assert response.status_code == 302
    assert member.has_perm("directory.change_profile", entry)
    assert list(services.delegates_of(entry)) == [member]
    response = client.post(url, {"action": "revoke", "user": member.pk})
    assert response.status_code == 302
    member = type(member).objects.get(pk=member.pk)  # fresh permission cache
    assert not member.has_perm("directory.change_profile", entry)
    assert list(services.delegates_of(entry)) == []


def test_grant_to_unknown_email_is_explained(login, entry):
    response = login(entry.user).post(
        reverse("directory:entry-delegates", args=[entry.pk]),
        {"action": "grant", "email": "personne@nulle.part"},
    )
    assert response.status_code == 400
    assert "Aucun compte n" in response.content.decode()
    assert "personne@nulle.part" in response.content.decode()


def test_delegate_cannot_grant_others(login, entry, member, bureau_user):
    services.grant_delegate(entry, member)
    response = login(member).post(
        reverse("directory:entry-delegates", args=[entry.pk]),
        {"action": "grant", "email": bureau_user.email},
    )
    assert response.status_code == 403


def test_delegate_rows_go_away_with_the_entry(entry, member):
    from directory.models import ProfileUserObjectPermission

    services.grant_delegate(entry, member)
    assert ProfileUserObjectPermission.objects.filter(content_object=entry).count() == 1
    entry.delete()
    assert ProfileUserObjectPermission.objects.count() == 0


# --- saving and validation ---------------------------------------------------------------------


def test_save_stores_e164_and_shows_french_format(login, entry):
    client = login(entry.user)
    data = form_data(
        entry,
        **{
            "fiche-mobile": "06 98 76 54 32",
            "lieux-2-commune": "Lodève",
            "lieux-2-name": "Permanence de Lodève",
            "lieux-2-phone": "04.67.44.00.11",
            "lieux-2-phone_visibility": "public",
            "lieux-2-address_visibility": "public",
            "lieux-2-position": "2",
            "remplacements-0-start": "2027-07-01",
            "remplacements-0-end": "2027-07-15",
        },
    )
    response = client.post(reverse("directory:entry-edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert str(entry.mobile) == "+33698765432"
    assert entry.language_list == ["fr", "oc"]
    assert sorted(entry.tag_names) == ["diabète", "soins palliatifs"]
    site = PracticeSite.objects.get(profile=entry, commune="Lodève")
    assert str(site.phone) == "+33467440011"
    assert site.latitude is not None  # placed at the commune's centre
    assert entry.locum_periods.count() == 1
    page = client.get(reverse("directory:entry-edit")).content.decode()
    assert "06 98 76 54 32" in page and "04 67 44 00 11" in page


def test_refused_values_are_explained_and_kept(login, entry):
    client = login(entry.user)
    data = form_data(
        entry,
        **{
            "fiche-mobile": "06 12",
            "fiche-email": "pas-une-adresse",
            "fiche-mssante": "odile@gmail.com",
            "fiche-website": "pas un site",
            "fiche-specialties": "diabète, gériatrie",
            "remplacements-0-start": "2027-07-15",
            "remplacements-0-end": "2027-07-01",
        },
    )
    response = client.post(reverse("directory:entry-edit"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ce numéro de téléphone n&#x27;est pas valide" in body
    assert "mssante.fr" in body and "odile@gmail.com" in body
    assert 'value="06 12"' in body and 'value="pas-une-adresse"' in body and "gériatrie" in body
    assert "La fin de la période doit être après son début" in body
    assert 'aria-invalid="true"' in body
    entry.refresh_from_db()
    assert entry.email != "pas-une-adresse"


def test_text_with_a_social_security_number_is_refused(login, entry):
    data = form_data(entry, **{"lieux-0-opening_notes": "Patient 1 84 12 75 108 042 31 à rappeler"})
    response = login(entry.user).post(reverse("directory:entry-edit"), data)
    assert response.status_code == 400
    assert "numéro de sécurité sociale" in response.content.decode()


def test_visibility_change_applies_at_once(login, client, entry):
    login(entry.user).post(
        reverse("directory:entry-edit"),
        form_data(entry, **{"fiche-mobile_visibility": Visibility.PUBLIC}),
    )
    client.logout()
    assert (
        "06 11 22 33 44" in client.get(reverse("directory:entry", args=[entry.pk])).content.decode()
    )


def test_confirm_sets_confirmed_at(login, entry):
    entry.confirmed_at = None  # the factory's entries are confirmed
    entry.save(update_fields=["confirmed_at"])
    response = login(entry.user).post(reverse("directory:entry-confirm", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.confirmed_at is not None
    assert (
        "Fiche confirmée le"
        in login(entry.user).get(reverse("directory:entry", args=[entry.pk])).content.decode()
    )


def test_profile_created_on_approval(db):
    from portal.members.factories import MembershipFactory

    membership = MembershipFactory(commune="Lodève")
    assert not hasattr(membership.user, "profile") or membership.user.profile is None
    from portal.members.services import approve

    approve(membership, notify=False)
    membership.user.refresh_from_db()
    site = membership.user.profile.sites.get()
    assert site.commune == "Lodève" and site.postcode == "34700"
