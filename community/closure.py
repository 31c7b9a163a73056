"""What the boards and moderation remove when a member closes their account.

Board requests, offers and answers carry contact and availability: they go, with the
notifications; the reports a member made stay, no longer tied to them.
"""

from portal.members.closure import closes

from .models import (
    LocumOffer,
    LocumRequest,
    LocumResponse,
    MutualAidRequest,
    MutualAidResponse,
    Notification,
    Report,
)


@closes(
    "community.locumrequest.author",
    "community.locumresponse.responder",
    "community.locumoffer.author",
    "community.mutualaidrequest.author",
    "community.mutualaidresponse.responder",
    "community.notification.user",
    "community.report.reported_by",
)
def close_board_data(user):
    Report.objects.filter(reported_by=user).update(reported_by=None)
    Notification.objects.filter(user=user).delete()
    # Requests, offers and answers carry contact and availability: removed, one by one so
    # the receivers that keep the boards' copies up to date run.
    for model, field in (
        (LocumRequest, "author"),
        (LocumResponse, "responder"),
        (LocumOffer, "author"),
        (MutualAidRequest, "author"),
        (MutualAidResponse, "responder"),
    ):
        for obj in model.objects.filter(**{field: user}):
            obj.delete()
