"""Ending a person's sessions, whichever session backend holds them (database, Redis).

Django stores in every session an HMAC of the user's password and checks it on each
request (``get_session_auth_hash``): a password change already ends the other sessions.
The user's ``session_generation`` is part of that HMAC, so raising it ends them too when
the password does not change (two-factor removed, suspension, closed account). No
per-user index of session keys is needed, and nothing depends on how sessions are stored.
"""

from datetime import datetime

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.db.models import F
from django.utils import timezone


def end_sessions(user, *, keep=None):
    """End every session of ``user``; ``keep``, a request of that same user, stays signed in."""
    get_user_model().objects.filter(pk=user.pk).update(
        session_generation=F("session_generation") + 1
    )
    user.refresh_from_db(fields=["session_generation"])
    if keep is not None and getattr(keep.user, "pk", None) == user.pk:
        keep.user.session_generation = user.session_generation
        update_session_auth_hash(keep, keep.user)


# --- Visits: a session is a visit --------------------------------------------------------

VISIT_SESSION_KEY = "visit_since"


def begin_visit(request, user):
    """At login: keep in the session when the previous visit was (what "new since my last
    visit" counts from) and record this one. The only write of a visit: pages only read."""
    previous = user.last_dashboard_visit
    request.session[VISIT_SESSION_KEY] = previous.isoformat() if previous else ""
    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(last_dashboard_visit=now)
    user.last_dashboard_visit = now


def visit_since(request):
    """The moment "new since my last visit" counts from, for this session (read only).

    A session opened before visits were recorded at login has no mark: it counts from the
    last recorded visit."""
    # "dashboard_since": the mark of sessions opened before visits were recorded at login.
    since = request.session.get(VISIT_SESSION_KEY, request.session.get("dashboard_since"))
    if since is None:
        return request.user.last_dashboard_visit
    return datetime.fromisoformat(since) if since else None


def visit_started(sender, request, user, **kwargs):
    """``user_logged_in`` receiver (connected in MembersConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        begin_visit(request, user)
