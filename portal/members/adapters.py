from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    def validate_unique_email(self, email):
        """Sign-up says plainly that an e-mail is taken (password reset still reveals nothing)."""
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe."
                )
            )
        return super().validate_unique_email(email)

    def is_open_for_signup(self, request):
        return True

    def clean_password(self, password, user=None):
        """At sign-up allauth validates against a blank user: add the typed names."""
        request = getattr(self, "request", None)
        if user is not None and not user.pk and request is not None and request.method == "POST":
            user.first_name = user.first_name or request.POST.get("first_name", "")
            user.last_name = user.last_name or request.POST.get("last_name", "")
        return super().clean_password(password, user=user)

    # E-mails: the association's identity, as for the portal's own (portal.members.emails).
    def get_from_email(self):
        from .models import AssociationSettings

        return AssociationSettings.load().from_email

    def format_email_subject(self, subject):
        from .models import AssociationSettings

        return f"[{AssociationSettings.load().short_name or AssociationSettings.load().display_name}] {subject}"

    def render_mail(self, template_prefix, email, context, headers=None):
        from .models import AssociationSettings

        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.reply_to = AssociationSettings.load().reply_to
        return message


def user_display(user):
    """How allauth names a person ("Connexion avec Martine réussie"): never the e-mail."""
    return user.first_name or user.get_full_name() or user.email
