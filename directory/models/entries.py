"""Member directory entries, their practice sites and locum periods, and territorial resources."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from phonenumber_field.modelfields import PhoneNumberField
from taggit.managers import TaggableManager

from portal.members.models import Membership
from portal.members.validators import luhn_is_valid, validate_no_nir


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Adhérents seulement")
    HIDDEN = "hidden", _("Masqué")


# What each level promises; directory.visibility applies exactly this, everywhere.
VISIBILITY_HELP = _(
    "Public : tout le monde, y compris les visiteurs non connectés (une fois votre fiche "
    "confirmée). Adhérents seulement : les adhérents connectés. Masqué : vous, les personnes "
    "à qui vous déléguez votre fiche et le bureau de l'association (y compris dans son export "
    "de l'annuaire), personne d'autre."
)


def visibility_field(what):
    return models.CharField(
        _("visibilité : %(what)s") % {"what": what},
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=VISIBILITY_HELP,
    )


def validate_mssante(value):
    if value and not value.lower().endswith(".mssante.fr"):
        raise ValidationError(
            _(
                "Une adresse de messagerie sécurisée de santé se termine par « .mssante.fr » "
                "(par exemple prenom.nom@medecin.mssante.fr)."
            ),
            code="mssante",
        )


FINESS_RE = re.compile(r"^(\d{2}|2A|2B)\d{7}$")


def validate_finess(value):
    """FINESS: 9 characters, department first (2A/2B for Corsica), Luhn key last."""
    value = (value or "").strip().upper()
    if not FINESS_RE.match(value):
        raise ValidationError(
            _(
                "Le numéro FINESS comporte 9 caractères : "
                "le département (2 chiffres, 2A ou 2B) puis 7 chiffres."
            ),
            code="finess_format",
        )
    digits = value.replace("2A", "20").replace("2B", "20")
    if value[:2] not in ("2A", "2B") and not luhn_is_valid(digits):
        raise ValidationError(
            _(
                "Ce numéro FINESS n'est pas valide : "
                "la clé de contrôle (dernier chiffre) ne correspond pas."
            ),
            code="finess_key",
        )


LANGUAGE_CHOICES = [
    ("fr", _("français")),
    ("en", _("anglais")),
    ("es", _("espagnol")),
    ("it", _("italien")),
    ("de", _("allemand")),
    ("pt", _("portugais")),
    ("ar", _("arabe")),
    ("oc", _("occitan")),
    ("ca", _("catalan")),
    ("nl", _("néerlandais")),
    ("lsf", _("langue des signes française")),
]
LANGUAGE_LABELS = dict(LANGUAGE_CHOICES)


class ProfileQuerySet(models.QuerySet):
    def listed(self):
        """Entries shown in the directory: approved memberships only."""
        return self.filter(user__membership__status=Membership.Status.APPROVED)

    def with_related(self):
        """Everything a list or a page needs, in a fixed number of queries."""
        return self.select_related(
            "user", "user__membership", "user__membership__profession"
        ).prefetch_related("sites", "specialties", "locum_periods")

    def in_profession(self, slug):
        return self.filter(user__membership__profession__slug=slug) if slug else self

    def in_commune(self, commune):
        """Entries with a practice site in ``commune``, or whose member lives there.

        Two semi-joins, each answered by an index on ``UPPER(commune)`` (what
        ``iexact`` compares on PostgreSQL), rather than one OR over a LEFT JOIN
        of every site and membership.
        """
        if not commune:
            return self
        return self.filter(
            Q(pk__in=PracticeSite.objects.filter(commune__iexact=commune).values("profile_id"))
            | Q(user_id__in=Membership.objects.filter(commune__iexact=commune).values("user_id"))
        )

    def speaking(self, language):
        if not language:
            return self
        return self.filter(
            Q(languages=language)
            | Q(languages__startswith=f"{language},")
            | Q(languages__endswith=f",{language}")
            | Q(languages__contains=f",{language},")
        )

    def locum_available(self, start=None, end=None):
        qs = self.filter(available_for_locum=True)
        if start or end:
            start = start or end
            end = end or start
            qs = qs.filter(
                pk__in=LocumPeriod.objects.filter(start__lte=end, end__gte=start).values(
                    "profile_id"
                )
            )
        return qs

    def available_for_locum(self, profession, start, end):
        """Listed profiles of ``profession`` (object or slug) free for a locum in [start, end]."""
        slug = getattr(profession, "slug", profession)
        return self.listed().in_profession(slug).locum_available(start, end)

    def not_confirmed_since(self, days=365):
        limit = timezone.now() - timedelta(days=days)
        return self.filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=limit))


class Profile(models.Model):
    """A member's directory entry; each contact value carries its own visibility."""

    class Civility(models.TextChoices):
        DR = "dr", _("Dr")
        MME = "mme", _("Mme")
        M = "m", _("M.")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    civility = models.CharField(_("civilité"), max_length=4, choices=Civility.choices, blank=True)
    specialties = TaggableManager(
        _("spécialités et compétences"),
        blank=True,
        help_text=_(
            "Séparées par des virgules, par exemple : "
            "plaies et cicatrisation, diabète, soins palliatifs."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to="directory/photos/", blank=True)
    photo_visibility = visibility_field(_("photo"))
    languages = models.CharField(
        _("langues parlées"),
        max_length=100,
        blank=True,
        default="fr",
        help_text=_("Codes de langue séparés par des virgules (fr, en, oc…)."),
    )
    mobile = PhoneNumberField(_("téléphone mobile"), blank=True)
    mobile_visibility = visibility_field(_("mobile"))
    email = models.EmailField(_("e-mail professionnel"), blank=True)
    email_visibility = visibility_field(_("e-mail"))
    mssante = models.EmailField(
        _("messagerie sécurisée de santé (MSSanté)"),
        blank=True,
        validators=[validate_mssante],
        help_text=_("Par exemple prenom.nom@medecin.mssante.fr"),
    )
    mssante_visibility = visibility_field(_("MSSanté"))
    website = models.URLField(_("site web"), blank=True)
    website_visibility = visibility_field(_("site web"))
    home_visits = models.BooleanField(_("visites à domicile"), default=False)
    # Unknown until the member answers: nothing is pre-ticked for them.
    accepts_new_patients = models.BooleanField(
        _("accepte de nouveaux patients"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Laissez « Non renseigné » si vous ne souhaitez pas l'indiquer."),
    )
    available_for_locum = models.BooleanField(_("disponible pour des remplacements"), default=False)
    confirmed_at = models.DateTimeField(_("fiche confirmée le"), null=True, blank=True)
    confirmation_reminded_at = models.DateTimeField(
        _("rappel de confirmation envoyé le"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    CONTACT_FIELDS = ("mobile", "email", "mssante", "website")

    class Meta:
        ordering = ["user__last_name_key", "user__first_name_key"]
        verbose_name = _("fiche d'annuaire")
        verbose_name_plural = _("fiches d'annuaire")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        name = self.user.get_full_name() or self.user.email
        return f"{self.get_civility_display()} {name}" if self.civility else name

    @property
    def membership(self):
        return getattr(self.user, "membership", None)

    @property
    def profession(self):
        membership = self.membership
        return membership.profession if membership else None

    @property
    def language_list(self):
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_labels(self):
        return [str(LANGUAGE_LABELS.get(code, code)) for code in self.language_list]

    @property
    def tag_names(self):
        # Uses the prefetched tags when present (no query per entry in lists).
        return sorted(tag.name for tag in self.specialties.all())

    @property
    def is_stale(self):
        return self.confirmed_at is None or self.confirmed_at < timezone.now() - timedelta(days=365)

    @property
    def completeness(self):
        """Share (0-100) of the entry that is filled in; used by the bureau's freshness report."""
        sites = list(self.sites.all())
        checks = [
            bool(self.civility),
            bool(self.photo),
            bool(self.mobile),
            bool(self.email),
            bool(self.mssante),
            bool(self.website),
            bool(self.language_list),
            bool(self.tag_names),
            bool(sites),
            any(site.phone for site in sites),
            any(site.latitude is not None for site in sites),
            self.confirmed_at is not None,
        ]
        return round(100 * sum(checks) / len(checks))

    def confirm(self):
        self.confirmed_at = timezone.now()
        self.save(update_fields=["confirmed_at", "updated_at"])


class PracticeSite(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(
        _("nom du lieu d'exercice"),
        max_length=150,
        blank=True,
        help_text=_("Ex. : Maison de santé du Lodévois"),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_visibility = visibility_field(_("adresse"))
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = PhoneNumberField(_("téléphone du cabinet"), blank=True)
    phone_visibility = visibility_field(_("téléphone du cabinet"))
    opening_notes = models.TextField(
        _("horaires et informations pratiques"),
        blank=True,
        validators=[validate_no_nir],
        help_text=_("Ex. : sur rendez-vous, du lundi au vendredi ; accès handicapé."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        # The commune filter compares UPPER(commune) (iexact on PostgreSQL).
        indexes = [models.Index(Upper("commune"), name="site_commune_upper_idx")]
        verbose_name = _("lieu d'exercice")
        verbose_name_plural = _("lieux d'exercice")

    def __str__(self):
        return self.name or self.commune

    def clean(self):
        if self.postcode and not re.fullmatch(r"\d{5}|2[AB]\d{3}", self.postcode):
            raise ValidationError({"postcode": _("Le code postal comporte 5 chiffres.")})


class LocumPeriod(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="locum_periods")
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("période de disponibilité pour remplacement")
        verbose_name_plural = _("périodes de disponibilité pour remplacement")

    def __str__(self):
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("La fin de la période doit être après son début.")})


# django-guardian with direct foreign keys: delegates' rights go away with the entry.
class ProfileUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Profile, on_delete=models.CASCADE)


class ProfileGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Profile, on_delete=models.CASCADE)
