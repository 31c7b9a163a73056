"""The directory's models: members' entries, territorial resources, removals, search index."""

from ..search.models import LEVELS, ProfileSearch, ResourceSearch  # noqa: F401
from .entries import (  # noqa: F401
    FINESS_RE,
    LANGUAGE_CHOICES,
    LANGUAGE_LABELS,
    VISIBILITY_HELP,
    LocumPeriod,
    PracticeSite,
    Profile,
    ProfileGroupObjectPermission,
    ProfileQuerySet,
    ProfileUserObjectPermission,
    Visibility,
    validate_finess,
    validate_mssante,
    visibility_field,
)
from .resources import (  # noqa: F401
    Resource,
    ResourceQuerySet,
)
from .tombstones import (  # noqa: F401
    Tombstone,
)
