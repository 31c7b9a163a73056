"""Wagtail page types of the public site and the member space, one module per area."""

from .base import PrivateDocument, ViewRestrictionsOnceMixin, get_private_storage
from .commissions import CommissionIndexPage, CommissionMeeting, CommissionPage
from .members import MemberSpacePage
from .site import ContentPage, HomePage, LegalPage, NewsIndexPage, NewsPage
from .spaces import ProfessionIndexPage, ProfessionSpacePage, SpaceEvent

__all__ = [
    "CommissionIndexPage",
    "CommissionMeeting",
    "CommissionPage",
    "ContentPage",
    "HomePage",
    "LegalPage",
    "MemberSpacePage",
    "NewsIndexPage",
    "NewsPage",
    "PrivateDocument",
    "ProfessionIndexPage",
    "ProfessionSpacePage",
    "SpaceEvent",
    "ViewRestrictionsOnceMixin",
    "get_private_storage",
]
