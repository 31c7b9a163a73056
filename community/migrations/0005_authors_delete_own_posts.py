"""Authors may delete their own posts: grant can_delete_own_posts wherever can_edit_own_posts is."""

from django.db import migrations


def grant(apps, schema_editor):
    ForumPermission = apps.get_model("forum_permission", "ForumPermission")
    GroupForumPermission = apps.get_model("forum_permission", "GroupForumPermission")
    delete_own = ForumPermission.objects.filter(codename="can_delete_own_posts").first()
    if delete_own is None:  # machina's permissions are created by its own migrations
        return
    for row in GroupForumPermission.objects.filter(
        permission__codename="can_edit_own_posts", has_perm=True
    ):
        GroupForumPermission.objects.update_or_create(
            permission=delete_own,
            forum_id=row.forum_id,
            group_id=row.group_id,
            defaults={"has_perm": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_moderation"),
        ("forum_permission", "0005_userforumpermission_authenticated_user"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
