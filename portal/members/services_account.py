"""A member's own data: export everything the portal holds about them, close the account.

The export walks every model that points at the user (so an app that lands later
is covered without changing this file) and leaves out secrets. Closing keeps the
user row under a neutral name, so validation history and forum threads still
read correctly, and removes everything that identifies the person.
"""

import json

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .closure import closes, handlers
from .sessions import end_sessions

# Rows that point at the user but are not "about" them, or are secrets.
NOT_EXPORTED = {
    "admin.logentry",
    "mfa.authenticator",  # TOTP secret and recovery codes: summarised below, never exported
    "sessions.session",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.groupapprovaltask",
}
USER_FIELDS = ("email", "first_name", "last_name", "date_joined", "last_login")
# The directory entry's own children (practice sites, locum periods) come with it.
NESTED = {"directory.profile"}


def _rows(queryset):
    return [
        {"model": row["model"], "id": row["pk"], **row["fields"]}
        for row in serializers.serialize("python", queryset)
    ]


def _related_querysets(instance):
    """(label, queryset) for every model with a foreign key or one-to-one to ``instance``."""
    for relation in instance._meta.related_objects:
        if relation.many_to_many or not isinstance(relation.field, models.ForeignKey):
            continue
        model = relation.related_model
        label = model._meta.label_lower
        yield label, model._default_manager.filter(**{relation.field.name: instance})


def export_data(user):
    """Everything about ``user`` as a JSON-ready dict."""
    data = {
        "exported_at": timezone.now(),
        "user": {field: getattr(user, field) for field in USER_FIELDS},
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "commissions": sorted(user.commissions.values_list("name", flat=True)),
        "two_factor": sorted(
            apps.get_model("mfa", "Authenticator")
            .objects.filter(user=user)
            .values_list("type", flat=True)
        ),
    }
    for label, queryset in _related_querysets(user):
        if label in NOT_EXPORTED or not queryset.exists():
            continue
        rows = _rows(queryset)
        if label in NESTED:
            for obj, row in zip(queryset, rows, strict=True):
                for child_label, children in _related_querysets(obj):
                    if child_label.endswith("objectpermission"):
                        continue
                    row[child_label] = _rows(children)
        data.setdefault(label, []).extend(rows)
    return data


def export_json(user):
    return json.dumps(export_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@closes(
    "members.membership.user",
    "members.commission.chair",
    "members.commission.members",
    "members.commissionuserobjectpermission.user",
    "members.notificationpreferences.user",
    "members.user.groups",
    "members.user.user_permissions",
    "account.emailaddress.user",
    "socialaccount.socialaccount.user",
    "mfa.authenticator.user",
    "guardian.userobjectpermission.user",
    "wagtailusers.userprofile.user",
    "wagtailadmin.editingsession.user",
    "wagtailadmin.formstate.user",
    "wagtailcore.apitoken.user",
    "wagtailcore.pagesubscription.user",
    "wagtailcore.page.locked_by",
)
def close_account_data(user):
    """What the accounts side holds: membership, roles, e-mail addresses, second factors,
    admin preferences (Wagtail's profile holds an avatar), locks and subscriptions."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from guardian.models import UserObjectPermission
    from wagtail.admin.models import EditingSession, FormState
    from wagtail.models import APIToken, Page, PageSubscription
    from wagtail.users.models import UserProfile

    from .models import (
        Commission,
        CommissionUserObjectPermission,
        Membership,
        NotificationPreferences,
    )

    for model in (
        Membership,
        CommissionUserObjectPermission,
        NotificationPreferences,
        EmailAddress,
        SocialAccount,  # the Pro Santé Connect link and its claims
        Authenticator,
        UserObjectPermission,
        UserProfile,
        EditingSession,
        FormState,
        PageSubscription,
        APIToken,
    ):
        model.objects.filter(user=user).delete()
    Commission.objects.filter(chair=user).update(chair=None)
    Page.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)
    user.commissions.clear()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def close_account(user):
    """Close ``user``'s account: every app removes what identifies the person (closure.py),
    the user row stays under a neutral name so history and forum threads read correctly."""
    # The accounts' own data goes last: other apps' handlers may still read the membership.
    for handler in sorted(handlers(), key=lambda handler: handler is close_account_data):
        handler(user)
    user.first_name, user.last_name = _("Ancien adhérent"), ""
    user.email = user.username = f"compte-ferme-{user.pk}@invalid.invalid"
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    # Signed out everywhere, with the database or the Redis session backend (members/sessions.py).
    end_sessions(user)


def notification_preferences(user):
    from .models import NotificationPreferences

    return NotificationPreferences.objects.filter(user=user).first() or NotificationPreferences(
        user=user
    )


@transaction.atomic
def set_notifications(user, *, switched_off):
    from .models import NotificationPreferences

    NotificationPreferences.objects.update_or_create(
        user=user, defaults={"switched_off": sorted(set(switched_off))}
    )


@transaction.atomic
def set_notification(user, kind, *, wanted):
    preferences = notification_preferences(user)
    off = set(preferences.switched_off)
    (off.discard if wanted else off.add)(kind)
    set_notifications(user, switched_off=off)
