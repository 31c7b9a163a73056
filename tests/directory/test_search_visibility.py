"""Search never matches on what the viewer may not see: results, counts and suggestions.

The ``entry`` fixture (tests/directory/conftest.py) holds a public e-mail, a members-only
mobile and address, a hidden MSSanté address and a hidden practice phone.
"""

import pytest

from directory.factories import ProfileFactory
from directory.models import Profile
from directory.search.index import rebuild
from directory.search.models import ProfileSearch
from portal.search.models import SearchSettings

from .conftest import HIDDEN_SITE_PHONE_FR, MEMBERS_ADDRESS, MEMBERS_MOBILE_FR, PUBLIC_EMAIL

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "bureau"]


@pytest.fixture
def as_role(client, login, member, bureau_user):
    def _as(role):
        client.logout()
        if role == "member":
            return login(member)
        if role == "bureau":
            return login(bureau_user)
        return client

    return _as


def found(client, q):
    response = client.get("/annuaire/", {"q": q})
    assert response.status_code == 200
    return "Platanes" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_contact_values_are_found_only_by_who_may_see_them(entry, as_role, role):
    client = as_role(role)
    assert found(client, "vernhes")  # the name: everyone
    assert found(client, "infirmière")  # the profession, feminine form
    assert found(client, MEMBERS_MOBILE_FR) is (role != "visitor")
    assert found(client, MEMBERS_ADDRESS) is (role != "visitor")
    assert found(client, HIDDEN_SITE_PHONE_FR) is (role == "bureau")
    assert found(client, "secret soignant") is (role == "bureau")  # hidden MSSanté


@pytest.mark.parametrize("role", ROLES)
def test_counts_and_suggestions_hold_no_hidden_value(entry, as_role, role):
    client = as_role(role)
    response = client.get("/annuaire/", {"q": HIDDEN_SITE_PHONE_FR})
    count = response.context["paginator"].count if "paginator" in response.context else None
    assert (count == 1) is (role == "bureau")
    for typed in (HIDDEN_SITE_PHONE_FR, "secret", MEMBERS_MOBILE_FR):
        data = client.get("/annuaire/suggestions/", {"q": typed}).json()
        assert "Vernhes" not in str(data), (role, typed)


def test_suggestions_offer_names_professions_communes_and_specialties(client, entry):
    labels = [r["label"] for r in client.get("/annuaire/suggestions/?q=vern").json()["results"]]
    assert "Odile Vernhes (nom)" in labels
    labels = [r["label"] for r in client.get("/annuaire/suggestions/?q=infirm").json()["results"]]
    assert "Infirmier (profession)" in labels
    labels = [r["label"] for r in client.get("/annuaire/suggestions/?q=gign").json()["results"]]
    assert any(label.startswith("Gignac") for label in labels)
    labels = [r["label"] for r in client.get("/annuaire/suggestions/?q=plai").json()["results"]]
    assert "plaies et cicatrisation (spécialité)" in labels
    assert client.get("/annuaire/suggestions/?q=v").json() == {"results": []}


def test_an_applicant_is_neither_found_nor_suggested(client, login, member, pending_user):
    profile, _created = Profile.objects.get_or_create(user=pending_user)
    profile.specialties.set(["hypnose ericksonienne"])
    pending_user.last_name = "Zébulon"
    pending_user.save()
    client = login(member)
    assert "Zébulon" not in client.get("/annuaire/?q=zebulon").content.decode()
    assert "hypnose" not in str(client.get("/annuaire/suggestions/?q=hypno").json())
    assert "Zébulon" not in str(client.get("/annuaire/suggestions/?q=zebul").json())


def test_suggestions_query_budget_does_not_grow(
    client, login, member, django_assert_max_num_queries
):
    client = login(member)
    ProfileFactory(specialties=["diabète"])
    with django_assert_max_num_queries(9) as few:
        client.get("/annuaire/suggestions/?q=diabete")
    for _ in range(15):
        ProfileFactory(specialties=["diabète", "diabétologie"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/annuaire/suggestions/?q=diabete")


def test_the_index_follows_writes_and_the_bureau_synonyms(client, entry):
    user = entry.user
    user.last_name = "Pradal"
    user.save()
    assert found(client, "pradal") and not found(client, "vernhes")
    assert not found(client, "bobologie")
    settings = SearchSettings.load()
    settings.synonyms += "\nbobologie, plaies"
    settings.save()
    assert found(client, "bobologie")
    assert "Odile" in client.get("/annuaire/?q=aniane").content.decode()
    entry.sites.filter(commune="Aniane").delete()  # a site deleted on its own
    assert "Odile" not in client.get("/annuaire/?q=aniane").content.decode()


def test_rebuild_gives_the_same_rows(entry, member):
    before = sorted(ProfileSearch.objects.values_list("profile_id", "level", "name", "other"))
    ProfileSearch.objects.all().delete()
    rebuild()
    after = sorted(ProfileSearch.objects.values_list("profile_id", "level", "name", "other"))
    assert after == before and before


def test_a_departed_member_name_leaves_the_typo_vocabulary(entry):
    from portal.search.models import SearchWord

    names = SearchWord.objects.filter(domain="directory", word__in=["odile", "vernhes"])
    assert names.count() == 2
    entry.delete()
    assert not names.exists()


def test_a_never_confirmed_entry_is_not_found_publicly_by_its_contact_values(
    entry, as_role, client
):
    """The page's promise holds in the index: until the member confirms their entry, a value
    marked "Public" is searchable by members only (directory.visibility.effective_visibility)."""
    assert found(as_role("visitor"), PUBLIC_EMAIL)  # confirmed: public e-mail, found by all
    entry.confirmed_at = None
    entry.save()
    assert not found(as_role("visitor"), PUBLIC_EMAIL)
    assert found(as_role("visitor"), "vernhes")  # the name stays searchable
    assert found(as_role("member"), PUBLIC_EMAIL)
