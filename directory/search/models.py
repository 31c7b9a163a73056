"""Index tables of the directory: one row per entry and visibility level, one per resource."""

from django.db import models

from portal.search.models import SearchIndex
from portal.search.query import Column

# Levels of directory.visibility, as stored in the index (public < members < owner).
LEVELS = {"public": 0, "members": 1, "owner": 2}


class ProfileSearch(SearchIndex):
    """What a viewer of ``level`` may find an entry by (values hidden from them left out)."""

    profile = models.ForeignKey(
        "directory.Profile", on_delete=models.CASCADE, related_name="search_rows"
    )
    level = models.PositiveSmallIntegerField()
    name = models.TextField(blank=True)
    profession = models.TextField(blank=True)
    place = models.TextField(blank=True)
    topics = models.TextField(blank=True)
    other = models.TextField(blank=True)

    COLUMNS = (
        Column("name", 8, stemmed=False),
        Column("profession", 4),
        Column("place", 4, stemmed=False),
        Column("topics", 2),
        Column("other", 1),
    )

    class Meta:
        app_label = "directory"
        constraints = [
            models.UniqueConstraint(fields=["profile", "level"], name="profile_search_unique")
        ]
        indexes = [models.Index(fields=["level"], name="profile_search_level_idx")]


class ResourceSearch(SearchIndex):
    """A published or unpublished resource's searchable text (the list shows published ones)."""

    resource = models.OneToOneField(
        "directory.Resource", on_delete=models.CASCADE, related_name="search_row"
    )
    name = models.TextField(blank=True)
    category = models.TextField(blank=True)
    place = models.TextField(blank=True)
    other = models.TextField(blank=True)

    COLUMNS = (
        Column("name", 8),
        Column("category", 4),
        Column("place", 4, stemmed=False),
        Column("other", 1),
    )

    class Meta:
        app_label = "directory"
