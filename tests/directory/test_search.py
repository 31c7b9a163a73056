"""Search, filters, map data, resources, and query budgets that do not grow with the results."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.factories import PracticeSiteFactory, ProfileFactory, ResourceFactory
from directory.geo import communes_near
from directory.models import Profile, Resource, validate_finess, validate_mssante
from portal.members.factories import MembershipFactory
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db


def many_entries(n):
    for i in range(n):
        profile = ProfileFactory(specialties=["diabète", f"compétence {i}"])
        PracticeSiteFactory(profile=profile)
        PracticeSiteFactory(profile=profile, commune="Lodève", name=f"Annexe {i}")


def test_free_text_and_filters(client, entry, member):
    assert "Platanes" in client.get("/annuaire/?q=plaies").content.decode()  # specialty
    assert "Platanes" in client.get("/annuaire/?q=Vernhes").content.decode()  # name
    assert "Platanes" in client.get("/annuaire/?q=Platanes").content.decode()  # practice
    assert "Platanes" in client.get("/annuaire/?commune=Aniane").content.decode()  # second site
    assert "Platanes" in client.get("/annuaire/?home_visits=on&commune=Gignac").content.decode()
    assert "Platanes" not in client.get("/annuaire/?commune=Lodève").content.decode()
    assert "Platanes" not in client.get("/annuaire/?q=cardiologie").content.decode()
    assert "Platanes" not in client.get("/annuaire/?language=oc").content.decode()
    slug = entry.profession.slug
    assert "Platanes" in client.get(f"/annuaire/?profession={slug}").content.decode()


def test_locum_filter_and_queryset(entry, member):
    from directory.models import LocumPeriod

    entry.available_for_locum = True
    entry.save()
    LocumPeriod.objects.create(profile=entry, start="2027-07-01", end="2027-07-31")
    profession = entry.profession
    found = Profile.objects.available_for_locum(
        profession, timezone.datetime(2027, 7, 20).date(), None
    )
    assert list(found) == [entry]
    assert not Profile.objects.available_for_locum(profession, "2027-08-01", "2027-08-10").exists()


def test_search_is_paginated(client, db):
    many_entries(22)
    response = client.get("/annuaire/")
    assert len(response.context["results"]) == 20
    total = Profile.objects.listed().count()  # the demo's entries and these 22
    assert len(client.get("/annuaire/?page=2").context["results"]) == min(20, total - 20)


# A French reader's order: case, accents, ligatures, spaces and apostrophes do not count
# (SQLite and a PostgreSQL in the C locale would put "de Vaux", "martin", "Éluard" and
# "Œuvray" after every capital letter, and "Émile" after "eric").
FRENCH_ORDER = [
    ("de Vaux", "Hélène"),
    ("D'Orlan", "Sylvie"),
    ("Dupont", "Jean"),
    ("Éluard", "Paul"),
    ("Eymard", "Rose"),
    ("martin", "Denis"),
    ("Martin", "Émile"),
    ("Martin", "eric"),
    ("Œuvray", "Anne"),
    ("Ollier", "Luc"),
]


@pytest.fixture
def french_names(db):
    """Entries named in FRENCH_ORDER, created in another order."""
    ids = {}
    for last, first in reversed(FRENCH_ORDER[1::2] + FRENCH_ORDER[::2]):
        user = MembershipFactory(approved=True, user__last_name=last, user__first_name=first).user
        ids[last, first] = ProfileFactory(user=user).pk
    return [ids[name] for name in FRENCH_ORDER]


def test_directory_lists_names_in_french_order_on_every_database(client, french_names):
    results = client.get("/annuaire/").context["results"]
    assert [(r["last_name"], r["first_name"]) for r in results] == FRENCH_ORDER
    # Equal scores (the same name searched) fall back on the same order.
    results = client.get("/annuaire/?q=martin").context["results"]
    assert [r["first_name"] for r in results] == ["Denis", "Émile", "eric"]


def test_api_and_fhir_list_names_in_the_french_order(client, french_names):
    api = client.get("/api/v1/professionals?page_size=100").json()["results"]
    assert [row["id"] for row in api] == french_names
    bundle = client.get("/api/v1/fhir/Practitioner?_count=100").json()
    assert [int(e["resource"]["id"]) for e in bundle["entry"]] == french_names
    assert Profile.objects.filter(pk__in=french_names).first().pk == french_names[0]


def test_a_renamed_member_moves_to_their_new_place_in_french_order(client, french_names):
    user = Profile.objects.get(pk=french_names[-1]).user  # Ollier
    user.last_name = "Abélard"
    user.save(update_fields=["last_name"])
    results = client.get("/annuaire/").context["results"]
    assert [r["last_name"] for r in results[:2]] == ["Abélard", "de Vaux"]


def test_commune_filter_accepts_any_commune_of_the_territory(client, territory_34):
    """Any commune of the territory, typed loosely, not only the demo's."""
    profile = ProfileFactory()
    PracticeSiteFactory(profile=profile, commune="Saint-Pons-de-Thomières", name="Cabinet du Jaur")
    PracticeSiteFactory(profile=ProfileFactory(), commune="Lodève", name="Cabinet témoin")
    response = client.get("/annuaire/?commune=st pons de thomieres")
    body = response.content.decode()
    assert not response.context["form"].errors
    assert response.context["form"].cleaned_data["commune"] == "Saint-Pons-de-Thomières"
    assert "Cabinet du Jaur" in body and "Cabinet témoin" not in body
    assert 'data-commune-autocomplete="/annuaire/communes/"' in body


