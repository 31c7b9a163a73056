"""FHIR exchange: CapabilityStatement, OperationOutcome on every error path, FR Core conventions,
``_count=0``, ``_lastUpdated`` and removals reported without personal data."""

import contextlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from hypothesis import given
from hypothesis import strategies as st

from directory.factories import PracticeSiteFactory, ProfileFactory, ResourceFactory
from directory.fhir import PROFILES
from directory.fhir.common import LAST_UPDATED_PATTERN, SearchError, last_updated_filters
from directory.models import Profile, Resource, Tombstone, Visibility
from portal.members import services
from portal.members.factories import MembershipFactory
from portal.members.models import Profession
from portal.members.services_account import close_account

from .fhir_schema import validate_r4
from .test_fhir import validate_bundle

pytestmark = pytest.mark.django_db

FHIR = "/api/v1/fhir"


def fhir_get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    return response.json()


def assert_outcome(data, code):
    OperationOutcome.model_validate(validate_r4(data))
    assert data["resourceType"] == "OperationOutcome"
    assert data["issue"][0]["code"] == code and data["issue"][0]["diagnostics"]


# --- CapabilityStatement ------------------------------------------------------------


def test_capability_statement_lists_exactly_what_is_served(client):
    statement = fhir_get(client, f"{FHIR}/metadata")
    CapabilityStatement.model_validate(validate_r4(statement))
    assert statement["fhirVersion"] == "4.0.1" and statement["kind"] == "instance"
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(resources) == {"Practitioner", "PractitionerRole", "Organization"}

    # Compare with the routes themselves, through the OpenAPI document.
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    fhir_paths = {path for path in paths if path.startswith(f"{FHIR}/")}
    assert fhir_paths == {f"{FHIR}/metadata"} | {
        path for t in resources for path in (f"{FHIR}/{t}", f"{FHIR}/{t}/{{{_id(paths, t)}}}")
    }
    for resource_type, declared in resources.items():
        assert declared["profile"] == PROFILES[resource_type]
        assert {i["code"] for i in declared["interaction"]} == {"read", "search-type"}
        served = {p["name"] for p in paths[f"{FHIR}/{resource_type}"]["get"]["parameters"]}
        assert {p["name"] for p in declared["searchParam"]} == served - {"page", "_count"}
        assert "_lastUpdated" in served and "_count" in served


def _id(paths, resource_type):
    (path,) = [p for p in paths if p.startswith(f"{FHIR}/{resource_type}/{{")]
    return path.rsplit("{", 1)[1].rstrip("}")


# --- Errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "status", "code"),
    [
        (f"{FHIR}/Patient", {}, 404, "not-supported"),
        (f"{FHIR}/Patient/12", {}, 404, "not-supported"),
        (f"{FHIR}/", {}, 404, "not-supported"),
        (f"{FHIR}/Practitioner/abc", {}, 404, "not-found"),
        (f"{FHIR}/Practitioner/{2**80}", {}, 404, "not-found"),
        (f"{FHIR}/Organization/999999", {}, 404, "not-found"),
        (f"{FHIR}/Practitioner", {"_count": "abc"}, 400, "invalid"),
        (f"{FHIR}/Practitioner", {"_count": "-1"}, 400, "invalid"),
        (f"{FHIR}/PractitionerRole", {"page": "0"}, 400, "invalid"),
        (f"{FHIR}/Organization", {"_lastUpdated": "sa2024-01-01"}, 400, "invalid"),
        (f"{FHIR}/Practitioner", {"_lastUpdated": "ge2024-13-45"}, 400, "invalid"),
        (f"{FHIR}/Practitioner", {"name": "x" * 500}, 400, "invalid"),
    ],
)
def test_every_error_is_an_operation_outcome(client, url, params, status, code):
    assert_outcome(fhir_get(client, url, params, status=status), code)


def test_writes_are_refused_with_an_operation_outcome(client):
    response = client.post(f"{FHIR}/Patient", {}, content_type="application/fhir+json")
    assert response.status_code == 405
    assert_outcome(response.json(), "not-supported")


