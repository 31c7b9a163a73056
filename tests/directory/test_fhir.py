"""FHIR R4 output: valid against HL7's FHIR R4 JSON schema and the FHIR model (fhir.resources
R4B), ANS identifiers, search, paging."""

import copy

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from jsonschema import ValidationError as SchemaError
from pydantic import ValidationError

from directory.factories import PracticeSiteFactory, ProfileFactory, ResourceFactory
from directory.fhir import (
    EMAIL_TYPE_EXTENSION,
    EMAIL_TYPE_SYSTEM,
    FINESS_SYSTEM,
    IDNPS_SYSTEM,
    IDNST_SYSTEM,
    PROFESSION_SYSTEM,
    RPPS_SYSTEM,
)
from directory.models import Profile, Resource, Visibility
from portal.members.factories import MembershipFactory, ProfessionFactory

from .fhir_schema import validate_r4

pytestmark = pytest.mark.django_db

# Required bindings that the pydantic model does not check by itself.
CODES = {
    "telecom.system": {"phone", "fax", "email", "pager", "url", "sms", "other"},
    "telecom.use": {"home", "work", "temp", "old", "mobile"},
    "identifier.use": {"usual", "official", "temp", "secondary", "old"},
    "address.use": {"home", "work", "temp", "old", "billing"},
    "name.use": {"usual", "official", "temp", "nickname", "anonymous", "old", "maiden"},
    "location.status": {"active", "suspended", "inactive"},
}


def check_codes(resource):
    for contact in resource.get("telecom", []):
        assert contact["system"] in CODES["telecom.system"]
        assert contact.get("use", "work") in CODES["telecom.use"]
        assert contact["value"]
    for identifier in resource.get("identifier", []):
        assert identifier["use"] in CODES["identifier.use"]
        assert identifier["system"] and identifier["value"]
    addresses = resource.get("address", [])
    for address in [addresses] if isinstance(addresses, dict) else addresses:
        assert address.get("use", "work") in CODES["address.use"]
    for name in resource.get("name", []) if isinstance(resource.get("name"), list) else []:
        assert name["use"] in CODES["name.use"]
    references = [*resource.get("location", []), resource.get("organization")]
    for contained in resource.get("contained", []):
        if contained["resourceType"] == "Location":
            assert contained["status"] in CODES["location.status"]
        check_codes(contained)
        # Every contained resource must be referenced (FHIR invariant dom-3).
        assert {"reference": f"#{contained['id']}"} in references


def validate_bundle(data):
    """Validate a searchset Bundle and each resource in it; fails on anything invalid."""
    validate_r4(data)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "searchset"
    assert {link["relation"] for link in data["link"]} <= {"self", "next", "previous"}
    classes = {
        "Practitioner": Practitioner,
        "PractitionerRole": PractitionerRole,
        "Organization": Organization,
    }
    for entry in data.get("entry", []):
        resource = entry["resource"]
        classes[resource["resourceType"]].model_validate(resource)
        assert entry["search"]["mode"] == "match"
        assert entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}")
        check_codes(resource)
    return bundle


@pytest.fixture
def nurse():
    profession = ProfessionFactory(
        name="Infirmier", plural="infirmiers", slug="infirmiers", code="60"
    )
    membership = MembershipFactory(profession=profession, commune="Gignac", approved=True)
    profile = ProfileFactory(
        user=membership.user,
        civility="mme",
        languages="fr,oc,lsf",
        mobile="+33611223344",
        mobile_visibility=Visibility.PUBLIC,
        email="cabinet@exemple.test",
        email_visibility=Visibility.PUBLIC,
        mssante="ide@infirmier.mssante.fr",
        mssante_visibility=Visibility.PUBLIC,
        website="https://cabinet.exemple.test/",
        website_visibility=Visibility.PUBLIC,
        specialties=["plaies et cicatrisation"],
    )
    profile.sites.all().delete()
    PracticeSiteFactory(
        profile=profile, commune="Gignac", postcode="34150", address_visibility=Visibility.PUBLIC
    )
    PracticeSiteFactory(
        profile=profile,
        name="Antenne",
        commune="Aniane",
        address="1 place Secrète",
        address_visibility=Visibility.MEMBERS,
        position=1,
    )
    return profile


@pytest.fixture
def adeli_member():
    profession = ProfessionFactory(
        name="Psychomotricien", plural="psychomotriciens", slug="psychomotriciens", code="96"
    )
    membership = MembershipFactory(
        profession=profession, rpps=None, adeli="341234567", approved=True
    )
    return ProfileFactory(user=membership.user)


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    return response.json()


