"""FHIR R4 view of the directory, as FR Core and the ANS "Annuaire Santé" write it.

``Practitioner``, ``PractitionerRole`` and ``Organization`` served under ``/api/v1/fhir/``
(read, search, ``_lastUpdated`` with removals), a ``CapabilityStatement`` at ``metadata``
and an ``OperationOutcome`` on every error. Modules by topic: ``common`` (systems, profiles,
responses, dates), ``resources`` (the resources), ``capability``, ``endpoints`` (routes).
"""

from django.views.decorators.csrf import csrf_exempt

from .common import (  # noqa: F401
    EMAIL_TYPE_EXTENSION,
    EMAIL_TYPE_SYSTEM,
    FHIR_CONTENT_TYPE,
    FINESS_SYSTEM,
    IDNPS_SYSTEM,
    IDNST_SYSTEM,
    PROFESSION_SYSTEM,
    PROFILES,
    RPPS_SYSTEM,
    fhir_response,
    not_found,
    operation_outcome,
)
from .endpoints import router  # noqa: F401
from .resources import organization, practitioner, practitioner_role  # noqa: F401


@csrf_exempt  # answers every method with an OperationOutcome; reads and writes nothing
def unknown_path(request, rest=""):
    """Anything under /api/v1/fhir/ that no route serves: a resource type we do not offer."""
    if request.method not in ("GET", "HEAD"):
        return operation_outcome(405, "not-supported", "Cette API FHIR est en lecture seule.")
    name = rest.split("/", 1)[0] or "(vide)"
    return operation_outcome(
        404,
        "not-supported",
        f"Type de ressource non pris en charge : « {name} ». Voir /api/v1/fhir/metadata.",
    )
