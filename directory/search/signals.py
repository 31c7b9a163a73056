"""Keep the directory's index rows in step with every write that changes what they hold."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import index


def _profile_ids_of_user(user_id):
    from ..models import Profile

    return list(Profile.objects.filter(user_id=user_id).values_list("pk", flat=True))


def on_profile_saved(sender, instance, **kwargs):
    index.index_profile_ids([instance.pk])


def on_site_saved(sender, instance, **kwargs):
    index.index_profile_ids([instance.profile_id])


def on_site_deleted(sender, instance, origin=None, **kwargs):
    # A site deleted with its entry (or its account) leaves nothing to index: only a site
    # deleted on its own renews the entry's rows.
    model = getattr(origin, "model", type(origin))
    if model is sender:
        index.index_profile_ids([instance.profile_id])


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    index.index_profile_ids(_profile_ids_of_user(instance.pk))


def on_membership_saved(sender, instance, **kwargs):
    index.index_profile_ids(_profile_ids_of_user(instance.user_id))


def on_profession_saved(sender, instance, **kwargs):
    from ..models import Profile

    index.index_profile_ids(
        Profile.objects.filter(user__membership__profession=instance).values_list("pk", flat=True)
    )


def on_tags_changed(sender, instance, action, **kwargs):
    from ..models import Profile

    if isinstance(instance, Profile) and action in ("post_add", "post_remove", "post_clear"):
        index.index_profile_ids([instance.pk])


def on_resource_saved(sender, instance, **kwargs):
    index.index_resources([instance])


def connect():
    from django.contrib.auth import get_user_model

    from portal.members.models import Membership, Profession

    from ..models import PracticeSite, Profile, Resource

    uid = "directory-search-"
    post_save.connect(on_profile_saved, sender=Profile, dispatch_uid=uid + "profile")
    post_save.connect(on_site_saved, sender=PracticeSite, dispatch_uid=uid + "site")
    post_delete.connect(on_site_deleted, sender=PracticeSite, dispatch_uid=uid + "site-del")
    post_save.connect(on_user_saved, sender=get_user_model(), dispatch_uid=uid + "user")
    post_save.connect(on_membership_saved, sender=Membership, dispatch_uid=uid + "membership")
    post_save.connect(on_profession_saved, sender=Profession, dispatch_uid=uid + "profession")
    m2m_changed.connect(on_tags_changed, dispatch_uid=uid + "tags")
    post_save.connect(on_resource_saved, sender=Resource, dispatch_uid=uid + "resource")
