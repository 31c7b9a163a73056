"""The community app's models, one module a domain (the app label stays ``community``)."""

from .base import NEARBY_KM, communes_near_viewer  # noqa: F401
from .locum import LocumOffer, LocumRequest, LocumResponse  # noqa: F401
from .moderation import Removal, Report, ReportReason, TargetKind  # noqa: F401
from .mutual_aid import MutualAidRequest, MutualAidResponse  # noqa: F401
from .notifications import Notification  # noqa: F401
