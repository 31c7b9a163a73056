"""The CapabilityStatement: exactly the interactions and search parameters the router serves.

Built from :data:`SEARCH_PARAMETERS`, which the endpoints' tests check against the
routes, so the statement cannot promise what is not implemented.
"""

from django.conf import settings

from .common import FHIR_VERSION, PROFILES

# resource type -> [(name, type, documentation)]; "_count" and "page" are common to all.
_COMMON = [
    (
        "_lastUpdated",
        "date",
        "Préfixes eq, gt, ge, lt, le ; répétable. Les retraits (compte fermé, adhésion "
        "suspendue, ressource dépubliée) figurent alors comme ressources active=false, sans "
        "autre donnée, quels que soient les autres critères.",
    ),
]
SEARCH_PARAMETERS = {
    "Practitioner": [
        ("identifier", "token", "RPPS, ADELI ou IDNPS (system|value accepté)."),
        ("name", "string", "Nom ou prénom (contient)."),
        ("address-city", "string", "Commune d'exercice ou de l'adhérent."),
        *_COMMON,
    ],
    "PractitionerRole": [
        ("role", "token", "Code profession TRE_G15 (system|value accepté)."),
        ("practitioner", "reference", "Id du Practitioner."),
        ("address-city", "string", "Commune d'exercice ou de l'adhérent."),
        *_COMMON,
    ],
    "Organization": [
        ("identifier", "token", "FINESS ou IDNST (system|value accepté)."),
        ("name", "string", "Nom (contient)."),
        ("address-city", "string", "Commune où se trouve ou que couvre la ressource."),
        ("type", "token", "Catégorie de ressource territoriale."),
        *_COMMON,
    ],
}
RESULT_PARAMETERS = ["_count"]


def capability_statement(request, last_change):
    base = request.build_absolute_uri("/api/v1/fhir")
    resources = []
    for resource_type, params in SEARCH_PARAMETERS.items():
        resources.append(
            {
                "type": resource_type,
                "profile": PROFILES[resource_type],
                "interaction": [{"code": "read"}, {"code": "search-type"}],
                "versioning": "no-version",
                "readHistory": False,
                "updateCreate": False,
                "searchParam": [
                    {"name": name, "type": kind, "documentation": doc} for name, kind, doc in params
                ],
            }
        )
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": last_change,
        "publisher": settings.WAGTAILADMIN_BASE_URL,
        "kind": "instance",
        "software": {"name": "Maillage"},
        "implementation": {
            "description": "Annuaire des professionnels adhérents et ressources territoriales "
            "(lecture seule ; informations publiques sans session).",
            "url": base,
        },
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "_count (0 : total seul, sans entrée ; au plus 100) et page "
                "(à partir de 1) sur chaque recherche.",
                "resource": resources,
            }
        ],
    }
