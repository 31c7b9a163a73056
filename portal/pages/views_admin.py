"""Wagtail admin screens for the bureau: editors of each space, members of each commission."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.members import services as member_services
from portal.members.access import AdminBureauRequiredMixin
from portal.members.models import Commission, CommissionUserObjectPermission, User

from . import services
from .models import ProfessionSpacePage


def _user_by_email(request):
    email = (request.POST.get("email") or "").strip()
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is None:
        messages.error(request, _("Aucun compte avec l'adresse « %(email)s ».") % {"email": email})
    return user


class SpaceEditorsView(AdminBureauRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who maintains each profession space: add by e-mail, remove."""

    template_name = "pages/admin/space_editors.html"
    page_title = gettext_lazy("Éditeurs des espaces métiers")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spaces = list(
            ProfessionSpacePage.objects.select_related("profession", "editors_group").order_by(
                "title"
            )
        )
        editors = {}
        rows = User.objects.filter(groups__edited_space__isnull=False).values_list(
            "groups__edited_space", "pk"
        )
        users = {u.pk: u for u in User.objects.filter(pk__in=[pk for _s, pk in rows])}
        for space_id, pk in rows:
            editors.setdefault(space_id, []).append(users[pk])
        context["spaces"] = [(space, editors.get(space.pk, [])) for space in spaces]
        return context

    def post(self, request, *args, **kwargs):
        space = get_object_or_404(ProfessionSpacePage, pk=request.POST.get("space"))
        action = request.POST.get("action")
        if action == "add":
            user = _user_by_email(request)
            if user is not None:
                services.add_space_editor(space, user)
                messages.success(
                    request,
                    _("%(user)s peut désormais modifier « %(space)s ».")
                    % {"user": user, "space": space.title},
                )
        elif action == "remove":
            user = get_object_or_404(User, pk=request.POST.get("user"))
            services.remove_space_editor(space, user)
            messages.success(
                request,
                _("%(user)s ne modifie plus « %(space)s ».") % {"user": user, "space": space.title},
            )
        return HttpResponseRedirect(reverse("pages_admin:space-editors"))


class CommissionMembersView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Members and validators of every commission; every write goes through members.services."""

    permission_required = "members.change_commission"
    template_name = "pages/admin/commission_members.html"
    page_title = gettext_lazy("Membres des commissions")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commissions = list(
            Commission.objects.select_related("chair")
            .prefetch_related("members__membership__profession")
            .order_by("name")
        )
        validators = set(
            CommissionUserObjectPermission.objects.filter(
                permission__codename="validate_commission"
            ).values_list("content_object_id", "user_id")
        )
        context["commissions"] = [
            (
                commission,
                [
                    (member, (commission.pk, member.pk) in validators)
                    for member in sorted(commission.members.all(), key=lambda u: u.name_sort_key)
                ],
            )
            for commission in commissions
        ]
        return context

    def post(self, request, *args, **kwargs):
        commission = get_object_or_404(Commission, pk=request.POST.get("commission"))
        action = request.POST.get("action")
        if action == "add":
            user = _user_by_email(request)
            if user is not None:
                member_services.add_commission_member(commission, user)
                messages.success(
                    request,
                    _("%(user)s rejoint la commission %(commission)s.")
                    % {"user": user, "commission": commission},
                )
        else:
            user = get_object_or_404(commission.members, pk=request.POST.get("user"))
            if action == "remove":
                member_services.remove_commission_member(commission, user)
                messages.success(
                    request,
                    _("%(user)s quitte la commission %(commission)s.")
                    % {"user": user, "commission": commission},
                )
            elif action in ("validator-on", "validator-off"):
                on = action == "validator-on"
                member_services.set_validator(commission, user, validator=on)
                messages.success(
                    request,
                    (
                        _("%(user)s valide désormais pour la commission %(commission)s.")
                        if on
                        else _("%(user)s ne valide plus pour la commission %(commission)s.")
                    )
                    % {"user": user, "commission": commission},
                )
        return HttpResponseRedirect(reverse("pages_admin:commission-members"))