def test_practitioner_bundle_is_valid_and_carries_ans_identifiers(client, nurse, adeli_member):
    data = get_json(client, "/api/v1/fhir/Practitioner", _count=100)
    validate_bundle(data)
    assert data["total"] == Profile.objects.listed().count()
    by_id = {entry["resource"]["id"]: entry["resource"] for entry in data["entry"]}
    rpps = nurse.user.membership.rpps
    nurse_ids = {
        (i["system"], i["value"], i["type"]["coding"][0]["code"])
        for i in by_id[str(nurse.pk)]["identifier"]
    }
    assert nurse_ids == {(IDNPS_SYSTEM, "8" + rpps, "IDNPS"), (RPPS_SYSTEM, rpps, "RPPS")}
    adeli_ids = [(i["system"], i["value"]) for i in by_id[str(adeli_member.pk)]["identifier"]]
    assert adeli_ids == [(IDNPS_SYSTEM, "0341234567")]
    practitioner = by_id[str(nurse.pk)]
    assert practitioner["qualification"][0]["code"]["coding"][0] == {
        "system": PROFESSION_SYSTEM,
        "code": "60",
        "display": "Infirmier",
    }
    assert {c["coding"][0]["code"] for c in practitioner["communication"]} == {"fr", "oc", "fsl"}
    mssante = practitioner["telecom"][0]
    assert mssante["extension"] == [
        {
            "url": EMAIL_TYPE_EXTENSION,
            "valueCoding": {
                "system": EMAIL_TYPE_SYSTEM,
                "code": "MSSANTE",
                "display": "Messageries de l'espace de confiance MSSanté",
            },
        }
    ]
    assert mssante["value"] == "ide@infirmier.mssante.fr"
    assert [t for t in practitioner["telecom"] if "extension" in t] == [mssante]
    assert practitioner["meta"]["profile"] == [
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner"
    ]
    assert {(t["system"], t["value"]) for t in practitioner["telecom"]} == {
        ("phone", "+33611223344"),
        ("email", "cabinet@exemple.test"),
        ("email", "ide@infirmier.mssante.fr"),
        ("url", "https://cabinet.exemple.test/"),
    }
    assert practitioner["name"][0]["family"] == nurse.user.last_name


def test_practitioner_role_bundle_is_valid(client, nurse):
    data = get_json(client, "/api/v1/fhir/PractitionerRole", practitioner=nurse.pk)
    validate_bundle(data)
    assert data["total"] == 1
    role = data["entry"][0]["resource"]
    assert role["practitioner"]["reference"] == f"Practitioner/{nurse.pk}"
    assert role["code"][0]["coding"][0]["code"] == "60"
    assert role["specialty"] == [{"text": "plaies et cicatrisation"}]
    cabinet, *locations = role["contained"]
    assert role["organization"] == {"reference": "#cabinet"}
    assert cabinet["resourceType"] == "Organization" and cabinet["id"] == "cabinet"
    Organization.model_validate(cabinet)
    # The practice's street is for members only on the second site: not in the organization either.
    assert [address.get("line") for address in cabinet["address"]] == [
        ["2 place de la République"],
        None,
    ]
    assert cabinet["name"] == "Cabinet de la Place"
    assert [loc["address"]["city"] for loc in locations] == ["Gignac", "Aniane"]
    assert "line" in locations[0]["address"] and "position" in locations[0]
    # The second site's address is for members only: a visitor gets the commune, no street, no position.
    assert "line" not in locations[1]["address"] and "position" not in locations[1]
    assert "Secrète" not in str(data)


def test_organization_bundle_is_valid_with_finess(client):
    had = ResourceFactory(
        name="HAD du Cœur d'Hérault",
        category="had",
        finess="340780477",
        website="https://had.test/",
    )
    ResourceFactory(
        name="Association des aidants",
        category="association_patients",
        finess="",
        phone="",
        email="",
    )
    ResourceFactory(name="Non publiée", is_published=False)
    data = get_json(client, "/api/v1/fhir/Organization", _count=100)
    validate_bundle(data)
    assert data["total"] == Resource.objects.filter(is_published=True).count()
    assert "Non publiée" not in str(data)
    organization = next(e["resource"] for e in data["entry"] if e["resource"]["id"] == str(had.pk))
    assert {
        (i["system"], i["value"], i["type"]["coding"][0]["code"])
        for i in organization["identifier"]
    } == {
        (IDNST_SYSTEM, "1340780477", "IDNST"),
        (FINESS_SYSTEM, "340780477", "FINEG"),
    }
    assert FINESS_SYSTEM == "https://finess.esante.gouv.fr"
    assert organization["meta"]["profile"] == [
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization"
    ]
    geographical, category = organization["type"]
    assert geographical["coding"][0]["code"] == "GEOGRAPHICAL-ENTITY"
    assert geographical["coding"][0]["system"].endswith("/fr-core-cs-v2-3307")
    assert category["coding"][0]["code"] == "had"
    assert category["coding"][0]["system"].endswith("/api/v1/fhir/CodeSystem/categorie-ressource")
    assert category["text"] == "Hospitalisation à domicile (HAD)"
    assert organization["address"][0]["city"] == had.commune


