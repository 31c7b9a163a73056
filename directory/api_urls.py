"""``/api/v1/``: the read-only directory API (JSON and FHIR R4), schema at ``/api/v1/openapi.json``."""

from django.urls import re_path

from . import fhir
from .api import api

app_name = "api"

# FHIR lives in its own package, which reuses the API's querysets.
api.add_router("/fhir", fhir.router)

# The API's own patterns, straight under this module's "api" namespace
# (NinjaAPI(urls_namespace="api") reverses "api:openapi-json" for its docs page), then
# an OperationOutcome for any other path under fhir/ (an unknown resource type), never
# Django's HTML 404 nor the slash-appending redirect.
urlpatterns = [
    *api.urls[0],
    re_path(r"^fhir/(?P<rest>.*)$", fhir.unknown_path, name="fhir-unknown"),
]
