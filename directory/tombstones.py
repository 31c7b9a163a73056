"""What left the directory, so that a consumer syncing "what changed since" learns of removals.

A tombstone holds a kind ("profile" or "resource"), the removed object's id and when it
left: no name, no number, nothing personal. It is written when an entry stops being listed
(account closed, membership refused or suspended) or a resource stops being published, and
dropped when the entry or resource comes back. The FHIR API reports tombstones as resources
with ``active: false`` in ``_lastUpdated`` searches (the way the national directory's API
reports inactive resources) and answers 410 Gone when one is read.
"""

from django.utils import timezone

from .models import Tombstone


def bury(kind, object_id):
    Tombstone.objects.update_or_create(
        kind=kind, object_id=object_id, defaults={"removed_at": timezone.now()}
    )


def revive(kind, object_id):
    """The object is back: drop its tombstone; True if there was one."""
    deleted, _ = Tombstone.objects.filter(kind=kind, object_id=object_id).delete()
    return bool(deleted)


# --- Receivers (connected in DirectoryConfig.ready) -------------------------------------


def profile_deleted(sender, instance, **kwargs):
    bury(Tombstone.Kind.PROFILE, instance.pk)


def membership_revoked(sender, membership, **kwargs):
    """Refused or suspended: the entry leaves the directory (it is kept, unlisted)."""
    from .models import Profile

    profile_id = Profile.objects.filter(user_id=membership.user_id).values_list("pk", flat=True)
    for pk in profile_id:
        bury(Tombstone.Kind.PROFILE, pk)


def membership_approved(sender, membership, **kwargs):
    """Reinstated: the entry is back and counts as changed now, so consumers fetch it again."""
    from .models import Profile

    for profile in Profile.objects.filter(user_id=membership.user_id):
        if revive(Tombstone.Kind.PROFILE, profile.pk):
            Profile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())


def resource_saved(sender, instance, **kwargs):
    if instance.is_published:
        revive(Tombstone.Kind.RESOURCE, instance.pk)
    else:
        bury(Tombstone.Kind.RESOURCE, instance.pk)


def resource_deleted(sender, instance, **kwargs):
    bury(Tombstone.Kind.RESOURCE, instance.pk)


def connect():
    from django.db.models.signals import post_delete, post_save

    from portal.members import signals as member_signals

    from .models import Profile, Resource

    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid="tombstone_profile")
    post_save.connect(resource_saved, sender=Resource, dispatch_uid="tombstone_resource_save")
    post_delete.connect(resource_deleted, sender=Resource, dispatch_uid="tombstone_resource")
    member_signals.membership_revoked.connect(
        membership_revoked, dispatch_uid="tombstone_membership_revoked"
    )
    member_signals.membership_approved.connect(
        membership_approved, dispatch_uid="tombstone_membership_approved"
    )
