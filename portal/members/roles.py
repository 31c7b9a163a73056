"""Roles as groups and what each may do: written once here, applied by ``setup_portal``.

Model permissions only. Per-object rights live elsewhere, each with its own mechanism
(DESIGN.md): page and collection permissions of the bureau and of space editors in
``portal.pages.setup``/``portal.pages.services``, commission validators with
django-guardian, forum rights with machina's permissions (``forum.permissions``).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_save

from .models import BUREAU_GROUP, MEMBERS_GROUP, Commission

ADMIN_ACCESS = ("wagtailadmin", "access_admin")

# (app label, codename) of each role's model permissions.
ROLE_PERMISSIONS = {
    BUREAU_GROUP: [
        ADMIN_ACCESS,
        # Memberships: the pending list, approval, refusal, suspension.
        ("members", "view_membership"),
        ("members", "change_membership"),
        # Commissions and professions (Wagtail snippets).
        ("members", "add_commission"),
        ("members", "change_commission"),
        ("members", "delete_commission"),
        ("members", "view_commission"),
        ("members", "add_profession"),
        ("members", "change_profession"),
        ("members", "view_profession"),
        # The territory: which communes the association covers (admin "Territoire").
        ("members", "change_commune"),
        # Territorial resources (HAD, SSIAD, CCAS, pharmacies...).
        ("directory", "add_resource"),
        ("directory", "change_resource"),
        ("directory", "delete_resource"),
        ("directory", "view_resource"),
        # The association's settings and the public indicators switch.
        ("members", "change_associationsettings"),
        ("indicators", "change_indicatorssettings"),
        # Redirects when a page moves.
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
    # Members act through the site's own views; their rights are group membership itself.
    MEMBERS_GROUP: [],
}
# Every commission's group: its members draft protocols in the admin.
COMMISSION_PERMISSIONS = [ADMIN_ACCESS]


def permissions(pairs):
    """The Permission rows for ``pairs``; a missing one is a programming error, not data."""
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            codename__in=[codename for _app, codename in pairs]
        ).select_related("content_type")
    }
    missing = [pair for pair in pairs if pair not in found]
    if missing:
        raise ImproperlyConfigured(f"Unknown permissions: {missing}")
    return [found[pair] for pair in pairs]


@transaction.atomic
def apply_roles():
    """Create the role groups and give each exactly its permissions (re-run safe)."""
    groups = {}
    for name, pairs in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(pairs))
        groups[name] = group
    for commission in Commission.objects.select_related("group"):
        grant_commission_role(commission.group)
    return groups


def grant_commission_role(group):
    group.permissions.add(*permissions(COMMISSION_PERMISSIONS))


def commission_saved(sender, instance, created, **kwargs):
    """A new commission's group gets the commission role at once (its members draft in the admin)."""
    if created:
        grant_commission_role(instance.group)


def connect_signals():
    post_save.connect(commission_saved, sender=Commission, dispatch_uid="commission-role")
