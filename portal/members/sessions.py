"""Ending a person's sessions, whichever session backend holds them (database, Redis).

Django stores in every session an HMAC of the user's password and checks it on each
request (``get_session_auth_hash``): a password change already ends the other sessions.
The user's ``session_generation`` is part of that HMAC, so raising it ends them too when
the password does not change (two-factor removed, suspension, closed account). No
per-user index of session keys is needed, and nothing depends on how sessions are stored.
"""

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.db.models import F


def end_sessions(user, *, keep=None):
    """End every session of ``user``; ``keep``, a request of that same user, stays signed in."""
    get_user_model().objects.filter(pk=user.pk).update(
        session_generation=F("session_generation") + 1
    )
    user.refresh_from_db(fields=["session_generation"])
    if keep is not None and getattr(keep.user, "pk", None) == user.pk:
        keep.user.session_generation = user.session_generation
        update_session_auth_hash(keep, keep.user)
