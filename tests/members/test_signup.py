"""From sign-up to the member space, through e-mail verification and approval."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.members.factories import ProfessionFactory, make_rpps
from portal.members.models import MEMBERS_GROUP, Membership, User
from portal.members.validators import luhn_check_digit

PASSWORD = "Sangonis-velo-34725!"


@pytest.fixture
def nurse_profession(db):
    return ProfessionFactory(name="Infirmier", plural="infirmiers", slug="infirmiers", code="60")


@pytest.fixture
def adeli_profession(db):
    return ProfessionFactory(
        name="Psychomotricien",
        plural="psychomotriciens",
        slug="psychomotriciens",
        code="96",
        register="adeli",
    )


def signup_data(profession, **overrides):
    data = {
        "first_name": "Hélène",
        "last_name": "Vidal",
        "email": "helene.vidal@exemple.test",
        "profession": profession.pk,
        "registration_number": make_rpps(seed=424242),
        "commune": "Lodève",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "charter": "on",
    }
    data.update(overrides)
    return data


def test_signup_page_is_french_and_labelled(client, nurse_profession):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    for field in (
        "first_name",
        "last_name",
        "email",
        "profession",
        "registration_number",
        "commune",
        "charter",
    ):
        assert f'for="id_{field}"' in html


def test_full_path_signup_verify_approve_member_space(
    client, people, django_capture_on_commit_callbacks
):
    bureau = people.bureau  # enrolled in two-factor: the admin lets them in
    nurse = people.infirmiere.membership.profession
    response = client.post(reverse("account_signup"), signup_data(nurse))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="helene.vidal@exemple.test")
    membership = user.membership
    assert membership.status == Membership.Status.PENDING
    assert membership.commune == "Lodève"
    assert membership.rpps == make_rpps(seed=424242)
    assert not user.groups.filter(name=MEMBERS_GROUP).exists()

    # The verification e-mail carries the confirmation link.
    sent = [m for m in mail.outbox if m.to == ["helene.vidal@exemple.test"]]
    assert len(sent) == 1
    link = re.search(r"http://testserver(/compte/confirm-email/[^\s]+)", sent[0].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    # Pending: the member space says why it is closed.
    client.force_login(user)
    response = client.get("/espace-membres/")
    assert response.status_code == 403
    assert "en attente de validation" in response.content.decode()
    # ...and the banner says it on every page.
    assert "en attente de validation" in client.get("/").content.decode()

    # The bureau approves in the Wagtail admin.
    mail.outbox.clear()
    client.force_login(bureau)
    response = client.get(reverse("members_admin:list"))
    assert "Vidal" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members_admin:decide", args=[membership.pk]), {"action": "approve"}
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert membership.decided_by == bureau
    assert set(user.groups.values_list("name", flat=True)) >= {MEMBERS_GROUP, nurse.group.name}
    sent = [m for m in mail.outbox if m.to == ["helene.vidal@exemple.test"]]
    assert len(sent) == 1
    assert "validée" in sent[0].subject

    client.force_login(user)
    response = client.get("/espace-membres/")
    assert response.status_code == 200
    assert "Bonjour Hélène" in response.content.decode()


def test_wrong_rpps_key_is_refused_and_input_kept(client, nurse_profession):
    body = "1000765432"
    wrong = body + str((int(luhn_check_digit(body)) + 1) % 10)
    response = client.post(
        reverse("account_signup"), signup_data(nurse_profession, registration_number=wrong)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "clé de contrôle" in html
    assert 'value="Hélène"' in html and 'value="Lodève"' in html and f'value="{wrong}"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="helene.vidal@exemple.test").exists()


def test_duplicate_number_is_refused(client, people):
    existing = people.medecin.membership
    response = client.post(
        reverse("account_signup"),
        signup_data(existing.profession, registration_number=existing.rpps),
    )
    assert response.status_code == 200
    assert "déjà enregistré" in response.content.decode()


def test_duplicate_email_is_refused(client, people):
    medecin = people.medecin
    response = client.post(
        reverse("account_signup"),
        signup_data(medecin.membership.profession, email=medecin.email),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse e-mail" in html
    assert User.objects.filter(email=medecin.email).count() == 1


def test_adeli_only_for_professions_outside_rpps(client, nurse_profession, adeli_profession):
    response = client.post(
        reverse("account_signup"), signup_data(nurse_profession, registration_number="341234567")
    )
    assert "numéro RPPS à 11 chiffres" in response.content.decode()
    response = client.post(
        reverse("account_signup"), signup_data(adeli_profession, registration_number="34 123 4567")
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="helene.vidal@exemple.test").adeli == "341234567"


def test_charter_must_be_accepted(client, nurse_profession):
    data = signup_data(nurse_profession)
    del data["charter"]
    response = client.post(reverse("account_signup"), data)
    assert "accepter la charte" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-1!", "trop court"),
        ("telechargement", "trop courant"),
        ("helene.vidal.exemple", "trop semblable"),
    ],
)
def test_weak_passwords_are_refused(client, nurse_profession, password, message):
    response = client.post(
        reverse("account_signup"),
        signup_data(nurse_profession, password1=password, password2=password),
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_members_group_exists_after_setup(db):
    assert Group.objects.filter(name=MEMBERS_GROUP).exists()
