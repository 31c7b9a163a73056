"""Project-level views that read the apps: the 403 page."""


def permission_denied(request, exception=None):
    """403 in the site's layout, saying why: the refusal's own message, or the state of the
    person's membership (a pending applicant learns their application is waiting)."""
    from django.template.response import TemplateResponse

    reason = str(exception) if exception and str(exception) else ""
    viewer = getattr(request, "viewer", None)
    if not reason and viewer is not None and viewer.is_authenticated:
        from portal.members.access import membership_reason

        reason = membership_reason(viewer) or ""
    response = TemplateResponse(request, "403.html", {"reason": reason}, status=403)
    return response.render()
