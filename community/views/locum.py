"""The locum board (/remplacements/): requests, their page and answers, availability offers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from .. import services
from ..contact import locum_counterpart, member_contact
from ..forms.locum import (
    FillForm,
    LocumFilterForm,
    LocumOfferForm,
    LocumRequestForm,
    LocumResponseForm,
)
from ..models import LocumOffer, LocumRequest
from .boards import (
    PAGE_SIZE,
    AuthorActionView,
    AuthorOnlyMixin,
    BoardContextMixin,
    CachedResultsMixin,
    MemberRequiredMixin,
    RequestCreateView,
    RequestDetailView,
    RequestListView,
    RespondView,
    UserFormMixin,
    querystring,
    topic_url,
)


class LocumListView(RequestListView):
    template_name = "forum/boards/locum_list.html"
    results_template = "forum/boards/_locum_results.html"
    results_models = ("community.locumrequest", *CachedResultsMixin.results_models)
    filter_form_class = LocumFilterForm

    def get_queryset(self):
        return self.filter_form.filter(LocumRequest.objects.open().with_related())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_requests"] = list(
            LocumRequest.objects.filter(author=self.request.user)
            .select_related("profession")
            .order_by("-created_at")[:10]
        )
        return context


class LocumCreateView(RequestCreateView):
    template_name = "forum/boards/locum_form.html"
    form_class = LocumRequestForm

    def publish(self, data):
        return services.publish_locum_request(author=self.request.user, **data)

    def published_message(self, locum):
        return _(
            "Votre demande est publiée. Les confrères disponibles à ces dates "
            "près de %(commune)s sont prévenus."
        ) % {"commune": locum.commune}


class LocumDetailView(RequestDetailView):
    template_name = "forum/boards/locum_detail.html"
    context_object_name = "locum"
    queryset = LocumRequest.objects.with_related().select_related("topic__forum")

    def get_context_data(self, response_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        locum, user = self.object, self.request.user
        is_author = locum.author_id == user.pk
        responses = []
        if is_author:
            # Who covers most of the period first, then who answered first.
            responses = sorted(
                locum.responses.select_related("responder"),
                key=lambda r: (-r.days_covered, r.created_at),
            )
            for response in responses:
                response.request = locum  # coverage_text reads the period without a query
        own_response = None if is_author else locum.responses.filter(responder=user).first()
        if own_response is not None:
            own_response.request = locum
        counterpart = locum_counterpart(locum, user)
        can_respond = services.can_respond(locum, user)
        if response_form is None and can_respond and own_response is None:
            response_form = LocumResponseForm(locum=locum, user=user)
        context.update(
            is_author=is_author,
            responses=responses,
            own_response=own_response,
            has_responded=own_response is not None,
            is_chosen=locum.filled_by_id is not None and locum.filled_by_id == user.pk,
            # Shown only to the requester and the chosen colleague (community.contact).
            counterpart_contact=member_contact(counterpart) if counterpart else None,
            can_respond=can_respond,
            response_form=response_form,
            fill_form=FillForm(locum=locum) if is_author and locum.is_open else None,
            topic_url=topic_url(locum.topic),
        )
        return context


class LocumRespondView(RespondView):
    queryset = LocumRequest.objects.with_related()
    detail_view = LocumDetailView
    success_message = gettext_lazy(
        "C'est noté : l'auteur de la demande est prévenu de votre disponibilité."
    )

    def get_form(self, locum):
        return LocumResponseForm(self.request.POST, locum=locum)

    def respond(self, locum, data):
        services.respond_available(
            locum,
            self.request.user,
            data["message"],
            available_from=data["available_from"],
            available_to=data["available_to"],
        )


class LocumFillView(AuthorActionView):
    model = LocumRequest
    success_message = gettext_lazy("La demande est marquée comme pourvue.")

    def act(self, locum):
        form = FillForm(self.request.POST, locum=locum)
        if not form.is_valid():
            raise ValidationError(_("Choisissez une personne dans la liste."))
        services.mark_filled(locum, by=self.request.user, chosen_user=form.cleaned_data["chosen"])


class LocumCancelView(AuthorActionView):
    model = LocumRequest
    success_message = gettext_lazy("La demande est annulée.")

    def act(self, locum):
        services.cancel(locum, by=self.request.user)


# --- availability offers -----------------------------------------------------------------


class OfferListView(MemberRequiredMixin, BoardContextMixin, ListView):
    template_name = "forum/boards/offer_list.html"
    context_object_name = "offers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = LocumFilterForm(self.request.GET or None)
        return self.filter_form.filter(LocumOffer.objects.open().with_related())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["querystring"] = querystring(self.request)
        return context


class OfferCreateView(MemberRequiredMixin, BoardContextMixin, UserFormMixin, FormView):
    template_name = "forum/boards/offer_form.html"
    form_class = LocumOfferForm

    def form_valid(self, form):
        services.publish_locum_offer(author=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Votre disponibilité est en ligne."))
        return redirect("locum:offer-list")


class OfferWithdrawView(MemberRequiredMixin, AuthorOnlyMixin, View):
    def post(self, request, pk):
        offer = self.get_object_for_author(LocumOffer.objects.all(), pk)
        services.withdraw_locum_offer(offer, by=request.user)
        messages.success(request, _("Votre disponibilité est retirée."))
        return redirect("locum:offer-list")
