"""Every write on memberships and commissions goes through these functions."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from .emails import queue_email
from .models import BUREAU_GROUP, MEMBERS_GROUP, Commission, Membership, Profession
from .sessions import end_sessions
from .signals import membership_approved, membership_revoked


def members_group():
    return Group.objects.get_or_create(name=MEMBERS_GROUP)[0]


def bureau_group():
    return Group.objects.get_or_create(name=BUREAU_GROUP)[0]


def sync_groups(membership):
    """Make the user's groups say what the membership says."""
    user = membership.user
    profession_groups = Group.objects.filter(profession__isnull=False)
    user.groups.remove(*profession_groups.exclude(pk=membership.profession.group_id))
    if membership.status == Membership.Status.APPROVED:
        user.groups.add(members_group(), membership.profession.group)
    else:
        user.groups.remove(members_group(), membership.profession.group)


@transaction.atomic
def apply(user, *, profession, commune, rpps=None, adeli=None):
    """Record an application; the bureau is told by the admin's pending list."""
    membership = Membership.objects.create(
        user=user,
        profession=profession,
        commune=commune,
        rpps=rpps or None,
        adeli=adeli or None,
        charter_accepted_at=timezone.now(),
    )
    return membership


@transaction.atomic
def approve(membership, *, by=None, notify=True):
    membership.status = Membership.Status.APPROVED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.reason = ""
    membership.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    sync_groups(membership)
    membership_approved.send(sender=Membership, membership=membership, by=by)
    if notify:
        transaction.on_commit(
            lambda: queue_email(
                "members/email/approved", {"membership": membership}, [membership.user]
            )
        )
    return membership


@transaction.atomic
def refuse(membership, *, reason, by=None):
    membership.status = Membership.Status.REFUSED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    sync_groups(membership)
    membership_revoked.send(sender=Membership, membership=membership)
    transaction.on_commit(
        lambda: queue_email("members/email/refused", {"membership": membership}, [membership.user])
    )
    return membership


@transaction.atomic
def suspend(membership, *, reason, by=None):
    """Access is gone at the user's next request: groups are read on every request."""
    membership.status = Membership.Status.SUSPENDED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    sync_groups(membership)
    end_sessions(membership.user)  # signed out everywhere, whatever holds the sessions
    membership_revoked.send(sender=Membership, membership=membership)
    transaction.on_commit(
        lambda: queue_email(
            "members/email/suspended", {"membership": membership}, [membership.user]
        )
    )
    return membership


def reinstate(membership, *, by=None):
    return approve(membership, by=by, notify=False)


@transaction.atomic
def make_bureau(user):
    user.groups.add(bureau_group())
    user.is_staff = True
    user.save(update_fields=["is_staff"])


@transaction.atomic
def create_profession(*, name, plural, slug, code, register=Profession.Register.RPPS):
    profession, _created = Profession.objects.update_or_create(
        slug=slug, defaults={"name": name, "plural": plural, "code": code, "register": register}
    )
    return profession


@transaction.atomic
def add_commission_member(commission, user):
    commission.members.add(user)
    user.groups.add(commission.group)


@transaction.atomic
def remove_commission_member(commission, user):
    commission.members.remove(user)
    user.groups.remove(commission.group)
    remove_perm("members.validate_commission", user, commission)


@transaction.atomic
def set_validator(commission, user, validator=True):
    """Validators are per commission: a django-guardian object permission."""
    if validator:
        add_commission_member(commission, user)
        assign_perm("members.validate_commission", user, commission)
    else:
        remove_perm("members.validate_commission", user, commission)


def validators_of(commission):
    from guardian.shortcuts import get_users_with_perms

    return get_users_with_perms(
        commission, only_with_perms_in=["validate_commission"], with_group_users=False
    )


def is_validator(user, commission):
    return user.is_authenticated and user.has_perm("members.validate_commission", commission)


def create_commission(*, name, slug, purpose="", chair=None):
    commission, _created = Commission.objects.update_or_create(
        slug=slug, defaults={"name": name, "purpose": purpose, "chair": chair}
    )
    if chair:
        add_commission_member(commission, chair)
    return commission
