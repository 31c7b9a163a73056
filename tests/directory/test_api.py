"""The read-only JSON API: visibility, filters, pagination, query budget, schema."""

import json

import pytest
from django.test import Client

from directory.factories import PracticeSiteFactory, ProfileFactory, ResourceFactory
from directory.models import Profile, Resource, Visibility
from portal.members.factories import MembershipFactory, ProfessionFactory

pytestmark = pytest.mark.django_db

# Values that only members (or nobody but the owner) may see: none may reach a visitor.
MEMBERS_ONLY = {
    "mobile": "+33611223344",
    "email": "membres-seulement@exemple.test",
    "site_phone": "+33467112233",
}
HIDDEN = {
    "mssante": "cache.secret@infirmier.mssante.fr",
    "website": "https://cache-secret.exemple.test/",
    "address": "12 impasse Secrète",
}
PUBLIC = {"email": "public@exemple.test", "site_phone": "+33467998877", "address": "3 rue Publique"}


def national(e164):
    """The French national forms of a number (what a leak could also look like)."""
    digits = "0" + e164[3:]
    return [digits, " ".join(digits[i : i + 2] for i in range(0, 10, 2))]


@pytest.fixture
def nurse():
    profession = ProfessionFactory(
        name="Infirmier", plural="infirmiers", slug="infirmiers", code="60"
    )
    # An accented name on purpose: the JSON escapes it, the checks must still find it.
    membership = MembershipFactory(
        profession=profession, commune="Gignac", approved=True, user__last_name="Grégoire"
    )
    profile = ProfileFactory(
        user=membership.user,
        mobile=MEMBERS_ONLY["mobile"],
        mobile_visibility=Visibility.MEMBERS,
        email=MEMBERS_ONLY["email"],
        email_visibility=Visibility.MEMBERS,
        mssante=HIDDEN["mssante"],
        mssante_visibility=Visibility.HIDDEN,
        website=HIDDEN["website"],
        website_visibility=Visibility.HIDDEN,
        home_visits=True,
        accepts_new_patients=True,
    )
    profile.sites.all().delete()
    PracticeSiteFactory(
        profile=profile,
        name="Cabinet infirmier du Pont",
        address=HIDDEN["address"],
        address_visibility=Visibility.HIDDEN,
        commune="Gignac",
        postcode="34150",
        phone=MEMBERS_ONLY["site_phone"],
        phone_visibility=Visibility.MEMBERS,
    )
    return profile


@pytest.fixture
def open_doctor():
    profession = ProfessionFactory(name="Médecin", plural="médecins", slug="medecins", code="10")
    membership = MembershipFactory(profession=profession, commune="Lodève", approved=True)
    profile = ProfileFactory(
        user=membership.user,
        email=PUBLIC["email"],
        email_visibility=Visibility.PUBLIC,
        mobile="",
        home_visits=False,
        accepts_new_patients=False,
    )
    profile.sites.all().delete()
    PracticeSiteFactory(
        profile=profile,
        address=PUBLIC["address"],
        address_visibility=Visibility.PUBLIC,
        commune="Lodève",
        postcode="34700",
        phone=PUBLIC["site_phone"],
        phone_visibility=Visibility.PUBLIC,
    )
    return profile


def secrets(values):
    out = []
    for key, value in values.items():
        out.append(value)
        if "phone" in key or key == "mobile":
            out.extend(national(value))
    return out


def readable(content):
    """The JSON as text with non-ASCII characters unescaped ("Grégoire", not "Gr\\u00e9goire")."""
    return json.dumps(json.loads(content), ensure_ascii=False)


def assert_no_leak(content, values):
    text = readable(content)
    for secret in secrets(values):
        assert secret not in text, f"{secret!r} leaked"


