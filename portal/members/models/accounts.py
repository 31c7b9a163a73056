"""Accounts, professions, membership and commissions."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..normalize import name_key
from ..validators import validate_adeli, validate_rpps

MEMBERS_GROUP = "Membres"
BUREAU_GROUP = "Bureau"
# The folded names every list of people is ordered by (User.name_order).
NAME_KEYS = ("last_name_key", "first_name_key")


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
    # Part of the HMAC that Django keeps in each session (get_session_auth_hash): raising it
    # ends every session of this person, whatever the session backend (issue 14).
    session_generation = models.PositiveIntegerField(
        _("génération de sessions"),
        default=0,
        editable=False,
        help_text=_("Augmentée pour fermer toutes les sessions ouvertes de la personne."),
    )
    # The names as a French reader sorts them (normalize.name_key), kept by save(): ordering by
    # the names themselves would follow each database's collation (SQLite puts "Élodie" after
    # "Zoé" and "de Vaux" after "Dupont"; PostgreSQL depends on the server's locale).
    last_name_key = models.CharField(
        _("nom (clé de tri)"), max_length=300, blank=True, default="", editable=False
    )
    first_name_key = models.CharField(
        _("prénom (clé de tri)"), max_length=300, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # The directory lists members by name: page 1 walks this index (issue 8).
        indexes = [models.Index(fields=list(NAME_KEYS), name="user_name_key_idx")]

    def __str__(self):
        return self.get_full_name() or self.email

    @staticmethod
    def name_order(prefix=""):
        """``order_by()`` arguments listing people by name, the same on every database;
        ``prefix`` is the path to the user (``"user__"`` from a directory entry)."""
        return [prefix + field for field in NAME_KEYS]

    @property
    def name_sort_key(self):
        """The same order for lists sorted in Python."""
        return (self.last_name_key, self.first_name_key)

    def set_name_keys(self):
        """Fold the names into their sort keys (save() does it; bulk_create() callers too)."""
        self.last_name_key = name_key(self.last_name)[:300]
        self.first_name_key = name_key(self.first_name)[:300]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.set_name_keys()
        else:
            update_fields = kwargs["update_fields"] = set(update_fields)
            if {"first_name", "last_name"} & update_fields:
                self.set_name_keys()
                update_fields.update(NAME_KEYS)
        super().save(*args, **kwargs)

    def _session_hash(self, secret=None):
        # Generation 0 gives Django's own value, so the sessions open before this field existed
        # stay valid.
        value = (
            self.password
            if not self.session_generation
            else (f"{self.password}${self.session_generation}")
        )
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self):
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)


class ProfessionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Profession(models.Model):
    """A health profession, with its code in the national nomenclature (TRE_G15)."""

    class Register(models.TextChoices):
        RPPS = "rpps", _("RPPS (11 chiffres)")
        ADELI = "adeli", _("RPPS ou ADELI (9 chiffres)")

    name = models.CharField(_("nom"), max_length=100, unique=True, help_text=_("Ex. : Infirmier"))
    name_feminine = models.CharField(
        _("nom au féminin"),
        max_length=100,
        blank=True,
        help_text=_("Affiché à côté de « Mme ». Ex. : Infirmière, Masseuse-kinésithérapeute."),
    )
    name_en = models.CharField(
        _("nom en anglais"),
        max_length=100,
        blank=True,
        help_text=_("Affiché quand l'interface est en anglais. Ex. : Nurse."),
    )
    official_label = models.CharField(
        _("libellé officiel"),
        max_length=100,
        blank=True,
        help_text=_(
            "Libellé de la nomenclature TRE_G15 tel que le publie l'Annuaire Santé "
            "(utilisé dans les échanges FHIR)."
        ),
    )
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
        return self.label()

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=f"Profession : {self.name}")
        super().save(*args, **kwargs)

    def label(self, *, feminine=False):
        """The name to show: English when the interface is in English, feminine on request."""
        if self.name_en and get_language() == "en":
            return self.name_en
        if feminine and self.name_feminine:
            return self.name_feminine
        return self.name


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
            # Its role (the admin access to draft protocols) is granted by roles.commission_saved.
            self.group, _created = Group.objects.get_or_create(name=f"Commission : {self.name}")
        super().save(*args, **kwargs)


# django-guardian with direct foreign keys: rows go away with their commission.
class CommissionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)


class CommissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)
