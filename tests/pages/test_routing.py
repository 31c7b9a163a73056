"""Wagtail's routing and view restrictions from the shared cache (portal/pages/routing.py):
fewer queries on a repeated request, and every page, slug, move or restriction change seen
at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from portal.members.factories import MembershipFactory
from portal.pages.factories import ContentPageFactory
from portal.pages.models import ContentPage

pytestmark = pytest.mark.django_db


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


@pytest.fixture
def page():
    return ContentPageFactory(title="Charte du réseau", slug="charte-reseau")


@pytest.fixture
def member():
    return MembershipFactory(approved=True).user


def member_client(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_repeated_request_skips_the_tree_walk(page, member):
    client = member_client(member)
    first, miss = get(client, "/charte-reseau/")
    second, hit = get(client, "/charte-reseau/")
    assert first.status_code == second.status_code == 200
    assert "Charte du réseau" in second.content.decode()
    assert second.context["page"].specific_class is ContentPage
    assert hit <= miss - 4  # site, page and its specific row, ancestors and restrictions
    # Paths are not confused with one another.
    assert "Charte du réseau" not in client.get("/").content.decode()
    assert client.get("/espace-membres/").context["page"].slug == "espace-membres"


def test_unpublished_renamed_and_deleted_pages(page, member):
    client = member_client(member)
    assert client.get("/charte-reseau/").status_code == 200
    page.unpublish()
    assert client.get("/charte-reseau/").status_code == 404
    page.save_revision().publish()
    assert client.get("/charte-reseau/").status_code == 200
    page.slug = "charte-du-reseau"
    page.save_revision().publish()
    assert client.get("/charte-reseau/").status_code == 404
    assert client.get("/charte-du-reseau/").status_code == 200
    Page.objects.get(pk=page.pk).delete()
    assert client.get("/charte-du-reseau/").status_code == 404


def test_moved_page(page, member):
    client = member_client(member)
    parent = ContentPageFactory(title="L'association", slug="association")
    assert client.get("/charte-reseau/").status_code == 200
    page.move(parent, pos="last-child")
    old = client.get("/charte-reseau/")  # no longer served there (the redirects app points on)
    assert old.status_code == 301 and old["Location"] == "/association/charte-reseau/"
    assert client.get("/association/charte-reseau/").status_code == 200


def test_a_restriction_applies_at_once_and_its_removal_too(page, member):
    visitor = Client()
    assert visitor.get("/charte-reseau/").status_code == 200  # route and restrictions cached
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Bureau"))
    assert visitor.get("/charte-reseau/").status_code == 302  # to login
    assert member_client(member).get("/charte-reseau/").status_code == 403
    restriction.groups.set([Group.objects.get(name="Membres")])
    assert member_client(member).get("/charte-reseau/").status_code == 200
    restriction.delete()
    assert Client().get("/charte-reseau/").status_code == 200
