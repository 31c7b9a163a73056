"""The association as the bureau configures it, and members' notification choices."""

import re
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField


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
            "créée. Tant que l'adhérent n'a pas confirmé sa fiche, rien n'en est public : "
            "« Public » ne s'applique qu'après sa confirmation. Chaque adhérent peut ensuite "
            "changer la visibilité de sa fiche."
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
