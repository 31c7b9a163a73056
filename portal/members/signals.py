"""Signals other apps listen to, so that members never imports them."""

from django.dispatch import Signal

# Sent with membership= and by= once a membership is approved.
membership_approved = Signal()
# Sent with membership= when a membership loses access (suspended or refused).
membership_revoked = Signal()


def end_other_sessions_on_two_factor_removed(sender, request, user, **kwargs):
    """Two-factor removed: every other session of that person ends (the current one stays)."""
    from .sessions import end_sessions

    end_sessions(user, keep=request)
