"""The bureau's screens in the Wagtail admin refuse as the rest of the admin does (issue 18).

Bureau-only by the access mixin (portal.members.access.AdminBureauRequiredMixin: the
moderation queue and its actions, the space editors) or by a permission only the bureau's
role holds (memberships, territory, freshness report, directory export): one way for all of
them. A visitor goes to the admin login; a member without admin access too, told so; staff who
may enter the admin but are not the bureau go to the admin home, told they may not enter this
area; the bureau comes in.
"""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission

from community.factories import MutualAidRequestFactory
from community.services import moderation
from portal.members.factories import UserFactory
from portal.pages.models import ProfessionSpacePage
from tests.people import enrol_totp
from tests.refusals import (
    NO_ADMIN_ACCESS,
    assert_sent_to_admin_home,
    assert_sent_to_admin_login,
    messages_of,
)

pytestmark = pytest.mark.django_db

# (method, path): every bureau-only screen registered with register_admin_urls.
BY_THE_MIXIN = [
    ("get", "/admin/signalements/"),
    ("post", "/admin/signalements/{report}/"),
    ("get", "/admin/espaces/editeurs/"),
    ("post", "/admin/espaces/editeurs/"),
]
BY_PERMISSION = [
    ("get", "/admin/adhesions/"),
    ("get", "/admin/espaces/commissions/"),
    ("get", "/admin/territoire/"),
    ("get", "/admin/annuaire/fraicheur/"),
    ("get", "/admin/annuaire/export.csv"),
]
SCREENS = BY_THE_MIXIN + BY_PERMISSION


@pytest.fixture
def report(people):
    aid = MutualAidRequestFactory(author=people.medecin)
    return moderation.report("aid", aid.pk, by=people.infirmiere, reason="offensive")


@pytest.fixture
def staff():
    """Staff who may enter the admin (with two-factor, so the middleware lets them by) but are
    not the bureau."""
    user = enrol_totp(UserFactory(is_staff=True))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def _open(client, method, path):
    return getattr(client, method)(path)


@pytest.fixture
def screens(report):
    return [(method, path.format(report=report.pk)) for method, path in SCREENS]


def test_a_visitor_is_sent_to_the_admin_login(client, screens):
    for method, path in screens:
        response = _open(client, method, path)
        assert_sent_to_admin_login_without_message(response, path)


def assert_sent_to_admin_login_without_message(response, path):
    """A visitor is sent where a member without admin access is, told nothing."""
    assert response.status_code == 302, (path, response.status_code)
    assert response["Location"] == f"/admin/login/?next={quote(path)}", response["Location"]
    assert NO_ADMIN_ACCESS not in messages_of(response)


def test_a_member_is_sent_to_the_admin_login(login, people, screens):
    client = login(people.medecin)
    for method, path in screens:
        assert_sent_to_admin_login(_open(client, method, path), path)


@pytest.mark.parametrize(("method", "path"), SCREENS)
def test_staff_who_are_not_the_bureau_go_to_the_admin_home(login, staff, report, method, path):
    path = path.format(report=report.pk)
    response = _open(login(staff), method, path)
    assert_sent_to_admin_home(response)
    report.refresh_from_db()
    assert report.status == report.Status.PENDING  # the refused action changed nothing


def test_staff_without_admin_access_are_sent_to_the_admin_login(login, screens):
    client = login(enrol_totp(UserFactory(is_staff=True)))
    for method, path in screens:
        assert_sent_to_admin_login(_open(client, method, path), path)


def test_a_background_request_is_refused_with_a_403(login, staff):
    response = login(staff).get("/admin/signalements/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403


def test_the_bureau_comes_in(login, people, report):
    client = login(people.bureau)  # enrolled in two-factor
    for path in [
        "/admin/signalements/",
        "/admin/espaces/editeurs/",
        "/admin/adhesions/",
        "/admin/espaces/commissions/",
        "/admin/territoire/",
        "/admin/annuaire/fraicheur/",
        "/admin/annuaire/export.csv",
    ]:
        assert client.get(path).status_code == 200, path
    response = client.post(f"/admin/signalements/{report.pk}/", {"action": "dismiss"})
    assert response.status_code == 302 and response["Location"] == "/admin/signalements/"
    report.refresh_from_db()
    assert report.status == report.Status.DISMISSED
    space = ProfessionSpacePage.objects.get(profession__slug="kinesitherapeutes")
    data = {"space": space.pk, "action": "add", "email": people.medecin.email}
    response = client.post("/admin/espaces/editeurs/", data)
    assert response.status_code == 302 and response["Location"] == "/admin/espaces/editeurs/"
    assert people.medecin.groups.filter(pk=space.editors_group_id).exists()
