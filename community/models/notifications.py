"""Notifications of the boards: what concerns a member, shown on their dashboard."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .locum import LocumRequest
from .mutual_aid import MutualAidRequest


class NotificationQuerySet(models.QuerySet):
    def unread_for(self, user):
        return (
            self.filter(user=user, read_at__isnull=True)
            .select_related(
                "locum_request",
                "locum_request__profession",
                "mutual_aid_request",
                "mutual_aid_request__profession_needed",
            )
            .order_by("-created_at")
        )

    def mark_read(self, user, **target):
        marked = self.filter(user=user, read_at__isnull=True, **target).update(
            read_at=timezone.now()
        )
        return marked


class Notification(models.Model):
    """Something on the boards that concerns a member, shown on their dashboard."""

    class Kind(models.TextChoices):
        LOCUM_MATCH = "locum_match", _("Une demande de remplacement vous correspond")
        LOCUM_RESPONSE = "locum_response", _("Un confrère est disponible pour votre remplacement")
        LOCUM_CHOSEN = "locum_chosen", _("Vous avez été retenu·e pour un remplacement")
        MUTUAL_AID_MATCH = "mutual_aid_match", _("Demande d'entraide près de chez vous")
        MUTUAL_AID_RESPONSE = (
            "mutual_aid_response",
            _("Un confrère répond à votre demande d'entraide"),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    locum_request = models.ForeignKey(
        LocumRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    mutual_aid_request = models.ForeignKey(
        MutualAidRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(locum_request__isnull=False) | Q(mutual_aid_request__isnull=False),
                name="notification_has_target",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"

    def get_absolute_url(self):
        return self.target.get_absolute_url()

    @staticmethod
    def target_field(request_obj):
        """The field that points at ``request_obj``, a locum or a mutual-aid request."""
        return "locum_request" if isinstance(request_obj, LocumRequest) else "mutual_aid_request"

    @property
    def target(self):
        return self.locum_request or self.mutual_aid_request
