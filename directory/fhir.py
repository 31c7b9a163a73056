"""FHIR R4 view of the directory: ``Practitioner``, ``PractitionerRole`` and ``Organization``.

Served under ``/api/v1/fhir/`` as ``searchset`` Bundles. Contact values come
from :func:`directory.visibility.visible_contact` only, so a hospital or a
regional directory reading this anonymously gets exactly the public directory.

Identifiers follow the conventions of the ANS (Annuaire Santé FHIR IG and FR
Core):

- ``urn:oid:1.2.250.1.71.4.2.1`` is the national identifier of a professional
  (IDNPS): "8" + RPPS number, or "0" + ADELI number, typed ``IDNPS``;
- the bare RPPS number is also given with system ``https://rpps.esante.gouv.fr``,
  typed ``RPPS`` (there is no public system URI for a bare ADELI number, so an
  ADELI holder only gets the IDNPS form, which carries the ADELI number);
- a structure's national identifier (IDNST) is ``urn:oid:1.2.250.1.71.4.2.2``
  with value "1" + FINESS number; the bare FINESS number is also given with
  system ``http://finess.sante.gouv.fr``, typed ``FINEG``;
- professions are coded in the national nomenclature TRE_G15.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router

from .api import MAX_ID, MAX_PAGE, clean_text, listed_profiles, paginate, published_resources
from .models import Profile, Resource
from .visibility import get_viewer, visible_contact

FHIR_CONTENT_TYPE = "application/fhir+json; charset=utf-8"

IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2"
RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
FINESS_SYSTEM = "http://finess.sante.gouv.fr"
IDENTIFIER_TYPE_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
PROFESSION_SYSTEM = (
    "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante"
)
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
# Our language codes that are not BCP 47 tags.
BCP47 = {"lsf": "fsl"}

DEFAULT_COUNT = 20
MAX_COUNT = 100

router = Router(tags=["FHIR R4"])

_BUNDLE_DOC = {
    "responses": {
        200: {
            "description": "Bundle FHIR R4 de type searchset",
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        }
    }
}
_READ_DOC = {
    "responses": {
        200: {
            "description": "Ressource FHIR R4",
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        },
        404: {
            "description": "OperationOutcome : ressource inconnue",
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        },
    }
}


def fhir_response(data, status=200):
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=FHIR_CONTENT_TYPE,
    )


def not_found(what):
    return fhir_response(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": "error", "code": "not-found", "diagnostics": f"{what} introuvable."}
            ],
        },
        status=404,
    )


def _coding_type(code, display):
    return {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": code, "display": display}]}


def _instant(value):
    return value.isoformat(timespec="seconds") if value else None


def _token_value(token):
    """The value part of a FHIR token search parameter (``system|value`` or ``value``)."""
    return clean_text(token).rsplit("|", 1)[-1].strip()


# --- Professionals -------------------------------------------------------------


def practitioner_identifiers(data):
    identifiers = []
    if data["rpps"]:
        identifiers.append(
            {
                "use": "official",
                "type": _coding_type("IDNPS", "Identifiant National de Professionnel de Santé"),
                "system": IDNPS_SYSTEM,
                "value": "8" + data["rpps"],
            }
        )
        identifiers.append(
            {
                "use": "official",
                "type": _coding_type("RPPS", "N° RPPS"),
                "system": RPPS_SYSTEM,
                "value": data["rpps"],
            }
        )
    elif data["adeli"]:
        identifiers.append(
            {
                "use": "official",
                "type": _coding_type("IDNPS", "Identifiant National de Professionnel de Santé"),
                "system": IDNPS_SYSTEM,
                "value": "0" + data["adeli"],
            }
        )
    return identifiers


def profession_concept(data):
    return {
        "coding": [
            {
                "system": PROFESSION_SYSTEM,
                "code": data["profession_code"],
                "display": data["profession_official"],
            }
        ],
        "text": data["profession"],
    }


def practitioner(request, data):
    """A ``Practitioner`` from a ``visible_contact`` dict."""
    name = {"use": "usual", "family": data["last_name"] or data["name"]}
    if data["first_name"]:
        name["given"] = [data["first_name"]]
    if data["civility_display"]:
        name["prefix"] = [data["civility_display"]]
    telecom = []
    if data["mobile"]:
        telecom.append({"system": "phone", "value": data["mobile"], "use": "mobile"})
    if data["email"]:
        telecom.append({"system": "email", "value": data["email"], "use": "work"})
    if data["mssante"]:
        telecom.append({"system": "email", "value": data["mssante"], "use": "work", "rank": 1})
    if data["website"]:
        telecom.append({"system": "url", "value": data["website"], "use": "work"})
    resource = {
        "resourceType": "Practitioner",
        "id": str(data["id"]),
        "meta": {"lastUpdated": _instant(data["updated_at"])},
        "identifier": practitioner_identifiers(data),
        "active": True,
        "name": [name],
    }
    if telecom:
        resource["telecom"] = telecom
    if data["photo"]:
        resource["photo"] = [{"url": request.build_absolute_uri(data["photo"])}]
    if data["profession_code"]:
        resource["qualification"] = [{"code": profession_concept(data)}]
    if data["languages"]:
        resource["communication"] = [
            {"coding": [{"system": LANGUAGE_SYSTEM, "code": BCP47.get(code, code)}]}
            for code in data["languages"]
        ]
    return resource


def site_location(site):
    """A contained ``Location`` for a practice site (address and position only when visible)."""
    address = {"use": "work", "city": site["commune"], "country": "FR"}
    if site["address"]:
        address["line"] = [site["address"]]
    if site["postcode"]:
        address["postalCode"] = site["postcode"]
    location = {
        "resourceType": "Location",
        "id": f"site-{site['id']}",
        "status": "active",
        "address": address,
    }
    if site["name"]:
        location["name"] = site["name"]
    if site["phone"]:
        location["telecom"] = [{"system": "phone", "value": site["phone"], "use": "work"}]
    if site["precise_position"] and site["latitude"] is not None:
        location["position"] = {"latitude": site["latitude"], "longitude": site["longitude"]}
    if site["opening_notes"]:
        location["description"] = site["opening_notes"]
    return location


def practitioner_role(request, data):
    """A ``PractitionerRole``: the member's profession, practice sites and practical details."""
    locations = [site_location(site) for site in data["sites"]]
    resource = {
        "resourceType": "PractitionerRole",
        "id": str(data["id"]),
        "meta": {"lastUpdated": _instant(data["updated_at"])},
        "active": True,
        "practitioner": {"reference": f"Practitioner/{data['id']}", "display": data["name"]},
    }
    if locations:
        resource["contained"] = locations
        resource["location"] = [{"reference": f"#{location['id']}"} for location in locations]
    if data["profession_code"]:
        resource["code"] = [profession_concept(data)]
    if data["specialties"]:
        resource["specialty"] = [{"text": name} for name in data["specialties"]]
    telecom = [
        {"system": "phone", "value": site["phone"], "use": "work"}
        for site in data["sites"]
        if site["phone"]
    ]
    if telecom:
        resource["telecom"] = telecom
    notes = ["Visites à domicile" if data["home_visits"] else "Pas de visites à domicile"]
    if data["accepts_new_patients"] is not None:  # unknown until the member answers
        notes.append(
            "Accepte de nouveaux patients"
            if data["accepts_new_patients"]
            else "N'accepte pas de nouveaux patients"
        )
    resource["availabilityExceptions"] = " ; ".join(notes)
    return resource


