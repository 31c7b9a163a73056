"""Accounts, professions, membership and commissions."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .normalize import commune_key
from .validators import validate_adeli, validate_rpps

MEMBERS_GROUP = "Membres"
BUREAU_GROUP = "Bureau"


class User(AbstractUser):
    """A person with an account; e-mail is the login."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    is_demo_account = models.BooleanField(
        _("compte de démonstration"),
        default=False,
        editable=False,
        help_text=_(
            "Seuls les comptes de démonstration peuvent se passer de double authentification."
        ),
    )
    last_dashboard_visit = models.DateTimeField(
        _("dernière visite de l'espace membres"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # The directory lists members by name: page 1 walks this index (issue 8).
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name_idx")]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_member(self):
        """Approved and not suspended: what the "Membres" group says."""
        return self.groups.filter(name=MEMBERS_GROUP).exists()

    @property
    def is_bureau(self):
        return self.is_superuser or self.groups.filter(name=BUREAU_GROUP).exists()


class ProfessionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Profession(models.Model):
    """A health profession, with its code in the national nomenclature (TRE_G15)."""

    class Register(models.TextChoices):
        RPPS = "rpps", _("RPPS (11 chiffres)")
        ADELI = "adeli", _("RPPS ou ADELI (9 chiffres)")

    name = models.CharField(_("nom"), max_length=100, unique=True, help_text=_("Ex. : Infirmier"))
    plural = models.CharField(_("pluriel"), max_length=100, help_text=_("Ex. : infirmiers"))
    slug = models.SlugField(_("identifiant d'URL"), unique=True)
    code = models.CharField(
        _("code profession"),
        max_length=4,
        unique=True,
        help_text=_(
            "Code de la nomenclature des professions de santé (10 médecin, 60 infirmier…)."
        ),
    )
    register = models.CharField(
        _("numéro d'enregistrement accepté"),
        max_length=10,
        choices=Register.choices,
        default=Register.RPPS,
        help_text=_(
            "Les professions pas encore passées au RPPS peuvent s'inscrire avec leur numéro ADELI."
        ),
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, editable=False, related_name="profession"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProfessionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("profession")
        verbose_name_plural = _("professions")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=f"Profession : {self.name}")
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)


class Membership(models.Model):
    """A person's application to, and standing in, the association."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        APPROVED = "approved", _("Adhérent")
        REFUSED = "refused", _("Refusée")
        SUSPENDED = "suspended", _("Suspendue")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    profession = models.ForeignKey(Profession, on_delete=models.PROTECT, related_name="memberships")
    rpps = models.CharField(
        _("numéro RPPS"),
        max_length=11,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_rpps],
    )
    adeli = models.CharField(
        _("numéro ADELI"),
        max_length=9,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_adeli],
    )
    commune = models.CharField(_("commune d'exercice"), max_length=100)
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    applied_at = models.DateTimeField(_("demande le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.CheckConstraint(
                condition=Q(rpps__isnull=False) | Q(adeli__isnull=False),
                name="membership_has_number",
            )
        ]
        # The directory's commune filter compares UPPER(commune) (iexact on PostgreSQL).
        indexes = [models.Index(Upper("commune"), name="membership_commune_upper_idx")]

    def __str__(self):
        return f"{self.user} — {self.profession} ({self.get_status_display()})"

    @property
    def number(self):
        return self.rpps or self.adeli

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class Commission(models.Model):
    """A working group of the association that writes and validates protocols."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), unique=True)
    purpose = models.TextField(
        _("objet"), blank=True, help_text=_("Ce que fait la commission, en quelques lignes.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_commissions",
        verbose_name=_("président·e"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="commissions", verbose_name=_("membres")
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, editable=False, related_name="commission"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        permissions = [("validate_commission", _("Valider les protocoles de la commission"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=f"Commission : {self.name}")
        super().save(*args, **kwargs)


# django-guardian with direct foreign keys: rows go away with their commission.
class CommissionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)


class CommissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)


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
