"""How the site refuses, asserted in one place (tests/security/test_permission_matrix.py
holds the statuses per role; these say where a refusal leads and what it tells).

Wagtail's admin answers every refusal with a redirect, never a 403 page:
- without admin access (a visitor, or a member who is not staff) to the admin login page,
  a signed-in member with the message NO_ADMIN_ACCESS;
- with admin access but not the right for that screen to the admin home, with NOT_THIS_AREA.
"""

from html import unescape
from urllib.parse import quote, urlencode

from django.contrib.messages import get_messages

NO_ADMIN_ACCESS = "Vous n’avez pas l’autorisation d’accéder à l’administration."
NOT_THIS_AREA = "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."


def messages_of(response):
    return [unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


def assert_sent_to_admin_login(response, path):
    """A signed-in member without admin access: back to the admin login, told why."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"/admin/login/?next={quote(path)}", response["Location"]
    assert NO_ADMIN_ACCESS in messages_of(response), messages_of(response)


def assert_sent_to_admin_home(response):
    """Admin access, but not to this screen: the admin home, told why."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/", response["Location"]
    assert NOT_THIS_AREA in messages_of(response), messages_of(response)


def assert_sent_to_enrol_two_factor(response, path):
    """Whoever may enter the admin (staff, superusers, ``wagtailadmin.access_admin``), demo
    accounts apart, is first sent to enrol a TOTP authenticator (portal.members.middleware);
    others opening /admin/ are refused by Wagtail (assert_sent_to_admin_login)."""
    assert response.status_code == 302, response.status_code
    expected = "/compte/2fa/totp/activate/?" + urlencode({"next": path})
    assert response["Location"] == expected, response["Location"]
