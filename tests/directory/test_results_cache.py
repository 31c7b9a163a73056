"""The directory's cached result lists: one per viewer level, never holding what another
viewer may not see, never serving an editor's own entry at another level, renewed by writes."""

import pytest
from django.test import Client

from directory import services
from directory.factories import ProfileFactory
from portal.members.factories import MembershipFactory, UserFactory
from tests.directory.conftest import HIDDEN_MSSANTE, MEMBERS_MOBILE_FR

pytestmark = pytest.mark.django_db

SEARCH = "/annuaire/?q=Vernhes"
CARD = 'class="card directory-result"'


def member_client(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_repeated_search_is_served_from_the_cache(entry, member, django_assert_max_num_queries):
    client = member_client(member)
    first = client.get(SEARCH)
    with django_assert_max_num_queries(20) as miss:
        client.get(SEARCH + "&page=1")
    with django_assert_max_num_queries(len(miss.captured_queries) - 2):
        second = client.get(SEARCH + "&page=1")
    assert "results" not in second.context  # the list came from the cache
    assert first.content.decode().count(CARD) == 1
    assert "Cabinet infirmier des Platanes" in second.content.decode()
    assert MEMBERS_MOBILE_FR in second.content.decode()


def test_levels_never_share_a_list(entry, member):
    assert MEMBERS_MOBILE_FR in member_client(member).get(SEARCH).content.decode()
    visitor = Client().get(SEARCH).content.decode()  # after the member's list was stored
    assert "Cabinet infirmier des Platanes" in visitor
    assert MEMBERS_MOBILE_FR not in visitor


@pytest.mark.parametrize("owner_first", [True, False])
def test_the_owner_sees_their_hidden_values_and_nobody_else_does(entry, member, owner_first):
    owner, colleague = member_client(entry.user), member_client(member)
    order = [(owner, True), (colleague, False)]
    for client, sees_hidden in order if owner_first else order[::-1]:
        for _time in range(2):  # the second request would be the cached one
            body = client.get(SEARCH).content.decode()
            assert (HIDDEN_MSSANTE in body) is sees_hidden


def test_a_delegate_sees_the_delegated_entry_at_the_owners_level(entry, member):
    client = member_client(member)
    assert HIDDEN_MSSANTE not in client.get(SEARCH).content.decode()  # stored for members
    services.grant_delegate(entry, member)
    assert HIDDEN_MSSANTE in client.get(SEARCH).content.decode()
    services.revoke_delegate(entry, member)
    assert HIDDEN_MSSANTE not in member_client(member).get(SEARCH).content.decode()


def test_edits_renew_the_lists(entry, member):
    client = member_client(member)
    assert "Cabinet infirmier des Platanes" in client.get(SEARCH).content.decode()
    site = entry.sites.get(name="Cabinet infirmier des Platanes")
    site.name = "Cabinet des Tilleuls"
    site.save()
    assert "Cabinet des Tilleuls" in client.get(SEARCH).content.decode()
    entry.user.last_name = "Vernhes-Roux"
    entry.user.save()
    assert "Vernhes-Roux" in client.get(SEARCH).content.decode()
    colleague = MembershipFactory(approved=True, user=UserFactory(last_name="Vernhes")).user
    ProfileFactory(user=colleague)  # a new entry matching the search
    assert client.get(SEARCH).content.decode().count(CARD) == 2


def test_a_suspended_entry_leaves_the_cached_list(entry, member):
    client = member_client(member)
    assert "Cabinet infirmier des Platanes" in client.get(SEARCH).content.decode()
    membership = entry.user.membership
    membership.status = membership.Status.SUSPENDED
    membership.save()
    assert "Cabinet infirmier des Platanes" not in client.get(SEARCH).content.decode()


def test_a_failed_login_does_not_renew_the_lists(entry, member):
    from portal.core.perf import fragment_generations

    before = fragment_generations("members.user")
    Client().login(email=entry.user.email, password="x")  # a failed login writes nothing
    assert fragment_generations("members.user") == before
