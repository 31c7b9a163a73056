"""The locum board: requests for a replacement, the answers, and availability offers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.members.models import Profession
from portal.members.validators import NO_PATIENT_DATA_HELP, validate_no_nir

from .base import NEARBY_KM, BoardRequest, BoardRequestQuerySet


class LocumRequestQuerySet(BoardRequestQuerySet):
    def with_related(self):
        return self.select_related("author", "profession", "filled_by")


class LocumRequest(BoardRequest):
    """A member looking for someone to replace them, assist them or join their practice."""

    class Kind(models.TextChoices):
        OCCASIONAL = "occasional", _("Remplacement ponctuel")
        REGULAR = "regular", _("Remplacement régulier")
        ASSISTANT = "assistant", _("Assistanat")
        COLLABORATION = "collaboration", _("Collaboration")

    class Contact(models.TextChoices):
        # Only channels the portal can honour: the chosen colleague is shown the requester's
        # e-mail and whatever their directory entry shows members (community.contact).
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Téléphone")
        MSSANTE = "mssante", _("MSSanté")

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        FILLED = "filled", _("Pourvue")
        CANCELLED = "cancelled", _("Annulée")
        EXPIRED = "expired", _("Expirée")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="locum_requests"
    )
    profession = models.ForeignKey(
        Profession,
        on_delete=models.PROTECT,
        related_name="locum_requests",
        verbose_name=_("profession recherchée"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OCCASIONAL)
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    commune = models.CharField(
        _("commune d'exercice"), max_length=100, help_text=_("Où se trouve le cabinet à reprendre.")
    )
    fee_share = models.PositiveSmallIntegerField(
        _("rétrocession (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Part des honoraires reversée au remplaçant, en pourcentage."),
    )
    housing = models.BooleanField(_("logement possible"), default=False)
    housing_notes = models.CharField(
        _("précisions sur le logement"),
        max_length=200,
        blank=True,
        validators=[validate_no_nir],
        help_text=NO_PATIENT_DATA_HELP,
    )
    software = models.CharField(
        _("logiciel utilisé"),
        max_length=100,
        blank=True,
        validators=[validate_no_nir],
        help_text=_("Ex. : Weda, Crossway, Albus…"),
    )
    conditions = models.TextField(
        _("conditions et précisions"),
        blank=True,
        validators=[validate_no_nir],
        help_text=NO_PATIENT_DATA_HELP,
    )
    contact_preference = models.CharField(
        _("contact préféré"),
        max_length=10,
        choices=Contact.choices,
        default=Contact.EMAIL,
        help_text=_(
            "Montré à la personne que vous retiendrez, avec vos coordonnées professionnelles."
        ),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locums_taken",
        verbose_name=_("remplaçant retenu"),
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discussion"),
    )
    filled_at = models.DateTimeField(_("pourvue le"), null=True, blank=True)

    objects = LocumRequestQuerySet.as_manager()

    profession_field = "profession"
    detail_url_name = "locum:detail"

    class Meta:
        ordering = ["start", "-created_at"]
        verbose_name = _("demande de remplacement")
        verbose_name_plural = _("demandes de remplacement")
        indexes = [models.Index(fields=["status", "profession", "start"])]

    def __str__(self):
        kind, start = self.get_kind_display(), f"{self.start:%d/%m/%Y}"
        return f"{kind} — {self.profession} — {self.commune} ({start})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("La date de fin doit être postérieure ou égale à la date de début.")}
            )

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def title(self):
        return _("%(kind)s à %(commune)s du %(start)s au %(end)s") % {
            "kind": self.get_kind_display(),
            "commune": self.commune,
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }


class LocumResponse(models.Model):
    """ "Je suis disponible": a member offering to take a locum request, on all or part of it."""

    request = models.ForeignKey(LocumRequest, on_delete=models.CASCADE, related_name="responses")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="locum_responses"
    )
    available_from = models.DateField(_("disponible du"))
    available_to = models.DateField(_("au"))
    message = models.TextField(
        _("message"), blank=True, validators=[validate_no_nir], help_text=NO_PATIENT_DATA_HELP
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        unique_together = [("request", "responder")]
        verbose_name = _("réponse à une demande de remplacement")
        verbose_name_plural = _("réponses aux demandes de remplacement")

    def __str__(self):
        return f"{self.responder} → {self.request}"

    def clean(self):
        first, last = self.available_from, self.available_to
        if first is None or last is None:
            return
        if last < first:
            raise ValidationError(
                {
                    "available_to": _(
                        "La date de fin doit être postérieure ou égale à la date de début."
                    )
                }
            )
        locum = self.request
        if first < locum.start or last > locum.end:
            raise ValidationError(
                _(
                    "Vos dates doivent être comprises dans la période demandée, du %(start)s au %(end)s."
                )
                % {"start": f"{locum.start:%d/%m/%Y}", "end": f"{locum.end:%d/%m/%Y}"}
            )

    @property
    def days_covered(self):
        return (self.available_to - self.available_from).days + 1

    @property
    def covers_whole_period(self):
        return self.available_from <= self.request.start and self.available_to >= self.request.end

    @property
    def coverage_text(self):
        """ "disponible du 18 au 20 mars, 3 jours sur 14", or the whole period said so."""
        total = self.request.days
        if self.covers_whole_period:
            return ngettext(
                "disponible sur toute la période (%(total)d jour)",
                "disponible sur toute la période (%(total)d jours)",
                total,
            ) % {"total": total}
        first, last = self.available_from, self.available_to
        if (first.year, first.month) == (last.year, last.month):
            start_format = "j"
        elif first.year == last.year:
            start_format = "j F"
        else:
            start_format = "j F Y"
        end_format = "j F Y" if first.year != timezone.localdate().year else "j F"
        if first == last:
            dates = _("le %(day)s") % {"day": date_format(first, end_format)}
        else:
            dates = _("du %(start)s au %(end)s") % {
                "start": date_format(first, start_format),
                "end": date_format(last, end_format),
            }
        days = ngettext(
            "%(days)d jour sur %(total)d", "%(days)d jours sur %(total)d", self.days_covered
        ) % {"days": self.days_covered, "total": total}
        return _("disponible %(dates)s, %(days)s") % {"dates": dates, "days": days}


class LocumOfferQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=LocumOffer.Status.OPEN)

    def with_related(self):
        return self.select_related("author", "profession")


class LocumOffer(models.Model):
    """ "Je cherche des remplacements": a member's availability, browsed by requesters."""

    class Status(models.TextChoices):
        OPEN = "open", _("En ligne")
        WITHDRAWN = "withdrawn", _("Retirée")
        EXPIRED = "expired", _("Expirée")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="locum_offers"
    )
    profession = models.ForeignKey(
        Profession,
        on_delete=models.PROTECT,
        related_name="locum_offers",
        verbose_name=_("profession"),
    )
    start = models.DateField(_("disponible du"))
    end = models.DateField(_("au"))
    communes = models.CharField(
        _("communes souhaitées"),
        max_length=255,
        help_text=_("Communes autour desquelles vous pouvez remplacer, séparées par des virgules."),
    )
    radius_km = models.PositiveSmallIntegerField(
        _("rayon de déplacement (km)"),
        default=NEARBY_KM,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    notes = models.TextField(
        _("précisions"), blank=True, validators=[validate_no_nir], help_text=NO_PATIENT_DATA_HELP
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    objects = LocumOfferQuerySet.as_manager()

    class Meta:
        ordering = ["start", "-created_at"]
        verbose_name = _("offre de disponibilité")
        verbose_name_plural = _("offres de disponibilité")

    def __str__(self):
        return f"{self.author} — {self.profession} ({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("La date de fin doit être postérieure ou égale à la date de début.")}
            )

    @property
    def commune_list(self):
        return [c.strip() for c in self.communes.split(",") if c.strip()]