# --- Resources -------------------------------------------------------------------


def organization(resource):
    identifiers = []
    if resource.finess:
        identifiers = [
            {
                "use": "official",
                "type": _coding_type("IDNST", "Identifiant National de Structure"),
                "system": IDNST_SYSTEM,
                "value": "1" + resource.finess,
            },
            {
                "use": "official",
                "type": _coding_type("FINEG", "FINESS d'entité géographique"),
                "system": FINESS_SYSTEM,
                "value": resource.finess,
            },
        ]
    data = {
        "resourceType": "Organization",
        "id": str(resource.pk),
        "meta": {"lastUpdated": _instant(resource.updated_at)},
        "active": True,
        "type": [{"text": str(resource.get_category_display())}],
        "name": resource.name,
    }
    if identifiers:
        data["identifier"] = identifiers
    telecom = []
    if resource.phone:
        telecom.append({"system": "phone", "value": str(resource.phone), "use": "work"})
    if resource.email:
        telecom.append({"system": "email", "value": resource.email, "use": "work"})
    if resource.website:
        telecom.append({"system": "url", "value": resource.website, "use": "work"})
    if telecom:
        data["telecom"] = telecom
    address = {"use": "work", "city": resource.commune, "country": "FR"}
    if resource.address:
        address["line"] = [resource.address]
    if resource.postcode:
        address["postalCode"] = resource.postcode
    data["address"] = [address]
    return data


# --- Bundles and endpoints ----------------------------------------------------------------


def bundle(request, items, envelope, build, resource_type):
    links = [{"relation": "self", "url": request.build_absolute_uri()}]
    if envelope["next"]:
        links.append({"relation": "next", "url": envelope["next"]})
    if envelope["previous"]:
        links.append({"relation": "previous", "url": envelope["previous"]})
    base = request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/")
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": envelope["count"],
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}{resource_type}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in (build(item) for item in items)
        ],
    }


