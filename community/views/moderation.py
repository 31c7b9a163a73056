"""'Signaler', the author's own deletions and the bureau's moderation queue (Wagtail admin)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from machina.apps.forum_conversation import views as machina_views
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from portal.members.access import AdminBureauRequiredMixin, MemberRequiredMixin

from ..forms.common import ResponseCorrectionForm
from ..forms.locum import LocumCorrectionForm
from ..forms.mutual_aid import MutualAidCorrectionForm
from ..models import LocumRequest, MutualAidRequest, Report, ReportReason, TargetKind
from ..services import moderation
from .boards import AuthorOnlyMixin, forbidden


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Pourquoi signalez-vous ce contenu ?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )


class ReportView(MemberRequiredMixin, FormView):
    """Any approved member who can see a post, request or answer may report it to the bureau."""

    template_name = "forum/moderation/report_form.html"
    form_class = ReportForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.kind = kwargs["kind"]
        self.obj = None

    def get_visible_target(self):
        """The target if the reader may see it; otherwise a 404, as if it did not exist."""
        obj = moderation.get_target(self.kind, self.kwargs["pk"])
        if obj is None:
            raise Http404
        user = self.request.user
        if self.kind == TargetKind.POST:
            handler = self.request.forum_permission_handler
            if not handler.can_read_forum(obj.topic.forum, user) or not obj.approved:
                raise Http404
        elif self.kind in (TargetKind.LOCUM_RESPONSE, TargetKind.AID_RESPONSE) and user.pk not in (
            obj.request.author_id,
            obj.responder_id,
        ):
            # Answers are shown to the requester only (and their own author).
            raise Http404
        return obj

    def dispatch(self, request, *args, **kwargs):
        if request.viewer.is_member:
            self.obj = self.get_visible_target()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kind_label=TargetKind(self.kind).label,
            back_url=moderation.target_url(self.kind, self.obj),
        )
        return context

    def form_valid(self, form):
        moderation.report(
            self.kind, self.obj.pk, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request, _("Merci : le bureau est prévenu et examinera ce contenu rapidement.")
        )
        return redirect(moderation.target_url(self.kind, self.obj))


# --- the author's own requests and answers ---------------------------------------------------


class OwnRequestDeleteView(MemberRequiredMixin, AuthorOnlyMixin, View):
    """The author deletes their open request (its answers, topic and notifications go too)."""

    kind = None
    model = None
    list_url = None

    def post(self, request, pk):
        obj = self.get_object_for_author(self.model.objects.all(), pk)
        try:
            moderation.delete_own(self.kind, obj, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(obj)
        messages.success(request, _("Votre demande est supprimée."))
        return redirect(self.list_url)


class LocumDeleteView(OwnRequestDeleteView):
    kind, model, list_url = TargetKind.LOCUM, LocumRequest, "locum:list"


class MutualAidDeleteView(OwnRequestDeleteView):
    kind, model, list_url = TargetKind.AID, MutualAidRequest, "mutual_aid:list"


class OwnResponseDeleteView(MemberRequiredMixin, View):
    """The author of an answer deletes it while the request is open."""

    kind = None
    model = None

    def post(self, request, pk):
        request_obj = get_object_or_404(self.model, pk=pk)
        response = get_object_or_404(request_obj.responses, responder=request.user)
        try:
            moderation.delete_own(self.kind, response, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre réponse est supprimée."))
        return redirect(request_obj)


class LocumResponseDeleteView(OwnResponseDeleteView):
    kind, model = TargetKind.LOCUM_RESPONSE, LocumRequest


class MutualAidResponseDeleteView(OwnResponseDeleteView):
    kind, model = TargetKind.AID_RESPONSE, MutualAidRequest


class PostDeleteView(machina_views.PostDeleteView):
    """machina's own-post deletion (its permission rules), through the moderation service."""

    def form_valid(self, form):
        success_url = self.get_success_url()
        moderation.delete_own(TargetKind.POST, self.object, by=self.request.user)
        return redirect(success_url)


# --- the bureau's queue (Wagtail admin) ---------------------------------------------------


