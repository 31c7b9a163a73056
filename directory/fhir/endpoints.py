"""The FHIR routes under ``/api/v1/fhir/``: metadata, search and read of each resource type."""

from typing import Annotated

from django.db.models import Max, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from pydantic import StringConstraints

from ..listing import MAX_ID, MAX_PAGE, clean_text, listed_profiles, published_resources
from ..models import Profile, Resource
from ..tombstones import Tombstone
from ..visibility import visible_contact
from .capability import capability_statement
from .common import (
    DEFAULT_COUNT,
    LAST_UPDATED_PATTERN,
    MAX_COUNT,
    SearchError,
    fhir_response,
    gone,
    last_updated_filters,
    not_found,
    operation_outcome,
    token_value,
)
from .resources import organization, practitioner, practitioner_role, tombstone_resource

router = Router(tags=["FHIR R4"])
RESOURCE_TYPES = {practitioner: "Practitioner", practitioner_role: "PractitionerRole"}

_FHIR_JSON = {"application/fhir+json": {"schema": {"type": "object"}}}
_OUTCOME_400 = {
    "description": "OperationOutcome : paramètre invalide",
    "content": _FHIR_JSON,
}
_BUNDLE_DOC = {
    "responses": {
        200: {"description": "Bundle FHIR R4 de type searchset", "content": _FHIR_JSON},
        400: _OUTCOME_400,
    }
}
_READ_DOC = {
    "responses": {
        200: {"description": "Ressource FHIR R4", "content": _FHIR_JSON},
        404: {"description": "OperationOutcome : ressource inconnue", "content": _FHIR_JSON},
        410: {
            "description": "OperationOutcome : ressource retirée de l'annuaire",
            "content": _FHIR_JSON,
        },
    }
}
_METADATA_DOC = {
    "responses": {200: {"description": "CapabilityStatement FHIR R4", "content": _FHIR_JSON}}
}

PAGE = Query(1, ge=1, le=MAX_PAGE, description="Numéro de page, à partir de 1.")
COUNT = Query(
    None,
    alias="_count",
    ge=0,
    description=f"Résultats par page ({DEFAULT_COUNT} par défaut, au plus {MAX_COUNT}) ; "
    "0 : le total seul.",
)
LAST_UPDATED = Query(
    None,
    alias="_lastUpdated",
    description="Modifiées depuis/avant (ge2026-01-01, gt…, le…, lt…, eq…), répétable.",
)
LastUpdated = list[Annotated[str, StringConstraints(pattern=LAST_UPDATED_PATTERN)]] | None
CITY = Query(None, alias="address-city", max_length=100, description="Commune.")