def test_read_endpoints_return_valid_resources_or_operation_outcome(client, nurse):
    resource = ResourceFactory()
    for model, url in (
        (Practitioner, f"Practitioner/{nurse.pk}"),
        (PractitionerRole, f"PractitionerRole/{nurse.pk}"),
        (Organization, f"Organization/{resource.pk}"),
    ):
        model.model_validate(validate_r4(get_json(client, f"/api/v1/fhir/{url}")))
    for url in ("Practitioner/999999", "PractitionerRole/999999", "Organization/999999"):
        response = client.get(f"/api/v1/fhir/{url}")
        assert response.status_code == 404
        assert validate_r4(response.json())["resourceType"] == "OperationOutcome"


def test_the_validation_harness_rejects_an_invalid_resource(client, nurse):
    """Guard: these tests would catch an invalid resource, not only a valid one."""
    data = get_json(client, "/api/v1/fhir/Practitioner", identifier=nurse.user.membership.rpps)
    assert data["total"] == 1
    validate_bundle(data)
    broken_shape = copy.deepcopy(data)
    broken_shape["entry"][0]["resource"]["name"] = "Pas une liste"
    with pytest.raises(SchemaError):
        validate_bundle(broken_shape)
    with pytest.raises(ValidationError):
        Bundle.model_validate(broken_shape)
    broken_code = copy.deepcopy(data)
    broken_code["entry"][0]["resource"]["telecom"][0]["system"] = "pigeon"
    with pytest.raises(SchemaError):
        validate_bundle(broken_code)
    with pytest.raises(AssertionError):
        check_codes(broken_code["entry"][0]["resource"])
    unknown_field = copy.deepcopy(data)
    unknown_field["entry"][0]["resource"]["rpps"] = "1"
    with pytest.raises(SchemaError):
        validate_bundle(unknown_field)
    with pytest.raises(ValidationError):
        Bundle.model_validate(unknown_field)
    bad_extension = copy.deepcopy(data)
    bad_extension["entry"][0]["resource"]["telecom"][0]["extension"] = [{"valueCode": "x"}]
    # The JSON schema does not require Extension.url; the FHIR model does.
    with pytest.raises(ValidationError):
        validate_bundle(bad_extension)


def test_search_parameters(client, nurse, adeli_member):
    rpps = nurse.user.membership.rpps

    def total(url, **params):
        return get_json(client, url, **params)["total"]

    assert total("/api/v1/fhir/Practitioner", identifier=rpps) == 1
    assert total("/api/v1/fhir/Practitioner", identifier=f"{IDNPS_SYSTEM}|8{rpps}") == 1
    assert total("/api/v1/fhir/Practitioner", identifier="0341234567") == 1
    assert total("/api/v1/fhir/Practitioner", identifier="not-a-number") == 0
    assert total("/api/v1/fhir/Practitioner", name=nurse.user.last_name[:4]) >= 1
    nurses = Profile.objects.listed().filter(user__membership__profession__code="60").count()
    assert total("/api/v1/fhir/PractitionerRole", role=f"{PROFESSION_SYSTEM}|60") == nurses
    roles = get_json(client, "/api/v1/fhir/PractitionerRole", role="96", _count=100)["entry"]
    assert str(adeli_member.pk) in {entry["resource"]["id"] for entry in roles}
    assert {entry["resource"]["code"][0]["coding"][0]["code"] for entry in roles} == {"96"}
    assert total("/api/v1/fhir/PractitionerRole", practitioner=nurse.pk) == 1
    ResourceFactory(finess="340780477", category="had", commune="Lodève", communes_covered="")
    assert total("/api/v1/fhir/Organization", identifier="340780477") == 1
    assert total("/api/v1/fhir/Organization", identifier=f"{IDNST_SYSTEM}|1340780477") == 1
    hads = get_json(client, "/api/v1/fhir/Organization", type="had", _count=100)["entry"]
    assert {entry["resource"]["type"][-1]["text"] for entry in hads} == {
        "Hospitalisation à domicile (HAD)"
    }
    in_gignac = get_json(client, "/api/v1/fhir/Organization", **{"address-city": "Gignac"})
    assert in_gignac["total"] == Resource.objects.published().covering("Gignac").count()


