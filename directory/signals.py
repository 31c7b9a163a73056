"""Keep directory entries in step with memberships.

Nothing happens on suspension or refusal: ``Profile.objects.listed()`` only
shows entries of approved memberships, and the entry is back as it was on
reinstatement.
"""

from . import services


def on_membership_approved(sender, membership, **kwargs):
    """An approved member gets their entry now, so their own page only reads it."""
    services.create_entry(membership)
