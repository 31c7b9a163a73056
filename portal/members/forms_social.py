"""Sign-up after Pro Santé Connect: allauth's social sign-up form with our fields.

Apart from allauth.socialaccount.forms (which builds on ACCOUNT_SIGNUP_FORM_CLASS, so importing
it from forms.py would be circular). The fields, their checks and the application itself
(services.apply through SignupForm.signup) are those of the ordinary sign-up.
"""

from allauth.socialaccount.forms import SignupForm as SocialSignupForm
from django.utils.translation import gettext_lazy as _

from . import prosanteconnect


class ProSanteConnectSignupForm(SocialSignupForm):
    """The RPPS number comes from the verified claims: shown, locked, never read from POST."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.sociallogin.account.provider != prosanteconnect.PROVIDER_ID:
            return
        claims = prosanteconnect.claims_of(self.sociallogin)
        number = self.fields["registration_number"]
        # A disabled field ignores what is posted and cleans its initial value instead
        # (Django, "Field.disabled"): the number cannot be changed in the browser.
        number.disabled = True
        number.label = _("Numéro RPPS (vérifié par Pro Santé Connect)")
        number.help_text = _("Transmis par Pro Santé Connect ; il ne peut pas être modifié ici.")
        self.initial["registration_number"] = prosanteconnect.rpps_from_claims(claims) or ""
        # The names and professions are verified too: the names are locked, and the profession
        # is chosen among those the claims name (when we know one), so the bureau reads a
        # membership whose identity PSC vouched for, not only its number.
        for field, value in zip(
            ("first_name", "last_name"), prosanteconnect.names_from_claims(claims), strict=True
        ):
            if value:
                self.initial[field] = value
                self.fields[field].disabled = True
                self.fields[field].help_text = _("Transmis par Pro Santé Connect.")
        profession = prosanteconnect.profession_from_claims(claims)
        if profession is not None:
            self.initial["profession"] = profession.pk
            choices = self.fields["profession"]
            choices.queryset = choices.queryset.filter(
                code__in=prosanteconnect.profession_codes(claims)
            )
        self.fields["email"].help_text = _(
            "Pro Santé Connect ne transmet pas d'adresse e-mail : indiquez celle où le portail "
            "vous écrira. Un lien de vérification y sera envoyé."
        )
