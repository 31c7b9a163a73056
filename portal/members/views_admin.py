"""Wagtail admin screens for the bureau: applications and decisions."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import prosanteconnect, services, services_territory
from .forms import DecisionForm, TerritoryForm
from .models import Commune, Membership, Territory


class MembershipListView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "members.change_membership"
    template_name = "members/admin/membership_list.html"
    page_title = _("Adhésions")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("statut", Membership.Status.PENDING)
        if status not in Membership.Status.values:
            status = Membership.Status.PENDING
        counts = dict(Membership.objects.values_list("status").annotate(n=Count("pk")).order_by())
        context.update(
            status=status,
            tabs=[
                (value, label, counts.get(value, 0)) for value, label in Membership.Status.choices
            ],
            memberships=Membership.objects.filter(status=status)
            .select_related("user", "profession", "decided_by")
            .order_by("applied_at" if status == Membership.Status.PENDING else "-decided_at")[:500],
        )
        return context


class MembershipDecisionView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "members.change_membership"
    template_name = "members/admin/membership_detail.html"
    page_title = _("Adhésion")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.membership = get_object_or_404(
            Membership.objects.select_related("user", "profession"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.membership.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DecisionForm())
        context["membership"] = self.membership
        context["rpps_verified"] = bool(self.membership.rpps) and (
            prosanteconnect.verified_rpps(self.membership.user) == self.membership.rpps
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        membership = self.membership
        if action == "approve":
            services.approve(membership, by=request.user)
            messages.success(
                request, _("%(name)s est maintenant adhérent·e.") % {"name": membership.user}
            )
        elif action == "reinstate":
            services.reinstate(membership, by=request.user)
            messages.success(
                request, _("L'adhésion de %(name)s est rétablie.") % {"name": membership.user}
            )
        elif action in ("refuse", "suspend"):
            form = DecisionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Indiquez le motif de la décision."))
                return self.render_to_response(self.get_context_data(form=form))
            if action == "refuse":
                services.refuse(membership, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(
                    request, _("La demande de %(name)s est refusée.") % {"name": membership.user}
                )
            else:
                services.suspend(membership, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(
                    request, _("L'adhésion de %(name)s est suspendue.") % {"name": membership.user}
                )
        else:
            messages.error(request, _("Action inconnue."))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("members_admin:list"))


class TerritoryView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """The bureau chooses its territory: departments, a list of communes, or a radius."""

    permission_required = "members.change_commune"
    template_name = "members/admin/territory.html"
    page_title = _("Territoire")
    header_icon = "site"
    form_class = TerritoryForm

    def get_initial(self):
        territory = Territory.objects.select_related("centre").filter(pk=1).first()
        if territory is None:
            return {"mode": Territory.Mode.ALL}
        initial = {
            "mode": territory.mode,
            "departments": territory.departments,
            "centre": territory.centre.name if territory.centre else "",
            "radius_km": territory.radius_km,
        }
        if territory.mode == Territory.Mode.LIST:
            names = Commune.objects.territory().values_list("name", flat=True)
            initial["communes"] = "\n".join(names)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = (
            Commune.objects.values("department")
            .annotate(total=Count("pk"), chosen=Count("pk", filter=Q(in_territory=True)))
            .order_by("department")
        )
        context.update(
            territory_count=Commune.objects.territory().count(),
            total_count=Commune.objects.count(),
            departments=departments,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services_territory.set_territory(
                data["mode"],
                departments=data.get("department_list", ()),
                communes=data.get("commune_list", ()),
                centre=data.get("centre_commune"),
                radius_km=data.get("radius_km"),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Territoire enregistré : %(count)s communes.")
            % {"count": Commune.objects.territory().count()},
        )
        return HttpResponseRedirect(reverse("members_territory:territory"))