# Lists are asked for one large page so that the entry is on it (the demo content is loaded too).
ENDPOINTS = [
    "/api/v1/professionals?page_size=100",
    "/api/v1/professionals?q=Pont&page_size=100",
    "/api/v1/professionals?commune=Gignac&page_size=100",
    "/api/v1/professionals/{id}",
    "/api/v1/fhir/Practitioner?_count=100",
    "/api/v1/fhir/Practitioner/{id}",
    "/api/v1/fhir/PractitionerRole?_count=100",
    "/api/v1/fhir/PractitionerRole/{id}",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_visitor_never_gets_members_only_or_hidden_values(client, nurse, url):
    response = client.get(url.format(id=nurse.pk))
    assert response.status_code == 200
    # The entry is there (so the test would see a leak), its secrets are not.
    assert nurse.user.last_name in readable(response.content)
    assert_no_leak(response.content, MEMBERS_ONLY | HIDDEN)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_member_gets_members_only_values_but_never_hidden_ones(client, nurse, open_doctor, url):
    client.force_login(open_doctor.user)
    response = client.get(url.format(id=nurse.pk))
    assert response.status_code == 200
    text = readable(response.content)
    # Practitioner carries the personal contacts, PractitionerRole the practice sites.
    expected = (
        ["email", "mobile"] if "/Practitioner" in url and "Role" not in url else ["site_phone"]
    )
    if "fhir" not in url:
        expected = ["email", "mobile", "site_phone"]
    for key in expected:
        assert MEMBERS_ONLY[key] in text, key
    assert_no_leak(response.content, HIDDEN)


def test_pending_applicant_is_treated_as_a_visitor(client, nurse):
    applicant = MembershipFactory(approved=False).user
    client.force_login(applicant)
    response = client.get(f"/api/v1/professionals/{nurse.pk}")
    assert response.status_code == 200
    assert_no_leak(response.content, MEMBERS_ONLY | HIDDEN)


def test_visitor_sees_public_values(client, open_doctor):
    data = client.get(f"/api/v1/professionals/{open_doctor.pk}").json()
    assert data["email"] == PUBLIC["email"]
    assert data["sites"][0]["address"] == PUBLIC["address"]
    assert data["sites"][0]["phone"] == PUBLIC["site_phone"]
    assert data["profession"] == {"name": "Médecin", "slug": "medecins", "code": "10"}
    assert data["rpps"] == open_doctor.user.membership.rpps


def test_detail_hides_entries_of_non_approved_memberships(client, nurse):
    pending = MembershipFactory(approved=False)
    profile = Profile.objects.create(user=pending.user)
    assert client.get(f"/api/v1/professionals/{profile.pk}").status_code == 404
    assert client.get("/api/v1/professionals/999999").status_code == 404
    page = client.get("/api/v1/professionals?page_size=100").json()
    ids = {row["id"] for row in page["results"]}
    assert nurse.pk in ids and profile.pk not in ids
    assert page["count"] == Profile.objects.listed().count()


def test_filters(client, nurse, open_doctor):
    def ids(query):
        response = client.get(f"/api/v1/professionals?page_size=100&{query}")
        assert response.status_code == 200, response.content
        return {nurse.pk, open_doctor.pk} & {row["id"] for row in response.json()["results"]}

    assert ids("") == {nurse.pk, open_doctor.pk}
    assert ids("profession=infirmiers") == {nurse.pk}
    assert ids("commune=lod%C3%A8ve") == {open_doctor.pk}
    assert ids("commune=LODEVE") == {open_doctor.pk}  # the territory's spelling
    assert ids("home_visits=true") == {nurse.pk}
    assert ids("home_visits=false") == {open_doctor.pk}
    assert ids("accepts_new_patients=false") == {open_doctor.pk}
    assert ids("q=Pont") == {nurse.pk}
    assert ids("profession=infirmiers&commune=Lod%C3%A8ve") == set()
    nurses = client.get("/api/v1/professionals", {"profession": "infirmiers", "page_size": 100})
    assert {row["profession"]["slug"] for row in nurses.json()["results"]} == {"infirmiers"}


def test_search_never_matches_on_a_hidden_value(client, nurse):
    """Searching for a hidden value must not reveal which entry holds it."""
    response = client.get("/api/v1/professionals", {"q": "Secrète"})
    assert response.json()["count"] == 0


def test_pagination_and_page_size_is_clamped(client):
    for _ in range(5):
        ProfileFactory(specialties=["hypnose ericksonienne"])
    page = client.get("/api/v1/professionals?q=ericksonienne&page_size=2").json()
    assert page["count"] == 5
    assert page["num_pages"] == 3
    assert len(page["results"]) == 2
    assert page["previous"] is None
    second = client.get(page["next"]).json()
    assert second["page"] == 2
    assert {r["id"] for r in second["results"]}.isdisjoint({r["id"] for r in page["results"]})
    assert client.get("/api/v1/professionals?page_size=100000").json()["page_size"] == 100
    assert client.get("/api/v1/professionals?page_size=-4").json()["page_size"] == 1
    beyond = client.get("/api/v1/professionals?q=ericksonienne&page=50").json()
    assert beyond["results"] == [] and beyond["next"] is None


# What each list answers: 422 for a parameter it declares and cannot read (ninja's
# validation), 200 for a parameter it does not declare (ignored) or any text within its limit.
@pytest.mark.parametrize(
    "query, professionals, resources",
    [
        ("page=0", 422, 422),  # pages count from 1
        ("page=abc", 422, 422),
        ("page=99999999999999999999999", 422, 422),  # beyond MAX_PAGE
        ("page_size=abc", 422, 422),
        ("home_visits=peut-%C3%AAtre", 422, 200),  # only professionals have this filter
        ("q=" + "x" * 500, 422, 422),  # the search text is at most 200 characters
        ("profession=%00", 200, 200),
        ("commune=%00%00", 200, 200),
        ("q=%00", 200, 200),
        ("category=%00", 200, 200),
    ],
)
def test_weird_input_is_a_client_error_never_a_crash(
    client, nurse, query, professionals, resources
):
    for base, expected in (
        ("/api/v1/professionals", professionals),
        ("/api/v1/resources", resources),
    ):
        response = client.get(f"{base}?{query}")
        assert response.status_code == expected, (base, query, response.status_code)


# None of these is an id at all (ids are whole numbers from 1 to MAX_ID): 422, not 404.
@pytest.mark.parametrize("url", ["/api/v1/professionals/{}", "/api/v1/resources/{}"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", str(2**70), "1.5"])
def test_weird_ids_are_client_errors(client, url, value):
    assert client.get(url.format(value)).status_code == 422


def count_queries(django_assert_max_num_queries, url, user=None, budget=20):
    """Queries of one request from a fresh client (same session state every time)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("as_member", [False, True], ids=["visitor", "member"])
def test_list_runs_a_fixed_number_of_queries(django_assert_max_num_queries, open_doctor, as_member):
    user = open_doctor.user if as_member else None
    url = "/api/v1/professionals?page_size=100"
    for _ in range(2):
        PracticeSiteFactory(profile=ProfileFactory(specialties=["plaies", "diabète"]))
    small, _response = count_queries(django_assert_max_num_queries, url, user)
    for _ in range(30):
        profile = ProfileFactory(specialties=["soins palliatifs"])
        PracticeSiteFactory(profile=profile)
        PracticeSiteFactory(profile=profile, name="Second cabinet")
    large, response = count_queries(django_assert_max_num_queries, url, user, budget=small)
    assert len(response.json()["results"]) == min(100, Profile.objects.listed().count())
    # 5 for the page (count, entries, sites, tags, locum periods), the rest is session and viewer.
    assert large <= (12 if as_member else 9)
    print(
        f"/api/v1/professionals as {'member' if as_member else 'visitor'}: {small} then {large} queries"
    )


def test_resources(client, django_assert_max_num_queries):
    ssiad = ResourceFactory(
        name="SSIAD du Lodévois", commune="Lodève", communes_covered="Le Caylar"
    )
    ResourceFactory(name="CCAS de Gignac", category="ccas", commune="Gignac", communes_covered="")
    hidden = ResourceFactory(name="Ancienne HAD", category="had", is_published=False)
    for _ in range(20):
        ResourceFactory()
    # count, page, and the anonymous session machina's middleware writes
    with django_assert_max_num_queries(6):
        page = client.get("/api/v1/resources?page_size=100").json()
    assert page["count"] == Resource.objects.filter(is_published=True).count()
    assert hidden.pk not in {r["id"] for r in page["results"]}
    only = client.get("/api/v1/resources", {"category": "ccas", "page_size": 100}).json()
    assert "CCAS de Gignac" in [r["name"] for r in only["results"]]
    assert {r["category"] for r in only["results"]} == {"ccas"}
    covered = client.get("/api/v1/resources", {"commune": "Le Caylar", "page_size": 100}).json()
    assert ssiad.pk in [r["id"] for r in covered["results"]]
    for row in covered["results"]:
        assert "Le Caylar" in row["communes_covered"] or row["commune"] == "Le Caylar"
    detail = client.get(f"/api/v1/resources/{ssiad.pk}").json()
    assert detail["finess"] == ssiad.finess
    assert detail["communes_covered"] == ["Le Caylar"]
    assert client.get(f"/api/v1/resources/{hidden.pk}").status_code == 404


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/professionals",
        "/api/v1/professionals/{profile_id}",
        "/api/v1/resources",
        "/api/v1/resources/{resource_id}",
        "/api/v1/fhir/Practitioner",
        "/api/v1/fhir/PractitionerRole",
        "/api/v1/fhir/Organization",
    ):
        assert path in paths, path
    assert client.get("/api/v1/docs").status_code == 200
