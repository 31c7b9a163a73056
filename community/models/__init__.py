"""The community app's models, one module a domain (the app label stays ``community``)."""

from .base import (  # noqa: F401
    NEARBY_KM,
    communes_near_user,
    practice_communes,
    user_communes,
    user_profession_id,
)
from .locum import LocumOffer, LocumRequest, LocumResponse  # noqa: F401
from .moderation import Removal, Report, ReportReason, TargetKind  # noqa: F401
from .mutual_aid import MutualAidRequest, MutualAidResponse  # noqa: F401
from .notifications import Notification  # noqa: F401
