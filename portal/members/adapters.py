from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Pro Santé Connect: the RPPS in the claims decides, never the e-mail.

    Linking a PSC identity to an existing account happens only from "Mon compte", signed in
    with the account's own password (and second factor), and only when the claims' RPPS is
    the one on that account's membership. A PSC login whose RPPS belongs to an account not
    yet linked is refused rather than linked on the spot: the RPPS on a membership was typed
    at sign-up, so an automatic link would hand the account to whoever holds that number
    (a typo that passes the Luhn key, or a number typed in someone else's name).
    """

    def pre_social_login(self, request, sociallogin):
        from allauth.socialaccount.providers.base import AuthProcess

        from . import prosanteconnect
        from .models import Membership

        if sociallogin.account.provider != prosanteconnect.PROVIDER_ID:
            return
        rpps = prosanteconnect.rpps_from_claims(prosanteconnect.claims_of(sociallogin))
        account = sociallogin.account
        account.extra_data = prosanteconnect.minimal_extra_data(account.extra_data)
        if sociallogin.is_existing:  # allauth's lookup has just stored the full claims
            type(account).objects.filter(pk=account.pk).update(extra_data=account.extra_data)
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            back = reverse("socialaccount_connections")
            if not rpps:
                refuse(request, NO_RPPS, back)
            own = Membership.objects.filter(user=request.user).values_list("rpps", flat=True)
            if own.first() != rpps:
                refuse(
                    request,
                    _(
                        "Le numéro RPPS transmis par Pro Santé Connect n'est pas celui de votre "
                        "adhésion : votre compte n'a pas été relié. Si votre numéro RPPS est "
                        "mal enregistré, contactez le bureau."
                    ),
                    back,
                )
            return
        back = reverse("account_login")
        if not rpps:
            refuse(request, NO_RPPS, back)
        if sociallogin.is_existing:
            return
        if Membership.objects.filter(rpps=rpps).exists():
            refuse(
                request,
                _(
                    "Un compte existe déjà avec ce numéro RPPS. Connectez-vous avec votre e-mail "
                    "et votre mot de passe, puis reliez Pro Santé Connect depuis « Mon compte » "
                    "(Comptes connectés)."
                ),
                back,
            )

    def populate_user(self, request, sociallogin, data):
        """Names of practice from PSC's claims; PSC gives no e-mail, the person types one."""
        from . import prosanteconnect

        user = super().populate_user(request, sociallogin, data)
        if sociallogin.account.provider == prosanteconnect.PROVIDER_ID:
            claims = prosanteconnect.claims_of(sociallogin)
            user.first_name, user.last_name = prosanteconnect.names_from_claims(claims)
        return user


NO_RPPS = _(
    "Pro Santé Connect n'a pas transmis de numéro RPPS : l'adhésion par Pro Santé Connect est "
    "réservée aux professionnels inscrits au RPPS. Inscrivez-vous avec le formulaire et votre "
    "numéro ADELI, ou contactez le bureau."
)


def refuse(request, message, url):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect(url))
