"""Wagtail's routing and view restrictions from the shared cache.

On every request Wagtail finds the site of the host (1 query), then walks the
page tree one URL segment at a time (the child page, then its specific row: 2
queries per level), and the view-restriction check reads the page's ancestors,
their restrictions and the restrictions' groups (3 queries). What they find
changes only when a page, a site or a restriction is written, so it is kept in
the shared cache under the counters of those models (``portal.core.perf``), and a
hit loads the page itself in one query.

Only *where* a path leads and *which* restrictions apply are cached: whether the
viewer passes them is decided on every request, as before (``wagtail_hooks``).
"""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from portal.core.perf import cached_value, fragment_generations

ROUTE_MODELS = ("wagtailcore.page", "wagtailcore.site", "wagtailcore.locale")
RESTRICTION_MODELS = (
    "wagtailcore.page",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.pageviewrestriction_groups",
)
ROUTE_SECONDS = 300


def route_key(request, path):
    parts = (
        request._get_raw_host(),
        request.get_port(),
        path,
        translation.get_language(),
        fragment_generations(*ROUTE_MODELS),
    )
    return "page-route:" + hashlib.sha256(repr(parts).encode()).hexdigest()


class PageRouteCacheMiddleware:
    """Give Wagtail's ``serve`` view the site and the route it would have found.

    Wagtail keeps both on the request (``_wagtail_site``, ``_wagtail_route_for_request``)
    and reads them from there when present; a miss lets Wagtail route as usual and keeps
    what it found.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        # Wagtail's URL pattern captures the path as its one positional group.
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = route_key(request, path)
        cached = cache.get(key)
        if cached is not None:
            site, label, page_id, args, kwargs = cached
            page = apps.get_model(label).objects.filter(pk=page_id, live=True).first()
            if page is not None:
                request._wagtail_site = site
                request._wagtail_route_for_request = RouteResult(page, args, kwargs)
                return None
        route = Page.route_for_request(request, path)
        if route is not None:
            page, args, kwargs = route
            site = Site.find_for_request(request)
            cache.set(key, (site, page._meta.label_lower, page.pk, args, kwargs), ROUTE_SECONDS)
        return None


def view_restrictions(page):
    """The restrictions that apply to ``page`` (its own and its ancestors'), with their
    groups, as a list: what ``Page.get_view_restrictions`` and each restriction's groups
    would read."""
    return cached_value(
        "page-restrictions",
        page.pk,
        RESTRICTION_MODELS,
        lambda: list(page.get_view_restrictions().prefetch_related("groups")),
    )
