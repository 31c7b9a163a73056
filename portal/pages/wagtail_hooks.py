from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import PageViewRestriction

from .access import denial_reason


@hooks.register("before_serve_page", order=-10)
def explain_refused_page(page, request, serve_args, serve_kwargs):
    """A signed-in person who may not see a restricted page is told why (403).

    Visitors fall through to Wagtail's own check, which sends them to login.
    """
    if not request.user.is_authenticated:
        return None
    for restriction in page.get_view_restrictions():
        if (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            return TemplateResponse(
                request,
                "pages/access_denied.html",
                {"page": page, "reason": denial_reason(request.user, restriction)},
                status=403,
            )
    return None
