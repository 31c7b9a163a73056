from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Profession
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
    commune = forms.CharField(
        label=_("Commune d'exercice"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
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