def _professionals_from_identifier(qs, identifier):
    value = _token_value(identifier)
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
    role = _token_value(role) if role else ""
    if role:
        qs = qs.filter(user__membership__profession__code=role)
    return qs


PAGE = Query(1, ge=1, le=MAX_PAGE, description="Numéro de page, à partir de 1.")
COUNT = Query(
    None,
    alias="_count",
    description=f"Résultats par page ({DEFAULT_COUNT} par défaut, au plus {MAX_COUNT}).",
)


def _search(request, qs, page, count, build, resource_type):
    count = DEFAULT_COUNT if count is None else max(1, min(count, MAX_COUNT))
    items, envelope = paginate(request, qs, page, count, size_param="_count")
    return fhir_response(bundle(request, items, envelope, build, resource_type))


@router.get("/Practitioner", summary="Recherche de Practitioner", openapi_extra=_BUNDLE_DOC)
def search_practitioners(
    request: HttpRequest,
    identifier: str | None = Query(
        None, max_length=120, description="RPPS, ADELI ou IDNPS (system|value accepté)."
    ),
    name: str | None = Query(None, max_length=100, description="Nom ou prénom (contient)."),
    address_city: str | None = Query(
        None, alias="address-city", max_length=100, description="Commune."
    ),
    page: int = PAGE,
    count: int | None = COUNT,
):
    viewer = get_viewer(request.user)
    qs = _profiles(identifier=identifier, name=name, city=address_city)
    return _search(
        request,
        qs,
        page,
        count,
        lambda p: practitioner(request, visible_contact(p, viewer)),
        "Practitioner",
    )


@router.get(
    "/Practitioner/{profile_id}", summary="Lecture d'un Practitioner", openapi_extra=_READ_DOC
)
def read_practitioner(request: HttpRequest, profile_id: int = Path(..., ge=1, le=MAX_ID)):
    profile = Profile.objects.listed().with_related().filter(pk=profile_id).first()
    if profile is None:
        return not_found("Practitioner")
    return fhir_response(practitioner(request, visible_contact(profile, get_viewer(request.user))))


@router.get("/PractitionerRole", summary="Recherche de PractitionerRole", openapi_extra=_BUNDLE_DOC)
def search_practitioner_roles(
    request: HttpRequest,
    role: str | None = Query(
        None, max_length=120, description="Code profession TRE_G15 (ex. 60 pour infirmier)."
    ),
    practitioner_id: int | None = Query(
        None, alias="practitioner", ge=1, le=MAX_ID, description="Id du Practitioner."
    ),
    address_city: str | None = Query(
        None, alias="address-city", max_length=100, description="Commune."
    ),
    page: int = PAGE,
    count: int | None = COUNT,
):
    viewer = get_viewer(request.user)
    qs = _profiles(role=role, city=address_city)
    if practitioner_id:
        qs = qs.filter(pk=practitioner_id)
    return _search(
        request,
        qs,
        page,
        count,
        lambda p: practitioner_role(request, visible_contact(p, viewer)),
        "PractitionerRole",
    )


@router.get(
    "/PractitionerRole/{profile_id}",
    summary="Lecture d'un PractitionerRole",
    openapi_extra=_READ_DOC,
)
def read_practitioner_role(request: HttpRequest, profile_id: int = Path(..., ge=1, le=MAX_ID)):
    profile = Profile.objects.listed().with_related().filter(pk=profile_id).first()
    if profile is None:
        return not_found("PractitionerRole")
    return fhir_response(
        practitioner_role(request, visible_contact(profile, get_viewer(request.user)))
    )


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
    address_city: str | None = Query(
        None, alias="address-city", max_length=100, description="Commune."
    ),
    type_: str | None = Query(
        None, alias="type", max_length=30, description="Catégorie de ressource."
    ),
    page: int = PAGE,
    count: int | None = COUNT,
):
    qs = published_resources(category=_token_value(type_) if type_ else None, commune=address_city)
    if identifier:
        value = _token_value(identifier).upper()
        if len(value) == 10 and value.startswith("1"):
            value = value[1:]
        qs = qs.filter(finess=value) if len(value) == 9 else qs.none()
    name = clean_text(name)
    if name:
        qs = qs.filter(name__icontains=name)
    return _search(request, qs, page, count, organization, "Organization")


@router.get(
    "/Organization/{resource_id}", summary="Lecture d'une Organization", openapi_extra=_READ_DOC
)
def read_organization(request: HttpRequest, resource_id: int = Path(..., ge=1, le=MAX_ID)):
    resource = Resource.objects.published().filter(pk=resource_id).first()
    if resource is None:
        return not_found("Organization")
    return fhir_response(organization(resource))
