"""A member's own data: JSON export and account closure (RGPD articles 15, 17 and 20)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import services_account


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
