from django.conf import settings
from django.urls import include, path
from machina import urls as machina_urls
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .core import views as core_views

handler403 = "portal.views.permission_denied"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("compte/", include("portal.members.urls_account")),
    path("compte/", include("allauth.urls")),
    path("annuaire/", include("directory.urls")),
    path("ressources/", include("directory.urls_resources")),
    path("api/v1/", include("directory.api_urls")),
    path("protocoles/", include("documents.urls")),
    path("remplacements/", include("community.urls_locum")),
    path("entraide/", include("community.urls_mutual_aid")),
    path("forum/", include("community.urls")),
    path("forum/", include(machina_urls)),
    path("indicateurs/", include("portal.indicators.urls")),
]

if settings.BENCHMARK:
    urlpatterns.append(path("bench/bare", core_views.bare, name="bench-bare"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
