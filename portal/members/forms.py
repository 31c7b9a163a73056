from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .fields import CommuneField, find_commune
from .models import Membership, Profession, Territory
from .validators import no_patient_data, normalize_number, validate_adeli, validate_rpps


def charter_page_url():
    """The charter's page (made by setup_portal), read through the wagtail page tree."""
    from wagtail.models import Page

    page = Page.objects.live().filter(slug="charte", depth=3).first()
    return page.url if page else ""


class SignupForm(forms.Form):
    """Extra sign-up fields: allauth's form adds e-mail and passwords around these."""

    field_order = [
        "first_name",
        "last_name",
        "email",
        "profession",
        "registration_number",
        "commune",
        "password1",
        "password2",
        "charter",
    ]

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"), queryset=Profession.objects.active(), empty_label=_("— Choisissez —")
    )
    registration_number = forms.CharField(
        label=_("Numéro RPPS (11 chiffres) ou ADELI (9 chiffres)"),
        max_length=20,
        help_text=_(
            "Le RPPS figure sur votre carte CPS. L'ADELI n'est accepté que pour les professions qui ne sont pas encore au RPPS."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = CommuneField(label=_("Commune d'exercice"))
    charter = forms.BooleanField(
        label=_("J'ai lu et j'accepte la charte de l'association"),
        error_messages={"required": _("L'adhésion suppose d'accepter la charte.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        charter_url = charter_page_url()
        if charter_url:
            self.fields["charter"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                charter_url,
                _("Lire la charte (s'ouvre dans un nouvel onglet)"),
            )

    def clean_registration_number(self):
        number = normalize_number(self.cleaned_data["registration_number"])
        if len(number) == 11:
            validate_rpps(number)
            if Membership.objects.filter(rpps=number).exists():
                raise ValidationError(
                    _("Ce numéro RPPS est déjà enregistré. Si c'est le vôtre, contactez le bureau.")
                )
        elif len(number) == 9:
            validate_adeli(number)
            if Membership.objects.filter(adeli=number).exists():
                raise ValidationError(
                    _(
                        "Ce numéro ADELI est déjà enregistré. Si c'est le vôtre, contactez le bureau."
                    )
                )
        else:
            raise ValidationError(
                _(
                    "Saisissez un numéro RPPS (11 chiffres) ou ADELI (9 chiffres) ; vous avez saisi %(count)s chiffre(s)."
                )
                % {"count": len(number)}
            )
        return number

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("registration_number")
        profession = cleaned.get("profession")
        if (
            number
            and profession
            and len(number) == 9
            and profession.register == Profession.Register.RPPS
        ):
            self.add_error(
                "registration_number",
                _(
                    "Les %(plural)s sont inscrits au RPPS : saisissez votre numéro RPPS à 11 chiffres."
                )
                % {"plural": profession.plural},
            )
        return cleaned

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        number = self.cleaned_data["registration_number"]
        services.apply(
            user,
            profession=self.cleaned_data["profession"],
            commune=self.cleaned_data["commune"],
            rpps=number if len(number) == 11 else None,
            adeli=number if len(number) == 9 else None,
        )


@no_patient_data("reason")
class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé à la personne dans l'e-mail qui l'informe de la décision."),
    )


class TerritoryForm(forms.Form):
    """The bureau's choice of territory; the services apply it."""

    mode = forms.ChoiceField(
        label=_("Le territoire de l'association"),
        choices=Territory.Mode.choices,
        widget=forms.RadioSelect,
        help_text=_("Les communes hors du territoire ne sont proposées dans aucun formulaire."),
    )
    departments = forms.CharField(
        label=_("Départements"),
        required=False,
        max_length=200,
        help_text=_(
            "Codes des départements séparés par des espaces ou des virgules (ex. : 34 30)."
        ),
    )
    communes = forms.CharField(
        label=_("Communes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Une commune par ligne (nom ou code postal)."),
    )
    centre = CommuneField(
        label=_("Commune centre"),
        required=False,
        territory=False,
        help_text=_("Le territoire couvre les communes situées dans le rayon autour d'elle."),
    )
    radius_km = forms.IntegerField(
        label=_("Rayon (km)"),
        required=False,
        min_value=1,
        max_value=300,
        help_text=_("Distance à vol d'oiseau entre les centres des communes."),
    )

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        if mode == Territory.Mode.DEPARTMENTS:
            codes = cleaned.get("departments", "").replace(",", " ").split()
            if not codes:
                self.add_error("departments", _("Indiquez au moins un département."))
            cleaned["department_list"] = codes
        elif mode == Territory.Mode.LIST:
            chosen, errors = [], []
            for line in cleaned.get("communes", "").splitlines():
                if not line.strip():
                    continue
                try:
                    chosen.append(find_commune(line, territory=False))
                except ValidationError as error:
                    errors.extend(error.messages)
            if errors:
                self.add_error("communes", errors)
            elif not chosen:
                self.add_error("communes", _("Indiquez au moins une commune."))
            cleaned["commune_list"] = chosen
        elif mode == Territory.Mode.RADIUS:
            if not cleaned.get("centre"):
                self.add_error("centre", _("Choisissez la commune centre."))
            if not cleaned.get("radius_km"):
                self.add_error("radius_km", _("Indiquez le rayon en kilomètres."))
            if cleaned.get("centre"):
                cleaned["centre_commune"] = find_commune(cleaned["centre"], territory=False)
        return cleaned
