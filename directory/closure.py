"""What the directory removes when a member closes their account (portal/members/closure.py)."""

from portal.members.closure import closes

from .models import Profile, ProfileUserObjectPermission


@closes("directory.profile.user", "directory.profileuserobjectpermission.user")
def close_directory_data(user):
    """The entry (its practice sites, periods and delegates' rights go with it) and the rights
    the person held on others' entries. One by one: signals clear the copies that showed them."""
    for model in (Profile, ProfileUserObjectPermission):
        for obj in model.objects.filter(user=user):
            obj.delete()
