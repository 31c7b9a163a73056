"""The communes of France and the association's territory."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..normalize import commune_key


class CommuneQuerySet(models.QuerySet):
    def territory(self):
        """The communes the association serves (all imported ones until the bureau narrows it)."""
        return self.filter(in_territory=True)

    def by_name(self, name):
        """Communes whose name folds to the same key as ``name`` (case, accents, hyphens, saint)."""
        key = commune_key(name)
        return self.filter(search_key=key) if key else self.none()

    def with_postcode(self, postcode):
        postcode = (postcode or "").strip()
        return self.filter(
            Q(postcodes=postcode)
            | Q(postcodes__startswith=f"{postcode} ")
            | Q(postcodes__endswith=f" {postcode}")
            | Q(postcodes__contains=f" {postcode} ")
        )

    def search(self, text):
        """Communes whose name has a word starting with ``text``, or whose postcode starts with it.

        Names starting with it come first, then by name.
        """
        key = commune_key(text)
        if not key:
            return self.none()
        if key.replace(" ", "").isdigit():
            digits = key.replace(" ", "")
            matches = self.filter(
                Q(postcodes__startswith=digits) | Q(postcodes__contains=f" {digits}")
            )
            return matches.order_by("search_key", "insee")
        matches = self.filter(Q(search_key__startswith=key) | Q(search_key__contains=f" {key}"))
        return matches.annotate(
            starts=models.Case(
                models.When(search_key__startswith=key, then=models.Value(0)),
                default=models.Value(1),
            )
        ).order_by("starts", "search_key", "insee")


class Commune(models.Model):
    """A French commune from the official list (INSEE code, postcodes, centre)."""

    insee = models.CharField(
        _("code INSEE"),
        max_length=5,
        unique=True,
        help_text=_("Code officiel géographique de la commune (5 caractères, ex. 34079)."),
    )
    name = models.CharField(_("nom"), max_length=100, help_text=_("Ex. : Clermont-l'Hérault"))
    department = models.CharField(
        _("département"), max_length=3, db_index=True, help_text=_("Code du département (34).")
    )
    postcodes = models.CharField(
        _("codes postaux"),
        max_length=100,
        blank=True,
        help_text=_("Codes postaux de la commune, séparés par des espaces."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    search_key = models.CharField(_("clé de recherche"), max_length=100, editable=False)
    in_territory = models.BooleanField(
        _("dans le territoire"),
        default=True,
        db_index=True,
        help_text=_("Commune desservie par l'association."),
    )
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "insee"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["search_key"], name="commune_search_key_idx")]

    def __str__(self):
        return f"{self.name} ({self.postcode})" if self.postcode else self.name

    def save(self, *args, **kwargs):
        self.search_key = commune_key(self.name)
        super().save(*args, **kwargs)

    @property
    def postcode(self):
        """The main postcode (the first listed)."""
        return self.postcodes.split(" ", 1)[0] if self.postcodes else ""


class Territory(models.Model):
    """The bureau's choice of territory (one row); the communes carry the result."""

    class Mode(models.TextChoices):
        ALL = "all", _("Toutes les communes importées")
        DEPARTMENTS = "departments", _("Par département")
        LIST = "list", _("Liste de communes")
        RADIUS = "radius", _("Rayon autour d'une commune")

    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.ALL)
    departments = models.CharField(
        _("départements"),
        max_length=200,
        blank=True,
        help_text=_("Codes des départements, séparés par des espaces (ex. 34 30)."),
    )
    centre = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune centre"),
    )
    radius_km = models.PositiveSmallIntegerField(_("rayon (km)"), null=True, blank=True)
    # Changes on every write to the communes: each process compares it to its cached copy.
    version = models.CharField(max_length=32, editable=False, blank=True)
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoire")

    def __str__(self):
        return str(self.get_mode_display())

    @property
    def department_list(self):
        return self.departments.split()
