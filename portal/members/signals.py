"""Signals other apps listen to, so that members never imports them."""

from django.dispatch import Signal

# Sent with membership= and by= once a membership is approved.
membership_approved = Signal()
# Sent with membership= when a membership loses access (suspended or refused).
membership_revoked = Signal()
