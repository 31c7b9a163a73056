"""Writes on directory entries that views, commands and tests share."""

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from portal.members.models import User
from portal.members.territory import commune as territory_commune

from .models import PracticeSite, Profile

EDIT_PERMISSION = "directory.change_profile"


def default_visibilities():
    """A new entry's contact fields start at what the bureau chose (Settings > Association)."""
    from portal.members.models import AssociationSettings

    level = AssociationSettings.load().default_contact_visibility
    return {f"{name}_visibility": level for name in Profile.CONTACT_FIELDS}


@transaction.atomic
def create_entry(membership):
    """The member's directory entry, made when the membership is approved (signal
    ``membership_approved``), pre-filled with the commune given at sign-up. Approving again
    (reinstatement) keeps the existing entry."""
    profile, created = Profile.objects.get_or_create(
        user=membership.user, defaults=default_visibilities()
    )
    if created and membership.commune:
        known = territory_commune(membership.commune) or {}
        PracticeSite.objects.create(
            profile=profile, commune=membership.commune, postcode=known.get("postcode", "")
        )
    return profile


def place_on_map(site):
    """A site without coordinates is placed at the centre of its commune, when we know it."""
    if site.latitude is None or site.longitude is None:
        known = territory_commune(site.commune)
        if known:
            site.latitude, site.longitude = known["lat"], known["lng"]
    if not site.postcode:
        known = territory_commune(site.commune)
        if known:
            site.postcode = known["postcode"]
    return site


@transaction.atomic
def save_entry(profile_form, sites_formset, locum_formset, *, confirm=False):
    """Save the three parts of the edit page together; ``confirm`` also stamps it as up to date."""
    profile = profile_form.save()
    sites = sites_formset.save(commit=False)
    for site in sites_formset.deleted_objects:
        site.delete()
    for site in sites:
        site.profile = profile
        place_on_map(site)
        site.save()
    locum_formset.save()
    if confirm:
        confirm_entry(profile)
    return profile


def confirm_entry(profile):
    profile.confirmed_at = timezone.now()
    profile.save(update_fields=["confirmed_at", "updated_at"])
    return profile


@transaction.atomic
def grant_delegate(profile, user):
    """Let ``user`` (a secretary, a colleague) edit ``profile``."""
    assign_perm(EDIT_PERMISSION, user, profile)


@transaction.atomic
def revoke_delegate(profile, user):
    remove_perm(EDIT_PERMISSION, user, profile)


def delegates_of(profile):
    """Accounts with the object permission on this entry (the owner needs none)."""
    return (
        get_users_with_perms(
            profile,
            only_with_perms_in=["change_profile"],
            with_group_users=False,
            with_superusers=False,
        )
        .exclude(pk=profile.user_id)
        .order_by(*User.name_order(), "email")
    )
