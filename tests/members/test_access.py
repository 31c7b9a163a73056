"""Who reaches the member space and the Wagtail admin; decisions of the bureau."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from portal.members import services
from portal.members.factories import (
    DEMO_PASSWORD,
    MembershipFactory,
    UserFactory,
    bureau_member,
)
from portal.members.models import MEMBERS_GROUP, AssociationSettings, Membership, Profession
from portal.pages.factories import NewsPageFactory
from tests.people import enrol_totp
from tests.refusals import assert_sent_to_admin_login

MEMBER_SPACE = "/espace-membres/"


def test_healthz_answers_without_the_database(client):
    # No db fixture: pytest-django makes any database access raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_page_is_french_with_news_and_join_link(client, db):
    association = AssociationSettings.load()
    association.name = "Maillage Cœur d'Hérault"
    association.save()
    NewsPageFactory(title="Assemblée générale 2026")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maillage Cœur d&#x27;Hérault" in html
    assert "Actualités" in html
    assert "Assemblée générale 2026" in html
    assert reverse("account_signup") in html


@pytest.mark.django_db
def test_visitor_is_sent_to_login(client):
    response = client.get(MEMBER_SPACE)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("bureau", 200),
        ("medecin", 200),
        ("infirmiere", 200),
        ("commission_member", 200),
        ("candidat", 403),
    ],
)
def test_member_space_per_role(people, login, role, status):
    response = login(getattr(people, role)).get(MEMBER_SPACE)
    assert response.status_code == status
    if status == 403:
        assert "en attente de validation" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("bureau", 200),
        ("commission_member", 200),  # commissions draft protocols in the admin
        ("medecin", 200),  # validator of the Informatique commission (below)
        ("infirmiere-not-in-commission", 302),
        ("candidat", 302),
    ],
)
def test_wagtail_admin_per_role(people, login, role, status):
    informatique = services.create_commission(name="Informatique", slug="informatique")
    services.set_validator(informatique, people.medecin)
    if role == "infirmiere-not-in-commission":
        user = MembershipFactory(
            approved=True, profession=Profession.objects.get(slug="infirmiers")
        ).user
    else:
        user = getattr(people, role)
    # Everyone has a second factor: what decides here is the admin access, not enrolment.
    if not Authenticator.objects.filter(user=user).exists():
        enrol_totp(user)
    response = login(user).get("/admin/")
    assert response.status_code == status
    if status == 302:
        assert_sent_to_admin_login(response, "/admin/")


@pytest.fixture
def bureau_user(db):
    return bureau_member(user__is_demo_account=True)  # staff: no TOTP asked, as in the demo


def test_membership_list_is_for_the_bureau_only(login, bureau_user):
    applicant = MembershipFactory(user__last_name="Pradal").user
    member = MembershipFactory(approved=True).user
    # A member without admin access is refused by the admin, not asked to enrol two-factor.
    path = reverse("members_admin:list")
    assert_sent_to_admin_login(login(member).get(path), path)
    response = login(bureau_user).get(reverse("members_admin:list"))
    assert response.status_code == 200
    assert applicant.last_name in response.content.decode()  # the pending applicant


def test_refusal_needs_a_reason_and_is_mailed(
    login, bureau_user, django_capture_on_commit_callbacks
):
    candidat = MembershipFactory().user
    client = login(bureau_user)
    url = reverse("members_admin:decide", args=[candidat.membership.pk])
    response = client.post(url, {"action": "refuse", "reason": ""})
    assert response.status_code == 200
    assert "Indiquez le motif" in response.content.decode()
    candidat.membership.refresh_from_db()
    assert candidat.membership.status == Membership.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"action": "refuse", "reason": "Exercice hors du territoire de l'association."}
        )
    candidat.membership.refresh_from_db()
    assert candidat.membership.status == Membership.Status.REFUSED
    sent = [m for m in mail.outbox if m.to == [candidat.email]]
    assert len(sent) == 1
    assert "Exercice hors du territoire de l'association." in sent[0].body


def test_suspension_removes_access_at_the_next_request(
    login, bureau_user, django_capture_on_commit_callbacks
):
    member = MembershipFactory(approved=True).user
    client = login(member)
    assert client.get(MEMBER_SPACE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(member.membership, reason="Cotisation impayée.", by=bureau_user)
    # The open session ends (issue 14); signing in again shows why access is gone.
    response = client.get(MEMBER_SPACE)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    member.refresh_from_db()
    client = login(member)
    response = client.get(MEMBER_SPACE)
    assert response.status_code == 403
    assert "suspendue" in response.content.decode()
    assert not member.groups.filter(name=MEMBERS_GROUP).exists()
    assert any(m.to == [member.email] for m in mail.outbox)

    services.reinstate(member.membership)
    assert client.get(MEMBER_SPACE).status_code == 200


def test_profession_spaces_are_for_their_profession_and_the_bureau(people, login):
    assert login(people.infirmiere).get("/metiers/infirmiers/").status_code == 200
    response = login(people.medecin).get("/metiers/infirmiers/")
    assert response.status_code == 403
    assert "réservé aux infirmiers" in response.content.decode()
    assert login(people.bureau).get("/metiers/infirmiers/").status_code == 200


def test_two_factor_is_required_for_the_bureau_except_demo_accounts(db, login):
    officer = UserFactory(is_staff=True)
    services.make_bureau(officer)
    client = login(officer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Any page, not only the admin: the bureau cannot skip enrolment by URL.
    assert client.get(MEMBER_SPACE)["Location"].startswith(reverse("mfa_activate_totp"))
    # The enrolment page itself stays reachable: allauth first asks for the password again,
    # as a session opened without typing it (force_login) has no recent authentication.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert (
        response["Location"] == "/compte/reauthenticate/?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F"
    )
    Authenticator.objects.create(user=officer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/admin/").status_code == 200
    # A demo account of the bureau is exempt (no authenticator).
    demo_officer = bureau_member(user__is_demo_account=True)
    assert not Authenticator.objects.filter(user=demo_officer).exists()
    assert login(demo_officer).get("/admin/").status_code == 200


def test_two_factor_is_required_for_anyone_entering_the_admin(people, login):
    user = MembershipFactory(approved=True, profession=Profession.objects.get(slug="medecins")).user
    services.add_commission_member(people.commission, user)
    response = login(user).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_failed_logins_lock_the_account_for_a_while(client, people):
    url = reverse("account_login")
    email = people.medecin.email
    for _attempt in range(5):
        response = client.post(url, {"login": email, "password": "mauvais-mot-de-passe"})
        assert response.status_code == 200
    # Even the right password is refused while the account is locked.
    response = client.post(url, {"login": email, "password": DEMO_PASSWORD})
    # allauth's "login_failed" limit (5 per 5 minutes per account) answers the form again
    # with its French message; the request-count limit (429) is not what is tested here.
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_password_logs_in(client, people):
    """The sign-in form with the member's password (the factories' one) opens the space."""
    response = client.post(
        reverse("account_login"), {"login": people.medecin.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(MEMBER_SPACE).status_code == 200


def test_a_commission_created_in_the_admin_lets_its_members_draft(client, db):
    """The bureau adds a commission as a snippet: its group gets the admin access at once,
    without waiting for the next ``setup_portal``."""
    from portal.members.models import Commission

    bureau = UserFactory(is_demo_account=True)  # exempt from two-factor enrolment
    services.make_bureau(bureau)
    client.force_login(bureau)
    response = client.post(
        "/admin/snippets/members/commission/add/",
        {"name": "Soins palliatifs", "slug": "soins-palliatifs", "purpose": "Parcours."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    commission = Commission.objects.get(slug="soins-palliatifs")
    assert commission.group.permissions.filter(codename="access_admin").exists()
    member = UserFactory(is_demo_account=True)
    services.add_commission_member(commission, member)
    client.force_login(member)
    assert client.get("/admin/").status_code == 200
