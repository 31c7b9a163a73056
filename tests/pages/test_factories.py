"""The page factories publish pages under the tree setup_portal made."""

import pytest
from wagtail.models import PageViewRestriction

from portal.members.factories import MembershipFactory
from portal.pages.factories import (
    CommissionPageFactory,
    ContentPageFactory,
    NewsPageFactory,
    ProfessionSpacePageFactory,
)
from portal.pages.models import CommissionIndexPage, HomePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def test_content_and_news_pages_are_live_with_a_revision(client):
    page = ContentPageFactory(title="Nos missions")
    news = NewsPageFactory(title="Assemblée générale")
    assert page.get_parent().specific_class is HomePage
    assert news.get_parent().specific_class is NewsIndexPage
    for made in (page, news):
        made.refresh_from_db()
        assert made.live and made.live_revision_id is not None
        assert made.slug
    assert "Nos missions" in client.get(page.url).content.decode()


def test_profession_space_is_restricted_to_its_profession(client):
    space = ProfessionSpacePageFactory()
    assert space.documents_collection is not None and space.editors_group is not None
    restriction = PageViewRestriction.objects.get(page=space)
    assert space.profession.group in restriction.groups.all()
    assert client.get(space.url).status_code == 302  # anonymous: sent to sign in

    member = MembershipFactory(approved=True, profession=space.profession).user
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(space.url).status_code == 200


def test_commission_page_under_the_commissions_index():
    page = CommissionPageFactory()
    assert page.get_parent().specific_class is CommissionIndexPage
    assert page.title == f"Commission {page.commission.name}"
