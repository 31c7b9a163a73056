"""Previews, drafts and old revisions never reach the shared cache, nor come from it."""

import pytest
from django.test import override_settings

from portal.members.factories import MembershipFactory, UserFactory
from portal.members.models import Profession
from portal.members.services import make_bureau
from portal.pages.models import ProfessionSpacePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return ProfessionSpacePage.objects.get(profession__slug="infirmiers")


@pytest.fixture
def nurse(client):
    return MembershipFactory(
        approved=True, profession=Profession.objects.get(slug="infirmiers")
    ).user


@pytest.fixture
def editor():
    user = UserFactory(is_demo_account=True)  # no two-factor enrolment needed in tests
    make_bureau(user)
    return user


def as_user(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def save_draft(page, intro):
    page = ProfessionSpacePage.objects.get(pk=page.pk)
    page.intro = intro
    page.save_revision(log_action=False)


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0)
def test_a_draft_seen_by_the_editor_is_not_served_to_members(client, space, nurse, editor):
    assert as_user(client, nurse).get(space.url).status_code == 200  # live copy cached
    save_draft(space, "<p>Brouillon : téléphone du cabinet 04 67 00 00 00</p>")
    draft = as_user(client, editor).get(f"/admin/pages/{space.pk}/view_draft/")
    assert draft.status_code == 200
    assert "Brouillon : téléphone" in draft.content.decode()
    live = as_user(client, nurse).get(space.url).content.decode()
    assert "Brouillon : téléphone" not in live


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0)
def test_the_editor_sees_the_draft_not_the_cached_live_page(client, space, nurse, editor):
    save_draft(space, "<p>Version de travail</p>")
    as_user(client, nurse).get(space.url)  # the live page, cached after the draft was saved
    draft = as_user(client, editor).get(f"/admin/pages/{space.pk}/view_draft/")
    assert "Version de travail" in draft.content.decode()
    assert "Version de travail" not in as_user(client, nurse).get(space.url).content.decode()
