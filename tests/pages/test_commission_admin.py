"""The bureau manages commission members and validators; rights stay per commission."""

import pytest
from django.urls import reverse

from portal.members.models import Commission
from portal.members.services import is_validator
from tests.refusals import assert_sent_to_admin_home

URL = "/admin/espaces/commissions/"


@pytest.fixture
def coordination(demo):
    return Commission.objects.get(slug="coordination")


@pytest.fixture
def informatique(demo):
    return Commission.objects.get(slug="informatique")


def test_url_contract():
    assert reverse("pages_admin:commission-members") == URL


def test_access_levels(client, login, demo, bureau, infirmiere):
    assert client.get(URL).status_code == 302  # visitor: admin login
    response = login(infirmiere).get(URL)
    assert_sent_to_admin_home(response)
    client.logout()
    response = login(bureau).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Coordination" in body
    assert "Informatique" in body
    assert "commission@exemple.fr" in body


def test_add_member_toggle_validator_remove(login, demo, bureau, coordination, informatique):
    newcomer = demo["membre03@exemple.fr"]
    client = login(bureau)

    response = client.post(
        URL, {"commission": coordination.pk, "action": "add", "email": "MEMBRE03@exemple.fr"}
    )
    assert response.status_code == 302
    assert coordination.members.filter(pk=newcomer.pk).exists()
    assert newcomer.groups.filter(pk=coordination.group_id).exists()
    assert not is_validator(newcomer, coordination)

    client.post(URL, {"commission": coordination.pk, "action": "validator-on", "user": newcomer.pk})
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)  # fresh permission cache
    assert is_validator(newcomer, coordination)
    # Per commission: validating for Coordination gives nothing on Informatique.
    assert not is_validator(newcomer, informatique)

    client.post(
        URL, {"commission": coordination.pk, "action": "validator-off", "user": newcomer.pk}
    )
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert not is_validator(newcomer, coordination)
    assert coordination.members.filter(pk=newcomer.pk).exists()

    client.post(URL, {"commission": coordination.pk, "action": "validator-on", "user": newcomer.pk})
    client.post(URL, {"commission": coordination.pk, "action": "remove", "user": newcomer.pk})
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert not coordination.members.filter(pk=newcomer.pk).exists()
    assert not newcomer.groups.filter(pk=coordination.group_id).exists()
    assert not is_validator(newcomer, coordination)


def test_demo_validators_are_per_commission(demo, coordination, informatique):
    medecin, kine = demo["medecin@exemple.fr"], demo["commission@exemple.fr"]
    assert is_validator(medecin, informatique)
    assert not is_validator(medecin, coordination)
    assert is_validator(kine, coordination)
    assert not is_validator(kine, informatique)


def test_unknown_email_is_reported(login, demo, bureau, coordination):
    client = login(bureau)
    count = coordination.members.count()
    response = client.post(
        URL,
        {"commission": coordination.pk, "action": "add", "email": "personne@exemple.fr"},
        follow=True,
    )
    assert "Aucun compte avec l&#x27;adresse" in response.content.decode()
    assert coordination.members.count() == count


def test_commission_member_cannot_manage(login, demo, commission_member, coordination):
    """A validator of a commission is not the bureau: no membership management."""
    response = login(commission_member).post(
        URL, {"commission": coordination.pk, "action": "add", "email": "membre04@exemple.fr"}
    )
    assert_sent_to_admin_home(response)
    assert not coordination.members.filter(email="membre04@exemple.fr").exists()


def test_space_editors_admin(client, login, demo, bureau, medecin):
    from portal.pages.models import ProfessionSpacePage

    url = reverse("pages_admin:space-editors")
    space = ProfessionSpacePage.objects.get(profession__slug="kinesitherapeutes")
    response = login(medecin).get(url)
    assert_sent_to_admin_home(response)
    client.logout()
    admin = login(bureau)
    assert "infirmiere@exemple.fr" in admin.get(url).content.decode()
    edit_page = admin.get(reverse("wagtailadmin_pages:edit", args=[space.pk])).content.decode()
    assert f"{url}#space-{space.pk}" in edit_page  # the "Éditeurs de l'espace" header button
    kine = demo["commission@exemple.fr"]
    admin.post(url, {"space": space.pk, "action": "add", "email": kine.email})
    assert kine.groups.filter(pk=space.editors_group_id).exists()
    client.logout()
    assert login(kine).get(reverse("wagtailadmin_pages:edit", args=[space.pk])).status_code == 200
    client.logout()
    login(bureau).post(url, {"space": space.pk, "action": "remove", "user": kine.pk})
    assert not kine.groups.filter(pk=space.editors_group_id).exists()
