"""``/api/v1/``: the read-only directory API (JSON and FHIR R4), schema at ``/api/v1/openapi.json``."""

from . import fhir
from .api import api

app_name = "api"

# FHIR lives in its own module, which reuses the API's querysets and paging.
api.add_router("/fhir", fhir.router)

# The API's own patterns, straight under this module's "api" namespace
# (NinjaAPI(urls_namespace="api") reverses "api:openapi-json" for its docs page).
urlpatterns = api.urls[0]