class ModerationQueueView(AdminBureauRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "forum/moderation/queue.html"
    page_title = gettext_lazy("Signalements")
    header_icon = "warning"
    page_size = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = list(
            Report.objects.pending()
            .select_related("author", "reported_by")
            .order_by("created_at")[: self.page_size]
        )
        # One row per reported content, with every reason given.
        grouped = {}
        for item in reports:
            row = grouped.setdefault(
                (item.target_kind, item.target_id), {"report": item, "reasons": set(), "count": 0}
            )
            row["reasons"].add(item.get_reason_display())
            row["count"] += 1
        context["rows"] = list(grouped.values())
        context["reasons"] = ReportReason.choices
        return context


class ModerationActionView(AdminBureauRequiredMixin, View):
    """Remove the reported content (with a reason) or dismiss its reports."""

    def post(self, request, pk):
        report = get_object_or_404(Report.objects.pending(), pk=pk)
        if request.POST.get("action") == "dismiss":
            moderation.dismiss(report, by=request.user)
            messages.success(request, _("Signalement classé sans suite."))
            return redirect("moderation_queue")
        reason = request.POST.get("reason") or report.reason
        if reason not in ReportReason.values:
            reason = report.reason
        try:
            moderation.remove(report.target_kind, report.target_id, by=request.user, reason=reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Contenu retiré partout ; son auteur est prévenu par e-mail.")
            )
        return redirect("moderation_queue")


# --- the author's corrections -----------------------------------------------------------------


class CorrectOwnView(MemberRequiredMixin, View):
    """The author corrects the text of their open request, or of their answer to one."""

    template_name = "forum/boards/correct_form.html"
    kind = None
    model = None
    form_class = None
    answer = False  # the request's answer written by the viewer, not the request itself

    def target(self, pk):
        request_obj = get_object_or_404(self.model, pk=pk)
        if self.answer:
            return request_obj, get_object_or_404(
                request_obj.responses, responder=self.request.user
            )
        if request_obj.author_id != self.request.user.pk:
            raise PermissionDenied(_("Seul l'auteur peut corriger ce contenu."))
        return request_obj, request_obj

    def initial(self, obj):
        return {name: getattr(obj, name) for name in moderation.CORRECTABLE_FIELDS[self.kind]}

    def make_form(self, obj, data=None):
        if issubclass(self.form_class, forms.ModelForm):
            return (
                self.form_class(data, instance=obj)
                if data is not None
                else self.form_class(instance=obj)
            )
        return self.form_class(data, initial=self.initial(obj))

    def render(self, request_obj, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "request_obj": request_obj, "answer": self.answer},
            status=status,
        )

    def get(self, request, pk):
        request_obj, obj = self.target(pk)
        if not moderation.is_open(self.kind, obj):
            return forbidden(
                request, _("Cette demande est close : elle ne peut plus être modifiée.")
            )
        return self.render(request_obj, self.make_form(obj))

    def post(self, request, pk):
        request_obj, obj = self.target(pk)
        # A copy for the form, so that a refused text never reaches the object saved below.
        form = self.make_form(type(obj).objects.get(pk=obj.pk), request.POST)
        if not form.is_valid():
            return self.render(request_obj, form)
        try:
            moderation.correct_own(self.kind, obj, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(request_obj, form)
        messages.success(request, _("Votre correction est enregistrée."))
        return redirect(request_obj)


class LocumCorrectView(CorrectOwnView):
    kind, model, form_class = TargetKind.LOCUM, LocumRequest, LocumCorrectionForm


class LocumResponseCorrectView(CorrectOwnView):
    kind, model, form_class = TargetKind.LOCUM_RESPONSE, LocumRequest, ResponseCorrectionForm
    answer = True


class MutualAidCorrectView(CorrectOwnView):
    kind, model, form_class = TargetKind.AID, MutualAidRequest, MutualAidCorrectionForm


class MutualAidResponseCorrectView(CorrectOwnView):
    kind, model, form_class = TargetKind.AID_RESPONSE, MutualAidRequest, ResponseCorrectionForm
    answer = True
