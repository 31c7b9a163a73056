"""The mutual-aid board: urgent requests to keep a patient's care going, and the answers."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.members.models import Profession
from portal.members.validators import NO_PATIENT_DATA_HELP, validate_no_nir

from .base import BoardRequest, BoardRequestQuerySet


class MutualAidRequestQuerySet(BoardRequestQuerySet):
    def with_related(self):
        return self.select_related("author", "profession_needed")


class MutualAidRequest(BoardRequest):
    """An urgent request to keep a patient's care going for a few days."""

    class Urgency(models.TextChoices):
        TODAY = "today", _("Aujourd'hui")
        TWO_DAYS = "48h", _("Sous 48 h")
        WEEK = "week", _("Cette semaine")

    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        SOLVED = "solved", _("Résolue")
        EXPIRED = "expired", _("Close sans solution")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutual_aid_requests"
    )
    profession_needed = models.ForeignKey(
        Profession,
        on_delete=models.PROTECT,
        related_name="mutual_aid_requests",
        verbose_name=_("profession recherchée"),
    )
    commune = models.CharField(_("commune"), max_length=100, help_text=_("Où les soins ont lieu."))
    start = models.DateField(_("à partir du"))
    duration_days = models.PositiveSmallIntegerField(
        _("durée (jours)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    urgency = models.CharField(
        _("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.TWO_DAYS
    )
    description = models.TextField(
        _("besoin"),
        validators=[validate_no_nir],
        help_text=_("Le soin à assurer : type de soin, fréquence, horaires."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    solved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)

    objects = MutualAidRequestQuerySet.as_manager()

    profession_field = "profession_needed"
    detail_url_name = "mutual_aid:detail"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande d'entraide")
        verbose_name_plural = _("demandes d'entraide")
        indexes = [models.Index(fields=["status", "profession_needed"])]

    def __str__(self):
        return f"{self.profession_needed} — {self.commune} ({self.get_urgency_display()})"

    @property
    def end(self):
        return self.start + timedelta(days=self.duration_days - 1)


class MutualAidResponse(models.Model):
    request = models.ForeignKey(
        MutualAidRequest, on_delete=models.CASCADE, related_name="responses"
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutual_aid_responses"
    )
    message = models.TextField(
        _("message"), blank=True, validators=[validate_no_nir], help_text=NO_PATIENT_DATA_HELP
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        unique_together = [("request", "responder")]
        verbose_name = _("réponse à une demande d'entraide")
        verbose_name_plural = _("réponses aux demandes d'entraide")

    def __str__(self):
        return f"{self.responder} → {self.request}"
