"""Keep directory entries in step with memberships.

Nothing happens on suspension or refusal: ``Profile.objects.listed()`` only
shows entries of approved memberships, and the entry is back as it was on
reinstatement.
"""

from portal.members.territory import commune as territory_commune

from .models import PracticeSite, Profile


def default_visibilities():
    """A new entry's contact fields start at what the bureau chose (Settings > Association)."""
    from portal.members.models import AssociationSettings

    level = AssociationSettings.load().default_contact_visibility
    return {f"{name}_visibility": level for name in Profile.CONTACT_FIELDS}


def create_profile(sender, membership, **kwargs):
    """An approved member gets an entry, pre-filled with the commune given at sign-up."""
    profile, created = Profile.objects.get_or_create(
        user=membership.user, defaults=default_visibilities()
    )
    if created and membership.commune:
        known = territory_commune(membership.commune) or {}
        PracticeSite.objects.create(
            profile=profile, commune=membership.commune, postcode=known.get("postcode", "")
        )
    return profile