def test_paging_with_count(client):
    from directory.factories import PracticeSiteFactory

    for _ in range(5):
        PracticeSiteFactory()
    listed = Profile.objects.listed().count()
    assert listed >= 5
    data = get_json(client, "/api/v1/fhir/Practitioner", _count=2)
    validate_bundle(data)
    assert data["total"] == listed and len(data["entry"]) == 2
    next_url = next(link["url"] for link in data["link"] if link["relation"] == "next")
    second = client.get(next_url).json()
    assert len(second["entry"]) == 2
    assert {e["resource"]["id"] for e in second["entry"]}.isdisjoint(
        {e["resource"]["id"] for e in data["entry"]}
    )
    everything = get_json(client, "/api/v1/fhir/Practitioner", _count=10**9)["entry"]
    assert len(everything) == min(100, listed)
    # A number FHIR cannot read is a 400 with an OperationOutcome; any text (even a NUL or a
    # reference to no practitioner) is a search that finds nothing.
    for resource, bad, status in (
        ("PractitionerRole", {"_count": "abc"}, 400),
        ("PractitionerRole", {"page": "0"}, 400),
        ("Practitioner", {"identifier": "\x00"}, 200),
        ("PractitionerRole", {"practitioner": str(2**80)}, 200),
    ):
        response = client.get(f"/api/v1/fhir/{resource}", bad)
        assert response.status_code == status, (bad, response.status_code)
        assert response["Content-Type"].startswith("application/fhir+json")
        if status == 400:
            assert response.json()["resourceType"] == "OperationOutcome"
        else:
            assert response.json()["total"] == 0, bad


@pytest.mark.parametrize("resource_type", ["Practitioner", "PractitionerRole"])
def test_fixed_number_of_queries(django_assert_max_num_queries, resource_type):
    url = f"/api/v1/fhir/{resource_type}?_count=100"
    PracticeSiteFactory(profile=ProfileFactory(specialties=["diabète"]))
    with django_assert_max_num_queries(20) as small:
        Client().get(url)
    for _ in range(20):
        PracticeSiteFactory(profile=ProfileFactory(specialties=["diabète", "plaies"]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = Client().get(url)
    assert response.json()["total"] == Profile.objects.listed().count()
    print(f"/api/v1/fhir/{resource_type}: {len(small.captured_queries)} queries")


def test_an_installation_exports_as_valid_fhir(client, people):
    """The people's entries (as approval made them), a filled-in entry with sites of every
    visibility, a member with an ADELI number, a resource of every category: all valid FHIR,
    and the totals count what was built (the applicant and an unpublished resource are out)."""
    full = ProfileFactory(
        user=people.medecin,
        civility="dr",
        languages="fr,oc",
        mssante="medecin@medecin.mssante.fr",
        mssante_visibility=Visibility.PUBLIC,
        website="https://cabinet-medical.exemple.test/",
        website_visibility=Visibility.MEMBERS,
        specialties=["diabète", "soins palliatifs"],
    )
    full.sites.all().delete()
    PracticeSiteFactory(profile=full, commune="Lodève", postcode="34700")
    PracticeSiteFactory(
        profile=full,
        name="Maison de santé",
        commune="Le Caylar",
        postcode="34520",
        address_visibility=Visibility.MEMBERS,
        phone_visibility=Visibility.HIDDEN,
        position=1,
    )
    adeli = ProfessionFactory(
        name="Psychomotricien", plural="psychomotriciens", slug="psychomotriciens", code="96"
    )
    MembershipFactory(profession=adeli, rpps=None, adeli="341234567", approved=True)
    for category in Resource.Category:
        ResourceFactory(category=category)
    ResourceFactory(is_published=False)
    # Approved: the bureau officer, the doctor, the nurse, the validator and the ADELI member.
    expected = {"Practitioner": 5, "PractitionerRole": 5, "Organization": len(Resource.Category)}
    for resource_type, total in expected.items():
        data = get_json(client, f"/api/v1/fhir/{resource_type}", _count=100)
        assert data["total"] == total, resource_type
        assert len(data["entry"]) == total, resource_type
        validate_bundle(data)