def test_openapi_documents_the_error_answers(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        responses = operations["get"]["responses"]
        if not path.startswith(f"{FHIR}/"):
            assert "422" in responses, path
        elif "{" in path:
            assert {"404", "410"} <= set(responses), path
        elif not path.endswith("/metadata"):
            assert "400" in responses, path


def test_the_json_api_still_answers_422_with_details(client):
    response = client.get("/api/v1/professionals", {"page": "abc"})
    assert response.status_code == 422 and response.json()["detail"]


# --- FR Core conventions -----------------------------------------------------------------


def test_profession_display_is_the_official_tre_g15_label(client):
    kine = Profession.objects.get(code="70")
    # Even if the bureau's copy lost it, the code's official label is what goes out.
    Profession.objects.filter(pk=kine.pk).update(official_label="")
    profile = ProfileFactory(user=MembershipFactory(profession=kine, approved=True).user)
    data = fhir_get(client, f"{FHIR}/PractitionerRole/{profile.pk}")
    PractitionerRole.model_validate(validate_r4(data))
    assert data["meta"]["profile"] == [PROFILES["PractitionerRole"]]
    assert data["code"][0]["coding"][0]["display"] == "Masseur-Kinésithérapeute"


def test_hidden_or_members_only_mssante_never_leaks(client):
    profile = ProfileFactory(mssante="secret@medecin.mssante.fr")
    PracticeSiteFactory(profile=profile)
    for visibility in (Visibility.MEMBERS, Visibility.HIDDEN):
        Profile.objects.filter(pk=profile.pk).update(mssante_visibility=visibility)
        for resource_type in ("Practitioner", "PractitionerRole"):
            data = validate_r4(fhir_get(client, f"{FHIR}/{resource_type}/{profile.pk}"))
            assert "secret@" not in str(data)
            bundle = fhir_get(client, f"{FHIR}/{resource_type}", {"_count": 100})
            assert "secret@" not in str(bundle)


def test_count_zero_returns_the_total_only(client):
    for _ in range(3):
        ProfileFactory()
    data = fhir_get(client, f"{FHIR}/Practitioner", {"_count": 0})
    validate_bundle(data)
    assert data["total"] == Profile.objects.listed().count() >= 3
    assert "entry" not in data
    assert [link["relation"] for link in data["link"]] == ["self"]


# --- _lastUpdated and removals --------------------------------------------------------------


def _at(profile, moment):
    Profile.objects.filter(pk=profile.pk).update(updated_at=moment)


def _ids(data):
    return {entry["resource"]["id"] for entry in data.get("entry", [])}


def test_last_updated_prefixes(client):
    now = timezone.now().replace(microsecond=0)
    old, recent = ProfileFactory(), ProfileFactory()
    _at(old, now - timedelta(days=30))
    _at(recent, now - timedelta(days=1))
    day = (now - timedelta(days=2)).date().isoformat()

    def ids(*values):
        data = fhir_get(
            client, f"{FHIR}/Practitioner", {"_lastUpdated": list(values), "_count": 100}
        )
        validate_bundle(data)
        return _ids(data) & {str(old.pk), str(recent.pk)}

    assert ids(f"ge{day}") == {str(recent.pk)}
    assert ids(f"gt{day}") == {str(recent.pk)}
    assert ids(f"lt{day}") == {str(old.pk)}
    assert ids(f"le{day}") == {str(old.pk)}
    assert ids(f"ge{(now - timedelta(days=40)).date()}", f"lt{day}") == {str(old.pk)}
    exact = (now - timedelta(days=1)).isoformat()
    assert ids(f"eq{exact}") == {str(recent.pk)}
    assert ids(exact[:4]) >= ids(f"ge{exact}")


def test_closed_account_is_reported_as_removed_without_personal_data(client):
    since = (timezone.now() - timedelta(minutes=1)).isoformat(timespec="seconds")
    kept = ProfileFactory(mssante="reste@medecin.mssante.fr", mssante_visibility=Visibility.PUBLIC)
    leaving = ProfileFactory(mssante="part@medecin.mssante.fr", mssante_visibility="public")
    user, pk = leaving.user, leaving.pk
    name, rpps = user.last_name, user.membership.rpps
    close_account(user)

    for resource_type in ("Practitioner", "PractitionerRole"):
        data = fhir_get(
            client, f"{FHIR}/{resource_type}", {"_lastUpdated": f"ge{since}", "_count": 100}
        )
        validate_bundle(data)
        by_id = {e["resource"]["id"]: e["resource"] for e in data["entry"]}
        assert by_id[str(kept.pk)]["active"] is True
        tombstone = by_id[str(pk)]
        assert tombstone == {
            "resourceType": resource_type,
            "id": str(pk),
            "meta": {"lastUpdated": tombstone["meta"]["lastUpdated"]},
            "active": False,
        }
        assert name not in str(data) and rpps not in str(data) and "part@" not in str(data)
        assert data["total"] == len(data["entry"])
        assert_outcome(fhir_get(client, f"{FHIR}/{resource_type}/{pk}", status=410), "deleted")
        # A plain search (no _lastUpdated) shows what is listed, nothing removed.
        assert str(pk) not in _ids(fhir_get(client, f"{FHIR}/{resource_type}", {"_count": 100}))
    later = (timezone.now() + timedelta(minutes=1)).isoformat(timespec="seconds")
    assert "entry" not in fhir_get(client, f"{FHIR}/Practitioner", {"_lastUpdated": f"ge{later}"})


def test_suspension_removes_and_reinstatement_brings_back(client):
    profile = ProfileFactory()
    membership = profile.user.membership
    _at(profile, timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(minutes=1)).isoformat(timespec="seconds")
    services.suspend(membership, reason="Cotisation")
    assert Tombstone.objects.filter(kind="profile", object_id=profile.pk).exists()
    data = fhir_get(client, f"{FHIR}/Practitioner", {"_lastUpdated": f"ge{since}"})
    assert {"id": str(profile.pk), "active": False} in [
        {"id": e["resource"]["id"], "active": e["resource"]["active"]} for e in data["entry"]
    ]
    services.reinstate(membership)
    assert not Tombstone.objects.filter(kind="profile", object_id=profile.pk).exists()
    data = fhir_get(client, f"{FHIR}/Practitioner", {"_lastUpdated": f"ge{since}"})
    Practitioner.model_validate(
        next(e for e in data["entry"] if e["resource"]["id"] == str(profile.pk))["resource"]
    )
    assert fhir_get(client, f"{FHIR}/Practitioner/{profile.pk}")["active"] is True


def test_unpublished_resource_is_reported_as_removed(client):
    since = (timezone.now() - timedelta(minutes=1)).isoformat(timespec="seconds")
    resource = ResourceFactory(name="Service fermé")
    resource.is_published = False
    resource.save()
    data = fhir_get(client, f"{FHIR}/Organization", {"_lastUpdated": f"ge{since}"})
    Bundle.model_validate(validate_r4(data))
    (entry,) = [e for e in data["entry"] if e["resource"]["id"] == str(resource.pk)]
    assert entry["resource"]["active"] is False and "Service fermé" not in str(data)
    assert fhir_get(client, f"{FHIR}/Organization/{resource.pk}", status=410)
    Resource.objects.filter(pk=resource.pk).delete()
    assert Tombstone.objects.filter(kind="resource", object_id=resource.pk).count() == 1


def test_paging_runs_on_from_live_entries_into_removals(client):
    since = (timezone.now() - timedelta(minutes=1)).isoformat(timespec="seconds")
    live = [ProfileFactory() for _ in range(2)]
    for _ in range(3):
        close_account(ProfileFactory().user)
    seen, url, params = [], f"{FHIR}/Practitioner", {"_lastUpdated": f"ge{since}", "_count": 2}
    while url:
        data = fhir_get(client, url, params)
        seen += [(e["resource"]["id"], e["resource"]["active"]) for e in data.get("entry", [])]
        url = next((link["url"] for link in data["link"] if link["relation"] == "next"), None)
        params = None
    assert len(seen) == len(set(seen)) == data["total"]
    assert {pk for pk, active in seen if active} >= {str(p.pk) for p in live}
    assert sum(1 for _, active in seen if not active) == 3


def test_repeated_last_updated_bounds_all_apply():
    lookups = last_updated_filters(["ge2024", "ge2025-06", "lt2026", "le2025-12-31"], "at")
    tz = timezone.get_current_timezone()
    assert lookups == {
        "at__gte": datetime(2025, 6, 1, tzinfo=tz),
        "at__lt": datetime(2026, 1, 1, tzinfo=tz),
    }


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_last_updated_eq_contains_its_own_instant(moment):
    moment = moment.replace(tzinfo=UTC)
    lookups = last_updated_filters([f"eq{moment.isoformat()}"], "at")
    assert lookups["at__gte"] <= moment < lookups["at__lt"]


@given(st.text(max_size=40))
def test_last_updated_never_crashes_on_any_text(text):
    with contextlib.suppress(SearchError):
        last_updated_filters([text], "at")


@given(st.from_regex(LAST_UPDATED_PATTERN, fullmatch=True))
def test_every_value_the_openapi_pattern_allows_is_accepted(text):
    """What the OpenAPI document promises (the fuzzer sends it) is read, never refused."""
    last_updated_filters([text], "at")
    for leap_day in ("2024-02-29", "2000-02-29"):
        assert re.match(LAST_UPDATED_PATTERN, leap_day)
    for missing_day in ("2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-1٠-01"):
        assert not re.match(LAST_UPDATED_PATTERN, missing_day)
