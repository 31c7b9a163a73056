"""Reports of posts, requests and answers, and the trace of what was removed (never the text)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    POST = "post", _("Message du forum")
    LOCUM = "locum", _("Demande de remplacement")
    LOCUM_RESPONSE = "locum-response", _("Réponse à une demande de remplacement")
    AID = "aid", _("Demande d'entraide")
    AID_RESPONSE = "aid-response", _("Réponse à une demande d'entraide")


class ReportReason(models.TextChoices):
    PATIENT_DATA = "patient-data", _("Données de patient")
    WRONG = "wrong", _("Erroné")
    OFFENSIVE = "offensive", _("Offensant")


class ReportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Report.Status.PENDING)


class Report(models.Model):
    """A member's "Signaler" on a post, request or answer, waiting for the bureau.

    The target is named by kind and id (no foreign key): removing it must not remove the report.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À traiter")
        REMOVED = "removed", _("Contenu retiré")
        DISMISSED = "dismissed", _("Classé sans suite")

    target_kind = models.CharField(_("contenu"), max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveIntegerField(_("numéro du contenu"))
    target_url = models.CharField(_("adresse du contenu"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur du contenu"),
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ReportReason.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
        verbose_name=_("signalé par"),
    )
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [models.Index(fields=["target_kind", "target_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id", "reported_by"],
                condition=models.Q(status="pending"),
                name="report_once_per_member",
            )
        ]

    def __str__(self):
        return f"{self.get_target_kind_display()} n° {self.target_id} ({self.get_reason_display()})"


class Removal(models.Model):
    """Who removed what and when, and why: the trace kept once the text is gone."""

    class Reason(models.TextChoices):
        PATIENT_DATA = "patient-data", _("Données de patient")
        WRONG = "wrong", _("Erroné")
        OFFENSIVE = "offensive", _("Offensant")
        AUTHOR = "author", _("Supprimé par son auteur")

    target_kind = models.CharField(_("contenu"), max_length=20, choices=TargetKind.choices)
    target_id = models.PositiveIntegerField(_("numéro du contenu"))
    context = models.CharField(
        _("où"),
        max_length=200,
        blank=True,
        help_text=_("Le forum ou la demande, sans le texte retiré."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur du contenu"),
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("retiré par"),
    )
    removed_at = models.DateTimeField(_("retiré le"), default=timezone.now)

    class Meta:
        ordering = ["-removed_at"]
        verbose_name = _("contenu retiré")
        verbose_name_plural = _("contenus retirés")

    def __str__(self):
        return f"{self.get_target_kind_display()} n° {self.target_id} — {self.get_reason_display()}"
