"""Read-only JSON API of the directory (django-ninja), served at ``/api/v1/``.

Anonymous callers get public values only; a session-authenticated approved
member also gets members-only values. What is visible is decided by
:func:`directory.visibility.visible_contact`, never here.
"""

import math
from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError

from .fhir.common import operation_outcome
from .listing import MAX_ID, MAX_PAGE, listed_profiles, published_resources
from .models import Profile, Resource
from .visibility import visible_contact

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="Maillage — annuaire",
    version="1",
    description=(
        "API en lecture seule de l'annuaire des professionnels adhérents et des ressources "
        "territoriales. Sans session : seules les informations publiques. Avec la session "
        "d'un adhérent : aussi les informations réservées aux adhérents."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error_text(error):
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "requête"
    return f"{where} : {error.get('msg', 'valeur refusée')}"


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    """422 with the errors; under /fhir/, a FHIR OperationOutcome with 400 (FHIR R4 search.html)."""
    if "/fhir/" in request.path:
        return operation_outcome(
            400, "invalid", "Paramètre invalide : " + " ; ".join(map(_error_text, exc.errors))
        )
    return api.create_response(request, {"detail": exc.errors}, status=422)


def clamp_page_size(page_size):
    if page_size is None:
        return DEFAULT_PAGE_SIZE
    return max(1, min(page_size, MAX_PAGE_SIZE))


def paginate(request, queryset, page, page_size, *, size_param="page_size"):
    """Slice ``queryset``; returns (items, envelope) with next/previous links."""
    page_size = clamp_page_size(page_size)
    count = queryset.count()
    num_pages = max(1, math.ceil(count / page_size))
    offset = (page - 1) * page_size
    items = list(queryset[offset : offset + page_size]) if offset < count else []

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        query[size_param] = str(page_size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    envelope = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "num_pages": num_pages,
        "next": link(page + 1) if page < num_pages else None,
        "previous": link(page - 1) if 1 < page <= num_pages + 1 else None,
    }
    return items, envelope


# --- Schemas ---------------------------------------------------------------


class ProfessionOut(Schema):
    name: str
    slug: str
    code: str


class SiteOut(Schema):
    id: int
    name: str
    address: str | None
    postcode: str
    commune: str
    latitude: float | None
    longitude: float | None
    precise_position: bool
    phone: str | None
    opening_notes: str


class LocumPeriodOut(Schema):
    start: date
    end: date


class ProfessionalOut(Schema):
    id: int
    name: str
    civility: str
    first_name: str
    last_name: str
    profession: ProfessionOut | None
    rpps: str | None
    adeli: str | None
    commune: str
    specialties: list[str]
    languages: list[str]
    home_visits: bool
    accepts_new_patients: bool | None
    available_for_locum: bool
    locum_periods: list[LocumPeriodOut]
    photo: str | None
    mobile: str | None
    email: str | None
    mssante: str | None
    website: str | None
    sites: list[SiteOut]
    confirmed_at: datetime | None
    updated_at: datetime


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None


class ProfessionalPage(PageOut):
    results: list[ProfessionalOut]


class ResourceOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    finess: str | None
    communes_covered: list[str]
    address: str
    postcode: str
    commune: str
    latitude: float | None
    longitude: float | None
    phone: str | None
    email: str | None
    website: str | None
    opening_hours: str
    description: str
    updated_at: datetime


class ResourcePage(PageOut):
    results: list[ResourceOut]


class NotFound(Schema):
    detail: str


class InvalidParameters(Schema):
    """What a refused parameter gets (422): pydantic's list of errors."""

    detail: list[dict]


# --- Serialisation -----------------------------------------------------------


def _or_none(value):
    return value or None


def professional_data(request, profile, viewer):
    """The API view of one entry, built only from what ``visible_contact`` lets through."""
    data = visible_contact(profile, viewer)
    photo = data["photo"]
    return {
        "id": data["id"],
        "name": data["name"],
        "civility": data["civility_display"],
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "profession": (
            {
                "name": data["profession"],
                "slug": data["profession_slug"],
                "code": data["profession_code"],
            }
            if data["profession"]
            else None
        ),
        "rpps": _or_none(data["rpps"]),
        "adeli": _or_none(data["adeli"]),
        "commune": data["commune"],
        "specialties": data["specialties"],
        "languages": data["languages"],
        "home_visits": data["home_visits"],
        "accepts_new_patients": data["accepts_new_patients"],
        "available_for_locum": data["available_for_locum"],
        "locum_periods": [{"start": start, "end": end} for start, end in data["locum_periods"]],
        "photo": request.build_absolute_uri(photo) if photo else None,
        "mobile": _or_none(data["mobile"]),
        "email": _or_none(data["email"]),
        "mssante": _or_none(data["mssante"]),
        "website": _or_none(data["website"]),
        "sites": [
            {**site, "address": _or_none(site["address"]), "phone": _or_none(site["phone"])}
            for site in data["sites"]
        ],
        "confirmed_at": data["confirmed_at"],
        "updated_at": data["updated_at"],
    }


def resource_data(resource):
    return {
        "id": resource.pk,
        "name": resource.name,
        "category": resource.category,
        "category_label": str(resource.get_category_display()),
        "finess": _or_none(resource.finess),
        "communes_covered": resource.commune_list,
        "address": resource.address,
        "postcode": resource.postcode,
        "commune": resource.commune,
        "latitude": resource.latitude,
        "longitude": resource.longitude,
        "phone": str(resource.phone) if resource.phone else None,
        "email": _or_none(resource.email),
        "website": _or_none(resource.website),
        "opening_hours": resource.opening_hours,
        "description": resource.description,
        "updated_at": resource.updated_at,
    }


# --- Endpoints -------------------------------------------------------------------

PAGE = Query(1, ge=1, le=MAX_PAGE, description="Numéro de page, à partir de 1.")
PAGE_SIZE = Query(
    None,
    description=f"Résultats par page ({DEFAULT_PAGE_SIZE} par défaut, ramené entre 1 et {MAX_PAGE_SIZE}).",
)


@api.get(
    "/professionals",
    response={200: ProfessionalPage, 422: InvalidParameters},
    tags=["annuaire"],
    summary="Professionnels adhérents",
)
def list_professionals(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
    profession: str | None = Query(
        None, max_length=100, description="Identifiant de profession (ex. infirmiers)."
    ),
    commune: str | None = Query(None, max_length=100, description="Commune d'exercice."),
    home_visits: bool | None = Query(None, description="Fait des visites à domicile."),
    accepts_new_patients: bool | None = Query(None, description="Accepte de nouveaux patients."),
    q: str | None = Query(
        None, max_length=200, description="Recherche libre : nom, spécialité, commune, cabinet."
    ),
):
    viewer = request.viewer
    qs = listed_profiles(
        profession=profession,
        commune=commune,
        home_visits=home_visits,
        accepts_new_patients=accepts_new_patients,
        q=q,
    )
    items, envelope = paginate(request, qs, page, page_size)
    return {
        **envelope,
        "results": [professional_data(request, profile, viewer) for profile in items],
    }


@api.get(
    "/professionals/{profile_id}",
    response={200: ProfessionalOut, 404: NotFound, 422: InvalidParameters},
    tags=["annuaire"],
    summary="Un professionnel",
)
def get_professional(request: HttpRequest, profile_id: int = Path(..., ge=1, le=MAX_ID)):
    profile = get_object_or_404(Profile.objects.listed().with_related(), pk=profile_id)
    return professional_data(request, profile, request.viewer)


@api.get(
    "/resources",
    response={200: ResourcePage, 422: InvalidParameters},
    tags=["ressources"],
    summary="Ressources territoriales",
)
def list_resources(
    request: HttpRequest,
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
    category: str | None = Query(
        None, max_length=30, description="Catégorie : " + ", ".join(Resource.Category.values) + "."
    ),
    commune: str | None = Query(
        None, max_length=100, description="Commune où se trouve ou que couvre la ressource."
    ),
    q: str | None = Query(None, max_length=200, description="Recherche libre."),
):
    items, envelope = paginate(
        request, published_resources(category=category, commune=commune, q=q), page, page_size
    )
    return {**envelope, "results": [resource_data(resource) for resource in items]}


@api.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, 404: NotFound, 422: InvalidParameters},
    tags=["ressources"],
    summary="Une ressource territoriale",
)
def get_resource(request: HttpRequest, resource_id: int = Path(..., ge=1, le=MAX_ID)):
    return resource_data(get_object_or_404(Resource.objects.published(), pk=resource_id))
