"""Territorial resources: structures and services that help keep patients at home."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.search import index

from portal.members.validators import validate_no_nir

from .entries import validate_finess


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def covering(self, commune):
        """Resources located in ``commune`` or listing it among the communes they cover."""
        if not commune:
            return self
        return self.filter(Q(commune__iexact=commune) | Q(communes_covered__icontains=commune))


class Resource(index.Indexed, models.Model):
    """A territorial structure or service that helps keep patients at home."""

    class Category(models.TextChoices):
        HAD = "had", _("Hospitalisation à domicile (HAD)")
        SSIAD = "ssiad", _("Soins infirmiers à domicile (SSIAD)")
        AIDE_DOMICILE = "aide_domicile", _("Aide à domicile")
        PORTAGE_REPAS = "portage_repas", _("Portage de repas")
        CCAS = "ccas", _("Centre communal d'action sociale (CCAS)")
        SERVICE_SOCIAL = "service_social", _("Service social")
        PHARMACIE_GARDE = "pharmacie_garde", _("Pharmacie de garde")
        HOPITAL = "hopital", _("Hôpital")
        EQUIPE_SORTIE = "equipe_sortie", _("Équipe de sortie d'hospitalisation")
        ASSOCIATION_PATIENTS = "association_patients", _("Association de patients et d'aidants")

    name = models.CharField(
        _("nom"), max_length=200, help_text=_("Nom de la structure ou du service.")
    )
    category = models.CharField(
        _("catégorie"), max_length=30, choices=Category.choices, help_text=_("Type de structure.")
    )
    finess = models.CharField(
        _("numéro FINESS"),
        max_length=9,
        blank=True,
        validators=[validate_finess],
        help_text=_("9 caractères, pour les établissements qui en ont un (hôpital, HAD, SSIAD…)."),
    )
    communes_covered = models.TextField(
        _("communes couvertes"),
        blank=True,
        help_text=_("Noms des communes desservies, séparés par des virgules."),
    )
    address = models.CharField(
        _("adresse"), max_length=255, blank=True, help_text=_("Numéro et rue.")
    )
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, help_text=_("5 chiffres.")
    )
    commune = models.CharField(
        _("commune"), max_length=100, help_text=_("Commune où se trouve la structure.")
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Position sur la carte, en degrés décimaux (ex. 43.6275)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        help_text=_("Position sur la carte, en degrés décimaux (ex. 3.4319)."),
    )
    phone = PhoneNumberField(_("téléphone"), blank=True, help_text=_("Ex. : 04 67 88 00 00"))
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Adresse de contact de la structure.")
    )
    website = models.URLField(
        _("site web"), blank=True, help_text=_("Adresse complète, avec https://")
    )
    opening_hours = models.TextField(
        _("horaires"),
        blank=True,
        help_text=_("Ex. : du lundi au vendredi, 8 h 30 – 17 h ; astreinte 24 h/24."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        validators=[validate_no_nir],
        help_text=_("Ce que fait la structure, pour qui, et comment la solliciter."),
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=True,
        help_text=_("Décocher pour retirer la ressource du site sans la supprimer."),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("commune"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("ressource territoriale")
        verbose_name_plural = _("ressources territoriales")

    def __str__(self):
        return self.name

    @property
    def commune_list(self):
        return [c.strip() for c in self.communes_covered.split(",") if c.strip()]

    def clean(self):
        if self.finess:
            self.finess = self.finess.strip().upper()
        if self.postcode and not re.fullmatch(r"\d{5}|2[AB]\d{3}", self.postcode):
            raise ValidationError({"postcode": _("Le code postal comporte 5 chiffres.")})
