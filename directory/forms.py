"""Forms of the directory: the member's entry, delegates, search and resource filters."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.members.fields import CommuneField
from portal.members.models import Profession
from portal.members.validators import no_patient_data

from .models import (
    LANGUAGE_CHOICES,
    LocumPeriod,
    PracticeSite,
    Profile,
    Resource,
)
from .search.widgets import SearchSuggestInput
from .templatetags.directory_tags import format_phone

PHONE_ERROR = _(
    "Ce numéro de téléphone n'est pas valide. Écrivez-le comme 04 67 96 00 00 ou 06 12 34 56 78 "
    "(ou au format international +33 4 67 96 00 00)."
)
MAX_PHOTO_BYTES = 2 * 1024 * 1024
# The choices as the entry form words them: who exactly sees each level (directory.visibility).
VISIBILITY_CHOICES_EXPLAINED = [
    ("public", _("Public : tout le monde")),
    ("members", _("Adhérents seulement")),
    ("hidden", _("Masqué : vous, vos délégués et le bureau")),
]
UNKNOWN_YES_NO = [("", _("Non renseigné")), ("True", _("Oui")), ("False", _("Non"))]


class FrenchPhoneInput(forms.TextInput):
    """Shows a stored E.164 number the French way in the form."""

    input_type = "tel"

    def format_value(self, value):
        # Stored values are E.164 ("+33467960000"); what a person typed stays as typed.
        if value and (not isinstance(value, str) or value.startswith("+")):
            return format_phone(value)
        return super().format_value(value)


def phone_field(label, help_text=""):
    return PhoneNumberField(
        label=label,
        required=False,
        region="FR",
        help_text=help_text,
        error_messages={"invalid": PHONE_ERROR},
        widget=FrenchPhoneInput(attrs={"autocomplete": "tel"}),
    )


@no_patient_data("specialties")
class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = [
            "civility",
            "specialties",
            "languages",
            "photo",
            "photo_visibility",
            "mobile",
            "mobile_visibility",
            "email",
            "email_visibility",
            "mssante",
            "mssante_visibility",
            "website",
            "website_visibility",
            "home_visits",
            "accepts_new_patients",
            "available_for_locum",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "accepts_new_patients": forms.RadioSelect(choices=UNKNOWN_YES_NO),
        }
        error_messages = {
            "email": {
                "invalid": _("Cette adresse e-mail n'est pas valide (exemple : nom@cabinet.fr).")
            },
            "mssante": {
                "invalid": _(
                    "Cette adresse n'est pas valide (exemple : prenom.nom@medecin.mssante.fr)."
                )
            },
            "website": {
                "invalid": _(
                    "Cette adresse web n'est pas valide (exemple : https://www.cabinet.fr)."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"] = phone_field(_("Téléphone mobile"), _("Ex. : 06 12 34 56 78"))
        explain_visibility(self)
        if not self.is_bound:
            self.initial["languages"] = self.instance.language_list

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("La photo dépasse 2 Mo : choisissez une image plus légère.")
            )
        return photo

    def visibility_pairs(self):
        """(value, visibility) bound-field pairs: each select sits next to its value."""
        return [
            (self[name], self[f"{name}_visibility"]) for name in ("photo", *Profile.CONTACT_FIELDS)
        ]


def explain_visibility(form):
    """Each visibility choice says who sees it; the full promise is above the fields."""
    for name, field in form.fields.items():
        if name.endswith("_visibility"):
            field.choices = VISIBILITY_CHOICES_EXPLAINED
            field.help_text = ""


@no_patient_data("name", "address", "opening_notes")
class PracticeSiteForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"))

    class Meta:
        model = PracticeSite
        fields = [
            "name",
            "address",
            "address_visibility",
            "postcode",
            "commune",
            "phone",
            "phone_visibility",
            "opening_notes",
            "latitude",
            "longitude",
            "position",
        ]
        widgets = {
            "opening_notes": forms.Textarea(attrs={"rows": 2}),
            # One line: "street-address" is for a multi-line field (HTML spec).
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
        }
        help_texts = {
            "latitude": _(
                "Facultatif : sans position, le cabinet est placé au centre de la commune."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"] = phone_field(_("Téléphone du cabinet"), _("Ex. : 04 67 96 00 00"))
        explain_visibility(self)


PracticeSiteFormSet = inlineformset_factory(
    Profile, PracticeSite, form=PracticeSiteForm, extra=1, max_num=5, can_delete=True
)


class LocumPeriodForm(forms.ModelForm):
    class Meta:
        model = LocumPeriod
        fields = ["start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


LocumPeriodFormSet = inlineformset_factory(
    Profile, LocumPeriod, form=LocumPeriodForm, extra=1, max_num=12, can_delete=True
)


class DelegateForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail du compte à autoriser"),
        help_text=_("La personne doit déjà avoir un compte sur le portail."),
    )

    def __init__(self, *args, profile, **kwargs):
        self.profile = profile
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _(
                    "Aucun compte n'utilise cette adresse : "
                    "demandez à la personne de créer son compte d'abord."
                )
            )
        if user.pk == self.profile.user_id:
            raise forms.ValidationError(_("C'est le compte du titulaire de la fiche."))
        self.user = user
        return email


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        help_text=_("Nom, profession, spécialité, commune ou cabinet"),
        widget=SearchSuggestInput(),
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.active(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes"),
    )
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal."))
    language = forms.ChoiceField(
        label=_("Langue parlée"), required=False, choices=[("", _("Toutes")), *LANGUAGE_CHOICES]
    )
    home_visits = forms.BooleanField(label=_("Visites à domicile"), required=False)
    new_patients = forms.BooleanField(label=_("Accepte de nouveaux patients"), required=False)
    locum = forms.BooleanField(label=_("Disponible pour un remplacement"), required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        # The text itself is searched and ranked by directory.search.query.search_profiles.
        if data["profession"]:
            queryset = queryset.in_profession(data["profession"].slug)
        queryset = queryset.in_commune(data["commune"]).speaking(data["language"])
        if data["home_visits"]:
            queryset = queryset.filter(home_visits=True)
        if data["new_patients"]:
            queryset = queryset.filter(accepts_new_patients=True)
        if data["locum"]:
            queryset = queryset.filter(available_for_locum=True)
        return queryset


class ResourceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    category = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        choices=[("", _("Toutes")), *Resource.Category.choices],
    )
    commune = CommuneField(
        label=_("Commune desservie"), required=False, help_text=_("Nom ou code postal.")
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        # The text is searched and ranked by directory.search.query.search_resources.
        return queryset.covering(data["commune"])
