"""The member's own entry: made when the membership is approved, only read by its page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Profile
from portal.members import services as member_services
from portal.members.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_approval_makes_the_entry_and_the_page_edits_it_from_day_one(client):
    """No demo: an application approved by the bureau, then the member opens their page."""
    membership = MembershipFactory(user=UserFactory(), commune="Gignac")
    assert not Profile.objects.filter(user=membership.user).exists()
    member_services.approve(membership, notify=False)
    profile = Profile.objects.get(user=membership.user)
    assert [site.commune for site in profile.sites.all()] == ["Gignac"]
    member_services.approve(membership, notify=False)  # reinstatement keeps the entry
    assert Profile.objects.filter(user=membership.user).count() == 1
    client.force_login(membership.user)
    response = client.get(reverse("directory:entry-edit"))
    assert response.status_code == 200
    assert response.context["profile"] == profile


def test_a_get_of_the_own_entry_page_writes_nothing(client):
    membership = MembershipFactory(approved=True)
    client.force_login(membership.user)
    client.get("/")  # the session's own first writes happen before
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:entry-edit"))
    assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    assert writes == []


def test_an_approved_member_without_entry_gets_a_404_and_nothing_is_made(client):
    membership = MembershipFactory(approved=True)
    Profile.objects.filter(user=membership.user).delete()
    client.force_login(membership.user)
    assert client.get(reverse("directory:entry-edit")).status_code == 404
    assert not Profile.objects.filter(user=membership.user).exists()


def test_an_applicant_is_refused_and_gets_no_entry(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    assert client.get(reverse("directory:entry-edit")).status_code == 403
    assert not Profile.objects.filter(user=membership.user).exists()
