"""What the member dashboard shows; each app contributes through its own queryset."""

from django.utils import timezone

SESSION_KEY = "dashboard_since"


def visit_window(request):
    """The moment "new since my last visit" counts from.

    Read once per session and recorded once per session, so a plain page view
    does not write to the database.
    """
    user = request.user
    since = request.session.get(SESSION_KEY)
    if since is None:
        previous = user.last_dashboard_visit
        since = previous.isoformat() if previous else ""
        request.session[SESSION_KEY] = since
        user.__class__.objects.filter(pk=user.pk).update(last_dashboard_visit=timezone.now())
    return timezone.datetime.fromisoformat(since) if since else None


def dashboard_context(request):
    user = request.user
    membership = getattr(user, "membership", None)
    return {"membership": membership, "since": visit_window(request)}
