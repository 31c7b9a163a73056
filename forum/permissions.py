"""Who may do what in each forum: machina's forum permissions, set per group.

One rule per kind of forum; ``apply_forum_permissions`` writes them (idempotent).
Visitors and pending applicants get nothing: anonymous users are explicitly
refused everything, and ``MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS``
stays empty so being logged in alone grants nothing.
"""

from machina.apps.forum_permission.models import (
    ForumPermission,
    GroupForumPermission,
    UserForumPermission,
)

# What an approved member may do where they participate. Nobody creates polls:
# their option formset needs machina's JavaScript, which the portal does not load.
PARTICIPANT_PERMISSIONS = [
    "can_see_forum",
    "can_read_forum",
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",  # authors correct or delete what they wrote
    "can_post_without_approval",
    "can_vote_in_polls",
    "can_attach_file",
    "can_download_file",
]

# Seeing a category is enough to reach the forums below it that one may read.
CATEGORY_PERMISSIONS = ["can_see_forum", "can_read_forum"]

# The bureau moderates everywhere.
MODERATOR_PERMISSIONS = [
    *PARTICIPANT_PERMISSIONS,
    "can_post_announcements",
    "can_post_stickies",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
]


def _permissions(codenames):
    by_codename = {p.codename: p for p in ForumPermission.objects.filter(codename__in=codenames)}
    missing = set(codenames) - set(by_codename)
    if missing:
        raise LookupError(f"machina forum permissions missing (migrate first): {sorted(missing)}")
    return [by_codename[c] for c in codenames]


def grant_group(group, forum, codenames):
    """Grant ``codenames`` on ``forum`` to ``group`` (existing rows are set to granted)."""
    for permission in _permissions(codenames):
        GroupForumPermission.objects.update_or_create(
            permission=permission, forum=forum, group=group, defaults={"has_perm": True}
        )


def refuse_anonymous():
    """Explicitly refuse every forum permission to visitors, on every forum."""
    for permission in ForumPermission.objects.all():
        UserForumPermission.objects.update_or_create(
            permission=permission,
            forum=None,
            user=None,
            anonymous_user=True,
            authenticated_user=False,
            defaults={"has_perm": False},
        )


def apply_forum_permissions(*, forum, participant_groups, bureau, category=False):
    """Give a forum (or category) its participants and its moderators."""
    codenames = CATEGORY_PERMISSIONS if category else PARTICIPANT_PERMISSIONS
    for group in participant_groups:
        grant_group(group, forum, codenames)
    grant_group(bureau, forum, CATEGORY_PERMISSIONS if category else MODERATOR_PERMISSIONS)
