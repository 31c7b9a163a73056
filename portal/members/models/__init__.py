"""The members app's models, one module per topic; import them from here."""

from .accounts import (
    BUREAU_GROUP,
    MEMBERS_GROUP,
    Commission,
    CommissionGroupObjectPermission,
    CommissionUserObjectPermission,
    Membership,
    MembershipQuerySet,
    Profession,
    ProfessionQuerySet,
    User,
)
from .association import (
    TO_REVIEW,
    AssociationSettings,
    ContactVisibility,
    NotificationKind,
    NotificationPreferences,
    contrast_with_white,
    validate_brand_colour,
)
from .territory import Commune, CommuneQuerySet, Territory

__all__ = [
    "BUREAU_GROUP",
    "MEMBERS_GROUP",
    "TO_REVIEW",
    "AssociationSettings",
    "Commission",
    "CommissionGroupObjectPermission",
    "CommissionUserObjectPermission",
    "Commune",
    "CommuneQuerySet",
    "ContactVisibility",
    "Membership",
    "MembershipQuerySet",
    "NotificationKind",
    "NotificationPreferences",
    "Profession",
    "ProfessionQuerySet",
    "Territory",
    "User",
    "contrast_with_white",
    "validate_brand_colour",
]
