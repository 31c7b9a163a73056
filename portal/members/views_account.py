"""A member's own data: JSON export and account closure (RGPD articles 15, 17 and 20)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services_account
from .emails import read_unsubscribe_token
from .models import NotificationKind, User


@login_required
def export(request):
    """Download everything the portal holds about me, as JSON."""
    response = HttpResponse(
        services_account.export_json(request.user), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-maillage-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer qu'il s'agit bien de vous."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


@login_required
@require_http_methods(["GET", "POST"])
def close(request):
    """Close my account after confirming with my password."""
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services_account.close_account(user)
        messages.success(
            request,
            _(
                "Votre compte est fermé. Votre fiche d'annuaire est supprimée et vos messages anonymisés."
            ),
        )
        return redirect("/")
    return render(request, "members/account_close.html", {"form": form})


@login_required
def hub(request):
    """ "Mon compte": one page leading to everything a person manages about themselves."""
    return render(
        request,
        "members/account_hub.html",
        {"membership": getattr(request.user, "membership", None)},
    )


class NotificationPreferencesForm(forms.Form):
    """One checkbox per kind of notification e-mail; checked means "send it to me"."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=preferences.wants(kind)
            )

    def switched_off(self):
        return [kind for kind, _label in NotificationKind.choices if not self.cleaned_data[kind]]


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    preferences = services_account.notification_preferences(request.user)
    form = NotificationPreferencesForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        services_account.set_notifications(request.user, switched_off=form.switched_off())
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("my_account:notifications")
    return render(request, "members/notifications.html", {"form": form})


@csrf_exempt  # RFC 8058: the mail client posts without a token; the signed link is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe from one kind of notification (List-Unsubscribe-Post)."""
    found = read_unsubscribe_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    kind = found[1] if found else None
    if user is None or kind not in NotificationKind.values:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=404)
    label = NotificationKind(kind).label
    if request.method == "POST":
        services_account.set_notification(user, kind, wanted=False)
        return render(request, "members/unsubscribe.html", {"done": True, "label": label})
    # A GET (a link scanner, a preview) changes nothing: the page asks to confirm.
    return render(request, "members/unsubscribe.html", {"label": label})