def test_commune_filter_refuses_an_unknown_commune(client, territory_34):
    response = client.get("/annuaire/?commune=Lodeve-sur-Mer")
    errors = response.context["form"].errors["commune"]
    assert "n'est pas une commune du territoire" in errors[0] and "Lodève" in errors[0]
    assert 'value="Lodeve-sur-Mer"' in response.content.decode()  # what was typed stays


@pytest.fixture
def uncached_results(monkeypatch):
    """Result lists are not kept: each request runs the search (the cost being measured)."""
    monkeypatch.setattr("directory.views.RESULTS_SECONDS", 0)


def test_commune_filter_cost_does_not_depend_on_matches(
    client, db, uncached_results, django_assert_max_num_queries
):
    PracticeSiteFactory(profile=ProfileFactory(), commune="Lodève", name="Cabinet un")
    client.get("/annuaire/?commune=Lodève")  # the communes list is now cached
    with django_assert_max_num_queries(10) as few:
        client.get("/annuaire/?commune=Lodève")
    budget = len(few.captured_queries)  # read before the next request resets the query log
    many_entries(20)  # 20 more entries in Lodève
    # Their new professions renew the cached filter fields: render them once again first.
    client.get("/annuaire/?commune=Lodève")
    with django_assert_max_num_queries(budget):
        response = client.get("/annuaire/?commune=Lodève")
    assert len(response.context["results"]) == 20


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_search_query_budget(
    client, login, member, who, uncached_results, django_assert_max_num_queries
):
    many_entries(3)
    client = login(member) if who == "member" else client
    # 11: the territory's version is read once per request (a site placed at its commune);
    # 13: the bureau's synonyms (then cached) and the vocabulary of the typo forgiveness.
    with django_assert_max_num_queries(13) as small:
        client.get("/annuaire/?q=diab&home_visits=on")
    many_entries(20)
    if who == "member":
        member = type(member).objects.get(pk=member.pk)
        client = login(member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/annuaire/?q=diab&home_visits=on")
    assert len(response.context["results"]) == 20


def test_map_and_entry_query_budget(client, login, member, django_assert_max_num_queries):
    many_entries(3)
    with django_assert_max_num_queries(8) as small:
        client.get("/annuaire/carte.json")
    many_entries(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        markers = client.get("/annuaire/carte.json").json()["markers"]
    assert len(markers) >= 36
    profile = Profile.objects.last()
    for _i in range(4):
        PracticeSiteFactory(profile=profile)
    client = login(member)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("directory:entry", args=[profile.pk])).status_code == 200


def test_resources_list_filters_and_map(client, django_assert_max_num_queries):
    Resource.objects.all().delete()  # start without the demo's resources (rolled back after)
    ResourceFactory(
        name="SSIAD du Lodévois", commune="Lodève", communes_covered="Lodève, Lunas-les-Châteaux"
    )
    ResourceFactory(name="HAD du Cœur", category=Resource.Category.HAD, communes_covered="Gignac")
    ResourceFactory(name="Brouillon", is_published=False)
    with django_assert_max_num_queries(6):
        body = client.get("/ressources/").content.decode()
    assert "SSIAD du Lodévois" in body and "HAD du Cœur" in body and "Brouillon" not in body
    body = client.get("/ressources/?category=had").content.decode()
    assert "HAD du Cœur" in body and "SSIAD du Lodévois" not in body
    body = client.get("/ressources/?commune=Lunas").content.decode()
    assert "SSIAD du Lodévois" in body and "HAD du Cœur" not in body
    titles = [m["title"] for m in client.get("/ressources/carte.json").json()["markers"]]
    assert sorted(titles) == ["HAD du Cœur", "SSIAD du Lodévois"]
    map_page = client.get("/ressources/?vue=carte").content.decode()
    assert 'data-tile-url="/static/img/tile-placeholder.png' in map_page
    assert "vendor/leaflet/leaflet.js" in map_page and "<script>" not in map_page


def test_validators():
    from django.core.exceptions import ValidationError

    validate_finess("340780477")
    for bad in ("34078047", "340780478", "ABCDEFGHI"):
        with pytest.raises(ValidationError):
            validate_finess(bad)
    validate_mssante("a.b@medecin.mssante.fr")
    with pytest.raises(ValidationError):
        validate_mssante("a.b@gmail.com")


def test_communes_near():
    near = communes_near("Gignac", 6)
    assert near[0] == "Gignac" and "Aniane" in near and "Lodève" not in near
    assert communes_near("Ailleurs", 10) == ["Ailleurs"]


def test_freshness_reminder_and_report(entry, member, login, bureau_user):
    Profile.objects.filter(pk=entry.pk).update(
        confirmed_at=timezone.now() - timezone.timedelta(days=400)
    )
    Profile.objects.exclude(pk=entry.pk).update(confirmed_at=timezone.now())
    entry.refresh_from_db()
    call_command("remind_directory_confirmation", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [[entry.user.email]]
    assert "/annuaire/moi/" in mail.outbox[0].body
    call_command("remind_directory_confirmation", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # not twice in a month
    assert 0 < entry.completeness < 100
    report = "/admin/annuaire/fraicheur/"
    assert_sent_to_admin_login(login(member).get(report), report)
    response = login(bureau_user).get("/admin/annuaire/fraicheur/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vernhes" in body and f"{entry.completeness} %" in body


def test_cached_search_fields_keep_what_each_search_typed(client):
    """The rendered filter fields are cached by query string and language: never another's."""
    first = client.get("/annuaire/", {"q": "Dupont", "commune": "Lodève"}).content.decode()
    assert 'value="Dupont"' in first
    second = client.get("/annuaire/", {"q": "Martin"}).content.decode()
    assert 'value="Martin"' in second and "Dupont" not in second
    assert 'value="Lodève"' not in second
    again = client.get("/annuaire/", {"q": "Dupont", "commune": "Lodève"}).content.decode()
    assert 'value="Dupont"' in again and 'value="Lodève"' in again
    client.cookies["django_language"] = "en"
    english = client.get("/annuaire/", {"q": "Dupont", "commune": "Lodève"}).content.decode()
    assert 'value="Dupont"' in english and "Home visits" in english
    assert "Visites à domicile" not in english


def test_name_keys_fold_latin_letters_to_their_base_letter():
    from portal.members.normalize import name_key

    """Đ, Ł, Ø... sort with D, L, O as in a French directory, whatever the database's collation."""
    names = ["Zoé", "Øster", "Michałowski", "Đỗ", "Martin", "Dupont", "de Vaux", "Œuvrard"]
    assert [name_key(n) for n in names] == [
        "zoe",
        "oster",
        "michalowski",
        "do",
        "martin",
        "dupont",
        "devaux",
        "oeuvrard",
    ]
