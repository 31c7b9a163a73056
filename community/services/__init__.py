"""Every write on the locum and mutual-aid boards goes through these functions.

One module a topic (locum, mutual_aid, notifications, topics, expiry, recipients); the
board's callers use them through this package. Moderation: ``community.services.moderation``.
"""

from .expiry import expire_requests  # noqa: F401
from .locum import (  # noqa: F401
    can_respond,
    cancel,
    mark_filled,
    publish_locum_offer,
    publish_locum_request,
    respond_available,
    withdraw_locum_offer,
)
from .mutual_aid import close_mutual_aid, publish_mutual_aid, respond_mutual_aid  # noqa: F401
from .notifications import emails_suppressed, mark_seen  # noqa: F401
from .recipients import locum_candidates, mutual_aid_candidates  # noqa: F401
from .topics import locum_topic_content, open_board_topic  # noqa: F401
