"""Accounts, professions, membership and commissions."""

import re
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField

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
    # Part of the HMAC that Django keeps in each session (get_session_auth_hash): raising it
    # ends every session of this person, whatever the session backend (issue 14).
    session_generation = models.PositiveIntegerField(
        _("génération de sessions"),
        default=0,
        editable=False,
        help_text=_("Augmentée pour fermer toutes les sessions ouvertes de la personne."),
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # The directory lists members by name: page 1 walks this index (issue 8).
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name_idx")]

    def __str__(self):
        return self.get_full_name() or self.email

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
            from .roles import grant_commission_role

            self.group, _created = Group.objects.get_or_create(name=f"Commission : {self.name}")
            grant_commission_role(self.group)
        super().save(*args, **kwargs)


# django-guardian with direct foreign keys: rows go away with their commission.
class CommissionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)


class CommissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Commission, on_delete=models.CASCADE)


def _relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour):
    """WCAG 2 contrast ratio of white text on ``hex_colour`` (#rrggbb)."""
    return 1.05 / (_relative_luminance(hex_colour) + 0.05)


def validate_brand_colour(value):
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(
            _("Indiquez une couleur au format #rrvvbb, par exemple #0b5c8a."), code="format"
        )
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "Le texte blanc sur cette couleur n'est pas assez lisible (contraste "
                "%(ratio).1f:1, il faut au moins 4,5:1). Choisissez une couleur plus foncée."
            ),
            code="contrast",
            params={"ratio": ratio},
        )


class ContactVisibility(models.TextChoices):
    """Same values as the directory's per-field visibility (directory.models.Visibility)."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Adhérents seulement")
    HIDDEN = "hidden", _("Masqué")


# Texts pre-filled at setup start with this marker until the bureau has reread them.
TO_REVIEW = "[À relire] "


@register_setting(icon="home")
class AssociationSettings(BaseGenericSetting):
    """Who the association is: what the bureau sets in the admin, without a deploy."""

    name = models.CharField(
        _("nom de l'association"),
        max_length=150,
        help_text=_("Affiché en tête de chaque page et dans les e-mails."),
    )
    short_name = models.CharField(
        _("nom court"),
        max_length=40,
        blank=True,
        help_text=_("Sigle ou nom d'usage, ex. : CPTS Cœur d'Hérault."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affiché en haut à gauche ; une image large et peu haute convient le mieux."),
    )
    brand_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#0b5c8a",
        validators=[validate_brand_colour],
        help_text=_(
            "Couleur de l'en-tête et des boutons, au format #rrvvbb. Le texte blanc doit y rester "
            "lisible (contraste d'au moins 4,5:1)."
        ),
    )
    postal_address = models.TextField(
        _("adresse postale"),
        blank=True,
        help_text=_("Siège de l'association, sur plusieurs lignes."),
    )
    contact_email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_("Adresse à laquelle les adhérents répondent (« Répondre à » des e-mails)."),
    )
    sender_name = models.CharField(
        _("nom de l'expéditeur"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nom affiché comme expéditeur des e-mails ; par défaut, le nom de l'association."
        ),
    )
    sender_email = models.EmailField(
        _("adresse d'expédition"),
        blank=True,
        help_text=_(
            "Adresse d'envoi des e-mails (son domaine doit autoriser le serveur d'envoi : SPF, DKIM). "
            "Par défaut, celle des réglages du serveur."
        ),
    )
    charter = RichTextField(
        _("charte de l'adhérent"),
        blank=True,
        help_text=_("Acceptée par chaque adhérent à l'inscription."),
    )
    publisher = models.TextField(
        _("éditeur du site"),
        blank=True,
        help_text=_("Nom, forme juridique (association loi 1901), adresse, numéro RNA ou SIREN."),
    )
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"),
        max_length=150,
        blank=True,
        help_text=_("En général le ou la présidente de l'association."),
    )
    host = models.TextField(
        _("hébergeur"), blank=True, help_text=_("Nom, adresse et téléphone de l'hébergeur du site.")
    )
    legal_notice = RichTextField(
        _("mentions légales (compléments)"),
        blank=True,
        help_text=_(
            "Propriété intellectuelle, liens, crédits… Ajouté après l'éditeur et l'hébergeur."
        ),
    )
    privacy_controller = models.TextField(
        _("responsable du traitement"),
        blank=True,
        help_text=_(
            "L'association, représentée par…, et le contact pour les données personnelles."
        ),
    )
    privacy_policy = RichTextField(
        _("politique de confidentialité"),
        blank=True,
        help_text=_(
            "Finalités, bases légales, destinataires, durées de conservation, droits des personnes "
            "et comment les exercer, réclamation auprès de la CNIL."
        ),
    )
    accessibility_statement = RichTextField(
        _("déclaration d'accessibilité"),
        blank=True,
        help_text=_(
            "État de conformité (RGAA), contenus non accessibles, contact, voies de recours."
        ),
    )
    default_contact_visibility = models.CharField(
        _("visibilité par défaut des coordonnées d'un nouvel adhérent"),
        max_length=10,
        choices=ContactVisibility.choices,
        default=ContactVisibility.MEMBERS,
        help_text=_(
            "Qui voit le téléphone, l'e-mail, la MSSanté et le site web d'une fiche nouvellement "
            "créée. Chaque adhérent peut ensuite changer la visibilité de sa fiche."
        ),
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("association")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.name or settings.SITE_NAME

    @property
    def from_email(self):
        """ "Name <address>" for every e-mail the portal sends."""
        address = self.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        name = (self.sender_name or self.display_name).replace('"', "").strip()
        # Django encodes the header itself; quote the name only where RFC 5322 requires it.
        if any(char in name for char in "()<>[]:;@\\,."):
            name = f'"{name}"'
        return f"{name} <{address}>" if name else address

    @property
    def reply_to(self):
        return [self.contact_email] if self.contact_email else []

    def texts_to_review(self):
        """Verbose names of the pre-filled texts still marked "to review"."""
        return [
            field.verbose_name
            for field in self._meta.fields
            if isinstance(getattr(self, field.name), str)
            and TO_REVIEW.strip() in getattr(self, field.name)
        ]


class NotificationKind(models.TextChoices):
    """The kinds of e-mail a member can switch off (each carries List-Unsubscribe)."""

    LOCUM = "locum", _("Demandes de remplacement qui me correspondent")
    MUTUAL_AID = "mutual_aid", _("Demandes d'entraide près de chez moi")
    FORUM_REPLIES = "forum_replies", _("Réponses aux sujets du forum que je suis")
    PROTOCOLS = "protocols", _("Nouveaux protocoles de ma profession")
    DIRECTORY = "directory", _("Rappels de confirmation de ma fiche d'annuaire")


class NotificationPreferences(models.Model):
    """Which notification e-mails a member receives; every kind is on until switched off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    switched_off = models.JSONField(
        _("notifications désactivées"),
        default=list,
        blank=True,
        help_text=_("Types d'e-mail refusés."),
    )
    updated_at = models.DateTimeField(_("modifiées le"), auto_now=True)

    class Meta:
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return str(self.user)

    def wants(self, kind):
        return kind not in self.switched_off


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
