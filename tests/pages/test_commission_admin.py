"""The bureau manages commission members and validators; rights stay per commission."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.members import services
from portal.members.factories import CommissionFactory, MembershipFactory, bureau_member
from portal.members.models import Profession
from portal.members.services import is_validator
from portal.pages.models import ProfessionSpacePage
from portal.pages.services import add_space_editor
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_enrol_two_factor

URL = "/admin/espaces/commissions/"


@pytest.fixture
def people(db):
    """Two commissions and the people around them, from the factories: the bureau, a nurse
    member of Coordination and editor of her space, a physiotherapist validating for
    Coordination, a doctor validating for Informatique, and a member in none."""

    def member(slug, **user):
        profession = Profession.objects.get(slug=slug)
        return MembershipFactory(approved=True, profession=profession, **user).user

    coordination = CommissionFactory(name="Coordination", slug="coordination")
    informatique = CommissionFactory(name="Informatique", slug="informatique")
    bureau = bureau_member(user__is_demo_account=True)  # staff: no TOTP asked
    nurse = member("infirmiers")
    services.add_commission_member(coordination, nurse)
    add_space_editor(ProfessionSpacePage.objects.get(profession=nurse.membership.profession), nurse)
    validator = member("kinesitherapeutes", user__is_demo_account=True)
    services.set_validator(coordination, validator)
    doctor = member("medecins")
    services.set_validator(informatique, doctor)
    return SimpleNamespace(
        coordination=coordination,
        informatique=informatique,
        bureau=bureau,
        nurse=nurse,
        validator=validator,
        doctor=doctor,
        newcomer=member("pharmaciens"),
    )


def test_url_contract():
    assert reverse("pages_admin:commission-members") == URL


def test_access_levels(client, login, people):
    assert client.get(URL).status_code == 302  # visitor: admin login
    # A factory member is no demo account: the admin first asks for two-factor enrolment.
    assert_sent_to_enrol_two_factor(login(people.nurse).get(URL), URL)
    client.logout()
    response = login(people.bureau).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Coordination" in body
    assert "Informatique" in body
    assert people.validator.email in body


def test_add_member_toggle_validator_remove(login, people):
    coordination, informatique, newcomer = people.coordination, people.informatique, people.newcomer
    client = login(people.bureau)

    response = client.post(
        URL, {"commission": coordination.pk, "action": "add", "email": newcomer.email.upper()}
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


def test_validators_are_per_commission(people):
    coordination, informatique = people.coordination, people.informatique
    doctor, kine = people.doctor, people.validator
    assert is_validator(doctor, informatique)
    assert not is_validator(doctor, coordination)
    assert is_validator(kine, coordination)
    assert not is_validator(kine, informatique)


def test_unknown_email_is_reported(login, people):
    coordination = people.coordination
    client = login(people.bureau)
    count = coordination.members.count()
    response = client.post(
        URL,
        {"commission": coordination.pk, "action": "add", "email": "personne@exemple.fr"},
        follow=True,
    )
    assert "Aucun compte avec l&#x27;adresse" in response.content.decode()
    assert coordination.members.count() == count


def test_commission_member_cannot_manage(login, people):
    """A validator of a commission is not the bureau: no membership management."""
    coordination, newcomer = people.coordination, people.newcomer
    response = login(people.validator).post(
        URL, {"commission": coordination.pk, "action": "add", "email": newcomer.email}
    )
    assert_sent_to_admin_home(response)
    assert not coordination.members.filter(pk=newcomer.pk).exists()


def test_space_editors_admin(client, login, people):
    bureau = people.bureau
    url = reverse("pages_admin:space-editors")
    space = ProfessionSpacePage.objects.get(profession__slug="kinesitherapeutes")
    assert_sent_to_enrol_two_factor(login(people.doctor).get(url), url)
    client.logout()
    admin = login(bureau)
    assert people.nurse.email in admin.get(url).content.decode()
    edit_page = admin.get(reverse("wagtailadmin_pages:edit", args=[space.pk])).content.decode()
    assert f"{url}#space-{space.pk}" in edit_page  # the "Éditeurs de l'espace" header button
    kine = people.validator
    admin.post(url, {"space": space.pk, "action": "add", "email": kine.email})
    assert kine.groups.filter(pk=space.editors_group_id).exists()
    client.logout()
    assert login(kine).get(reverse("wagtailadmin_pages:edit", args=[space.pk])).status_code == 200
    client.logout()
    login(bureau).post(url, {"space": space.pk, "action": "remove", "user": kine.pk})
    assert not kine.groups.filter(pk=space.editors_group_id).exists()
