"""Who is asked to enrol two-factor: only people the Wagtail admin would let in (issue 18).

Staff, superusers and the bureau everywhere; anyone with ``wagtailadmin.access_admin`` (the bureau, every
commission's group: portal.members.roles) when opening /admin/. A member without admin access
who opens /admin/ is refused the way Wagtail refuses them, never asked to enrol.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from portal.members.factories import MembershipFactory, bureau_member
from portal.members.middleware import SESSION_KEY, RequireTwoFactorMiddleware
from portal.members.models import User
from portal.members.services import bureau_group
from portal.members.viewer import Viewer
from tests.refusals import assert_sent_to_admin_login, assert_sent_to_enrol_two_factor

pytestmark = pytest.mark.django_db

# The admin home, the bureau's memberships list, its moderation queue.
ADMIN_PATHS = ["/admin/", "/admin/adhesions/", "/admin/signalements/"]


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_a_member_without_admin_access_is_refused_the_wagtail_way(login, people, path):
    client = login(people.medecin)
    response = client.get(path)
    assert_sent_to_admin_login(response, path)
    assert not client.session.get(SESSION_KEY)


def test_a_refused_member_is_never_sent_to_enrol(login, people):
    client = login(people.medecin)
    client.get("/admin/")
    # Following Wagtail's redirect: its login page, not the enrolment page.
    response = client.get("/admin/", follow=True)
    assert [url for url, _status in response.redirect_chain] == ["/admin/login/?next=/admin/"]
    assert "/compte/2fa/" not in response.content.decode()


def test_commission_roles_grant_admin_access():
    """What the two next tests rely on, stated: commissions draft and validate in the admin."""
    from portal.members.roles import ADMIN_ACCESS, COMMISSION_PERMISSIONS

    assert ADMIN_ACCESS in COMMISSION_PERMISSIONS


@pytest.mark.parametrize("who", ["commission_member", "commission_helper"])
def test_commission_members_are_sent_to_enrol(login, people, who):
    person = getattr(people, who)
    assert person.has_perm("wagtailadmin.access_admin")
    assert not person.is_staff
    assert_sent_to_enrol_two_factor(login(person).get("/admin/"), "/admin/")


def test_commission_members_are_not_stopped_outside_the_admin(login, people):
    client = login(people.commission_member)
    assert client.get("/espace-membres/").status_code == 200


def test_the_bureau_is_sent_to_enrol_on_any_page(login):
    officer = bureau_member()
    client = login(officer)
    assert_sent_to_enrol_two_factor(client.get("/admin/"), "/admin/")
    assert_sent_to_enrol_two_factor(client.get("/annuaire/"), "/annuaire/")


def test_a_bureau_member_not_marked_staff_is_sent_to_enrol_on_any_page(login):
    """Wagtail's user form offers the groups but not ``is_staff``: an officer added to the
    Bureau group there is still the bureau, and still asked to enrol before acting as one."""
    officer = MembershipFactory(approved=True).user
    officer.groups.add(bureau_group())
    assert not officer.is_staff
    client = login(officer)
    assert_sent_to_enrol_two_factor(client.get("/annuaire/"), "/annuaire/")
    assert_sent_to_enrol_two_factor(client.get("/protocoles/"), "/protocoles/")


def test_the_enrolled_bureau_enters_the_admin(login, people):
    client = login(people.bureau)
    assert client.get("/admin/").status_code == 200
    assert client.session[SESSION_KEY] is True


def _request(user, path):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    return request


def test_ordinary_pages_cost_no_query(people, django_assert_num_queries):
    """For a member outside /admin/ (the viewer's one groups query says whether this is the
    bureau; the member menu reads the same answer), and for anyone once enrolment is
    remembered."""
    middleware = RequireTwoFactorMiddleware(lambda request: HttpResponse("page"))
    member = _request(people.medecin, "/annuaire/")
    member.viewer = Viewer(people.medecin)
    with django_assert_num_queries(1):
        assert middleware(member).status_code == 200
    with django_assert_num_queries(0):
        assert member.viewer.is_bureau is False  # the menu's question, answered already
        assert middleware(_request(AnonymousUser(), "/admin/")).status_code == 200
        remembered = _request(people.bureau, "/admin/")
        remembered.session[SESSION_KEY] = True
        assert middleware(remembered).status_code == 200


def test_the_admin_check_is_the_one_wagtail_reads(people, django_assert_num_queries):
    """On /admin/, the middleware's permission check fills the cache Wagtail's check reads:
    refusing a member costs no query more than Wagtail alone."""
    answers = []

    def wagtail(request):
        with django_assert_num_queries(0):
            answers.append(request.user.has_perm("wagtailadmin.access_admin"))
        return HttpResponse("admin")

    member = User.objects.get(pk=people.medecin.pk)  # no permission read yet
    response = RequireTwoFactorMiddleware(wagtail)(_request(member, "/admin/"))
    assert response.status_code == 200
    assert answers == [False]