def _bundle(request, resources, total, count, page, resource_type):
    """A searchset Bundle; ``resources`` is this page's list (empty for ``_count=0``)."""
    links = [{"relation": "self", "url": request.build_absolute_uri()}]

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        query["_count"] = str(count)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    if count and page * count < total:
        links.append({"relation": "next", "url": link(page + 1)})
    if count and page > 1 and (page - 1) * count <= total:
        links.append({"relation": "previous", "url": link(page - 1)})
    base = request.build_absolute_uri(f"/api/v1/fhir/{resource_type}/")
    data = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if resources:
        data["entry"] = [
            {
                "fullUrl": f"{base}{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ]
    return data


def _search(request, qs, *, kind, last_updated, page, count, build, resource_type):
    """One page of live results, followed by removals when ``_lastUpdated`` is asked."""
    try:
        lookups = last_updated_filters(last_updated, "updated_at")
        removed_lookups = last_updated_filters(last_updated, "removed_at")
    except SearchError as exc:
        return operation_outcome(400, "invalid", str(exc))
    qs = qs.filter(**lookups)
    removed = (
        Tombstone.objects.filter(kind=kind, **removed_lookups).order_by("removed_at", "pk")
        if last_updated
        else Tombstone.objects.none()
    )
    live_total = qs.count()
    total = live_total + (removed.count() if last_updated else 0)
    count = DEFAULT_COUNT if count is None else min(count, MAX_COUNT)
    resources = []
    if count:
        offset = (page - 1) * count
        if offset < live_total:
            resources = [build(item) for item in qs[offset : offset + count]]
        room = count - len(resources)
        if room and last_updated:
            start = max(0, offset - live_total)
            resources += [
                tombstone_resource(resource_type, tomb) for tomb in removed[start : start + room]
            ]
    return fhir_response(_bundle(request, resources, total, count, page, resource_type))


def _object_id(raw):
    """A read's id as an int, or None when it cannot name one of ours (answered 404)."""
    raw = clean_text(raw, 30)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        return None
    return int(raw)


def _read(kind, resource_type, object_id, find, build):
    pk = _object_id(object_id)
    found = find(pk) if pk else None
    if found is not None:
        return fhir_response(build(found))
    if pk and Tombstone.objects.filter(kind=kind, object_id=pk).exists():
        return gone(resource_type)
    return not_found(resource_type)


# --- Metadata ------------------------------------------------------------------------


@router.get("/metadata", summary="CapabilityStatement", openapi_extra=_METADATA_DOC)
def metadata(request: HttpRequest):
    latest = [
        Profile.objects.aggregate(at=Max("updated_at"))["at"],
        Resource.objects.aggregate(at=Max("updated_at"))["at"],
        Tombstone.objects.aggregate(at=Max("removed_at"))["at"],
    ]
    when = max((at for at in latest if at), default=None) or timezone.now()
    return fhir_response(capability_statement(request, when.isoformat(timespec="seconds")))


# --- Professionals -------------------------------------------------------------------


def _professionals_from_identifier(qs, identifier):
    value = token_value(identifier)
    if not value.isdigit():
        return qs.none()
    if len(value) == 12 and value[0] == "8":
        return qs.filter(user__membership__rpps=value[1:])
    if len(value) == 10 and value[0] == "0":
        return qs.filter(user__membership__adeli=value[1:])
    if len(value) == 11:
        return qs.filter(user__membership__rpps=value)
    if len(value) == 9:
        return qs.filter(user__membership__adeli=value)
    return qs.none()


def _profiles(identifier=None, name=None, role=None, city=None):
    qs = listed_profiles(commune=city)
    if identifier:
        qs = _professionals_from_identifier(qs, identifier)
    name = clean_text(name)
    if name:
        qs = qs.filter(Q(user__last_name__icontains=name) | Q(user__first_name__icontains=name))
    role = token_value(role) if role else ""
    if role:
        qs = qs.filter(user__membership__profession__code=role)
    return qs


def _listed_profile(pk):
    return Profile.objects.listed().with_related().filter(pk=pk).first()


def _as_seen_by(request, make):
    """``make`` (practitioner, practitioner_role) applied to what the caller may see of an entry."""
    viewer = request.viewer
    return lambda profile: make(request, visible_contact(profile, viewer))


def _search_profiles(request, qs, make, *, last_updated, page, count):
    return _search(
        request,
        qs,
        kind=Tombstone.Kind.PROFILE,
        last_updated=last_updated,
        page=page,
        count=count,
        build=_as_seen_by(request, make),
        resource_type=RESOURCE_TYPES[make],
    )


def _read_profile(request, profile_id, make):
    return _read(
        Tombstone.Kind.PROFILE,
        RESOURCE_TYPES[make],
        profile_id,
        _listed_profile,
        _as_seen_by(request, make),
    )


@router.get("/Practitioner", summary="Recherche de Practitioner", openapi_extra=_BUNDLE_DOC)
def search_practitioners(
    request: HttpRequest,
    identifier: str | None = Query(
        None, max_length=120, description="RPPS, ADELI ou IDNPS (system|value accepté)."
    ),
    name: str | None = Query(None, max_length=100, description="Nom ou prénom (contient)."),
    address_city: str | None = CITY,
    last_updated: LastUpdated = LAST_UPDATED,
    page: int = PAGE,
    count: int | None = COUNT,
):
    return _search_profiles(
        request,
        _profiles(identifier=identifier, name=name, city=address_city),
        practitioner,
        last_updated=last_updated,
        page=page,
        count=count,
    )


@router.get(
    "/Practitioner/{profile_id}", summary="Lecture d'un Practitioner", openapi_extra=_READ_DOC
)
def read_practitioner(request: HttpRequest, profile_id: str):
    return _read_profile(request, profile_id, practitioner)


@router.get("/PractitionerRole", summary="Recherche de PractitionerRole", openapi_extra=_BUNDLE_DOC)
def search_practitioner_roles(
    request: HttpRequest,
    role: str | None = Query(
        None, max_length=120, description="Code profession TRE_G15 (ex. 60 pour infirmier)."
    ),
    practitioner_ref: str | None = Query(
        None, alias="practitioner", max_length=60, description="Practitioner/<id> ou <id>."
    ),
    address_city: str | None = CITY,
    last_updated: LastUpdated = LAST_UPDATED,
    page: int = PAGE,
    count: int | None = COUNT,
):
    qs = _profiles(role=role, city=address_city)
    if practitioner_ref:
        pk = _object_id(clean_text(practitioner_ref, 60).rsplit("/", 1)[-1])
        qs = qs.filter(pk=pk) if pk else qs.none()
    return _search_profiles(
        request, qs, practitioner_role, last_updated=last_updated, page=page, count=count
    )


@router.get(
    "/PractitionerRole/{profile_id}",
    summary="Lecture d'un PractitionerRole",
    openapi_extra=_READ_DOC,
)
def read_practitioner_role(request: HttpRequest, profile_id: str):
    return _read_profile(request, profile_id, practitioner_role)


# --- Territorial resources -------------------------------------------------------------


@router.get(
    "/Organization",
    summary="Recherche d'Organization (ressources territoriales)",
    openapi_extra=_BUNDLE_DOC,
)
def search_organizations(
    request: HttpRequest,
    identifier: str | None = Query(
        None, max_length=120, description="FINESS ou IDNST (system|value accepté)."
    ),
    name: str | None = Query(None, max_length=100, description="Nom (contient)."),
    address_city: str | None = CITY,
    type_: str | None = Query(
        None, alias="type", max_length=200, description="Catégorie de ressource."
    ),
    last_updated: LastUpdated = LAST_UPDATED,
    page: int = PAGE,
    count: int | None = COUNT,
):
    qs = published_resources(category=token_value(type_) if type_ else None, commune=address_city)
    if identifier:
        value = token_value(identifier).upper()
        if len(value) == 10 and value.startswith("1"):
            value = value[1:]
        qs = qs.filter(finess=value) if len(value) == 9 else qs.none()
    name = clean_text(name)
    if name:
        qs = qs.filter(name__icontains=name)
    return _search(
        request,
        qs,
        kind=Tombstone.Kind.RESOURCE,
        last_updated=last_updated,
        page=page,
        count=count,
        build=organization,
        resource_type="Organization",
    )


@router.get(
    "/Organization/{resource_id}", summary="Lecture d'une Organization", openapi_extra=_READ_DOC
)
def read_organization(request: HttpRequest, resource_id: str):
    return _read(
        Tombstone.Kind.RESOURCE,
        "Organization",
        resource_id,
        lambda pk: Resource.objects.published().filter(pk=pk).first(),
        organization,
    )
