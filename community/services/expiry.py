"""The daily expiry of the boards (cron command ``expire_requests`` or the scheduled task)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import LocumOffer, LocumRequest, MutualAidRequest


@transaction.atomic
def expire_requests(today=None):
    """Close what is past: locum requests and offers after their end, mutual aid after its span."""
    today = today or timezone.localdate()
    now = timezone.now()
    locums = (
        LocumRequest.objects.open()
        .filter(end__lt=today)
        .update(status=LocumRequest.Status.EXPIRED, closed_at=now)
    )
    offers = (
        LocumOffer.objects.open().filter(end__lt=today).update(status=LocumOffer.Status.EXPIRED)
    )
    aid_ids = [
        aid.pk
        for aid in MutualAidRequest.objects.open().only("start", "duration_days")
        if aid.start + timedelta(days=aid.duration_days) <= today
    ]
    aids = MutualAidRequest.objects.filter(pk__in=aid_ids).update(
        status=MutualAidRequest.Status.EXPIRED, closed_at=now
    )
    return {"locum_requests": locums, "offers": offers, "mutual_aid": aids}
