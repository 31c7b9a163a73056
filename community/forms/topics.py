"""Short structured forms that open a topic in a common forum (internships, newcomers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.members.fields import CommuneField
from portal.members.models import Profession
from portal.members.validators import no_patient_data

from .common import DateInput


@no_patient_data("period", "level", "description")
class InternshipForm(forms.Form):
    """Short structured template for an internship offer, posted in "Stages et étudiants"."""

    profession = forms.ModelChoiceField(Profession.objects.active(), label=_("Étudiants en"))
    commune = CommuneField(label=_("Commune"))
    period = forms.CharField(
        label=_("Période"), max_length=120, help_text=_("Ex. : de mars à juin, 3 jours par semaine")
    )
    level = forms.CharField(
        label=_("Niveau d'études attendu"),
        max_length=120,
        required=False,
        help_text=_("Ex. : IFSI 2e année, externat, internat de médecine générale"),
    )
    description = forms.CharField(
        label=_("Le stage"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Activité du cabinet, encadrement, logement éventuel."),
    )


@no_patient_data("practice", "presentation")
class NewcomerForm(forms.Form):
    """Short structured template for a newly installed colleague's introduction."""

    commune = CommuneField(label=_("Commune d'installation"))
    installed_on = forms.DateField(
        label=_("Installé·e depuis le"), widget=DateInput(), required=False
    )
    practice = forms.CharField(
        label=_("Lieu d'exercice"),
        max_length=150,
        required=False,
        help_text=_("Ex. : Maison de santé du Lodévois, cabinet individuel…"),
    )
    presentation = forms.CharField(
        label=_("Présentation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Votre parcours, vos domaines d'activité, ce que vous cherchez "
            "(correspondants, remplaçants…)."
        ),
    )
