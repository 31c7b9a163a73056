"""The profession spaces as a viewer sees them (refusals are worded in portal.members.access)."""

from django.db.models import Prefetch
from wagtail.models import PageViewRestriction


def profession_spaces_for(spaces, viewer):
    """The profession spaces (a queryset of live space pages) as ``viewer`` sees them: their own profession's
    first, then those they may open, then those reserved to others (shown, never linked:
    a link would only lead to a 403).

    Returns dicts ``{"page", "own", "open"}``. The rule is the pages' own view restrictions
    (groups), read in three queries whatever the number of spaces.
    """
    spaces = (
        spaces.select_related("profession")
        .prefetch_related(
            Prefetch(
                "view_restrictions",
                queryset=PageViewRestriction.objects.prefetch_related("groups"),
            )
        )
        .order_by("title")
    )
    group_ids = {group.pk for group in viewer.groups}
    own_profession = viewer.profession_id

    def may_open(page):
        if viewer.is_authenticated and viewer.user.is_superuser:
            return True
        return all(
            restriction.restriction_type != PageViewRestriction.GROUPS
            or group_ids & {group.pk for group in restriction.groups.all()}
            for restriction in page.view_restrictions.all()
        )

    rows = [
        {"page": page, "own": page.profession_id == own_profession, "open": may_open(page)}
        for page in spaces
    ]
    rows.sort(key=lambda row: (not row["own"], not row["open"]))
    return rows
