"""Locum board (/remplacements/) and mutual-aid board (/entraide/): approved members only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.list import MultipleObjectMixin

from portal.members.access import MemberRequiredMixin
from portal.perf import cached_value

from . import services_boards as services
from .contact import locum_counterpart, member_contact
from .forms_boards import (
    CloseMutualAidForm,
    FillForm,
    InternshipForm,
    LocumFilterForm,
    LocumOfferForm,
    LocumRequestForm,
    LocumResponseForm,
    MutualAidFilterForm,
    MutualAidForm,
    MutualAidResponseForm,
    NewcomerForm,
)
from .models import LocumOffer, LocumRequest, MutualAidRequest, Notification

PAGE_SIZE = 20


def forbidden(request, reason):
    return TemplateResponse(request, "forum/boards/forbidden.html", {"reason": reason}, status=403)


def topic_url(topic):
    if topic is None:
        return None
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


class BoardContextMixin:
    """Room for what every board page shares (the commune inputs have their own autocomplete)."""


class AuthorOnlyMixin:
    """Write actions on a request: only its author; everyone else gets a 403."""

    def get_object_for_author(self, queryset, pk):
        obj = get_object_or_404(queryset, pk=pk)
        if obj.author_id != self.request.user.pk:
            raise PermissionDenied
        return obj

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, _("Seul l'auteur de la demande peut la modifier."))


def _querystring(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- locum requests ----------------------------------------------------------------------


class CachedResultsMixin(MultipleObjectMixin):
    """A board's list (count, cards, pagination), the same for every member: rendered once
    per query string and language with ``results_template``, then served from the shared
    cache until one of ``results_models`` is written (``portal.perf.cached_value``).

    The list's two statements (count and page) and its cards were most of the board's time.
    """

    results_template = None
    results_models = ("members.user", "members.profession", "members.territory")
    filter_form_class = None

    def get_context_data(self, **kwargs):
        # ContextMixin's: the list is paginated only when it is rendered.
        context = super(MultipleObjectMixin, self).get_context_data(**kwargs)
        context["filter_form"] = self.filter_form = self.filter_form_class(self.request.GET or None)
        context["querystring"] = _querystring(self.request)
        context["results_html"] = cached_value(
            f"board-results:{self.results_template}",
            (translation.get_language(), sorted(self.request.GET.lists())),
            self.results_models,
            lambda: self.render_results(context),
        )
        return context

    def render_results(self, context):
        paginator, page, object_list, is_paginated = self.paginate_queryset(
            self.get_queryset(), self.paginate_by
        )
        results = {
            **context,
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": is_paginated,
            self.context_object_name: object_list,
        }
        return render_to_string(self.results_template, results, request=self.request)


class LocumListView(MemberRequiredMixin, BoardContextMixin, CachedResultsMixin, TemplateView):
    template_name = "forum/boards/locum_list.html"
    results_template = "forum/boards/_locum_results.html"
    results_models = ("community.locumrequest", *CachedResultsMixin.results_models)
    filter_form_class = LocumFilterForm
    context_object_name = "requests"
    paginate_by = PAGE_SIZE

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


class LocumCreateView(MemberRequiredMixin, BoardContextMixin, FormView):
    template_name = "forum/boards/locum_form.html"
    form_class = LocumRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            locum = services.publish_locum_request(author=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Votre demande est publiée. Les confrères disponibles à ces dates "
                "près de %(commune)s sont prévenus."
            )
            % {"commune": locum.commune},
        )
        return redirect(locum)


class LocumDetailView(MemberRequiredMixin, DetailView):
    template_name = "forum/boards/locum_detail.html"
    context_object_name = "locum"
    queryset = LocumRequest.objects.with_related().select_related("topic__forum")

    def get_context_data(self, response_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        locum, user = self.object, self.request.user
        is_author = locum.author_id == user.pk
        Notification.objects.mark_read(user, locum_request=locum)
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
            # Shown only to the requester and the chosen colleague (forum.contact).
            counterpart_contact=member_contact(counterpart) if counterpart else None,
            can_respond=can_respond,
            response_form=response_form,
            fill_form=FillForm(locum=locum) if is_author and locum.is_open else None,
            topic_url=topic_url(locum.topic),
        )
        return context


class LocumRespondView(MemberRequiredMixin, View):
    def post(self, request, pk):
        locum = get_object_or_404(LocumRequest.objects.with_related(), pk=pk)
        form = LocumResponseForm(request.POST, locum=locum)
        if form.is_valid():
            try:
                services.respond_available(
                    locum,
                    request.user,
                    form.cleaned_data["message"],
                    available_from=form.cleaned_data["available_from"],
                    available_to=form.cleaned_data["available_to"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("C'est noté : l'auteur de la demande est prévenu de votre disponibilité."),
                )
            return redirect(locum)
        view = LocumDetailView(request=request, kwargs={"pk": pk}, object=locum)
        return TemplateResponse(
            request,
            view.template_name,
            view.get_context_data(object=locum, response_form=form),
        )


class LocumFillView(MemberRequiredMixin, AuthorOnlyMixin, View):
    def post(self, request, pk):
        locum = self.get_object_for_author(LocumRequest.objects.all(), pk)
        form = FillForm(request.POST, locum=locum)
        if not form.is_valid():
            messages.error(request, _("Choisissez une personne dans la liste."))
            return redirect(locum)
        try:
            services.mark_filled(locum, by=request.user, chosen_user=form.cleaned_data["chosen"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La demande est marquée comme pourvue."))
        return redirect(locum)


class LocumCancelView(MemberRequiredMixin, AuthorOnlyMixin, View):
    def post(self, request, pk):
        locum = self.get_object_for_author(LocumRequest.objects.all(), pk)
        try:
            services.cancel(locum, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La demande est annulée."))
        return redirect(locum)


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
        context["querystring"] = _querystring(self.request)
        return context


class OfferCreateView(MemberRequiredMixin, BoardContextMixin, FormView):
    template_name = "forum/boards/offer_form.html"
    form_class = LocumOfferForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

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


# --- internships and newcomers -----------------------------------------------------------


class StructuredTopicView(MemberRequiredMixin, BoardContextMixin, FormView):
    """A short structured form that opens a topic in one of the common forums."""

    template_name = "forum/boards/topic_form.html"
    forum_key = None
    heading = ""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading}

    def form_valid(self, form):
        subject, content = self.compose(form.cleaned_data)
        try:
            topic = services.open_board_topic(
                self.forum_key, author=self.request.user, subject=subject, content=content
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Votre message est publié dans le forum."))
        return redirect(topic_url(topic))


class InternshipCreateView(StructuredTopicView):
    form_class = InternshipForm
    forum_key = "stages"
    heading = _("Proposer un stage")

    def compose(self, data):
        subject = _("Stage %(profession)s à %(commune)s — %(period)s") % {
            "profession": data["profession"].name.lower(),
            "commune": data["commune"],
            "period": data["period"],
        }
        lines = [
            f"* {_('Étudiants en')} : {data['profession']}",
            f"* {_('Commune')} : {data['commune']}",
            f"* {_('Période')} : {data['period']}",
        ]
        if data["level"]:
            lines.append(f"* {_('Niveau attendu')} : {data['level']}")
        return subject, "\n".join(lines) + "\n\n" + data["description"]


class NewcomerCreateView(StructuredTopicView):
    form_class = NewcomerForm
    forum_key = "nouveaux"
    heading = _("Se présenter : nouvelle installation")

    def compose(self, data):
        user = self.request.user
        membership = getattr(user, "membership", None)
        profession = membership.profession.name if membership else ""
        subject = _("Bienvenue à %(name)s, %(profession)s à %(commune)s") % {
            "name": user.get_full_name() or user.email,
            "profession": profession.lower(),
            "commune": data["commune"],
        }
        lines = [f"* {_('Commune')} : {data['commune']}"]
        if data["installed_on"]:
            lines.append(f"* {_('Installé·e depuis le')} : {data['installed_on']:%d/%m/%Y}")
        if data["practice"]:
            label = _("Lieu d'exercice")
            lines.append(f"* {label} : {data['practice']}")
        return subject, "\n".join(lines) + "\n\n" + data["presentation"]


# --- mutual aid ----------------------------------------------------------------------------


class MutualAidListView(MemberRequiredMixin, BoardContextMixin, CachedResultsMixin, TemplateView):
    template_name = "forum/boards/mutual_aid_list.html"
    results_template = "forum/boards/_mutual_aid_results.html"
    results_models = ("community.mutualaidrequest", *CachedResultsMixin.results_models)
    filter_form_class = MutualAidFilterForm
    context_object_name = "requests"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return self.filter_form.filter(MutualAidRequest.objects.with_related())


class MutualAidCreateView(MemberRequiredMixin, BoardContextMixin, FormView):
    template_name = "forum/boards/mutual_aid_form.html"
    form_class = MutualAidForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        aid = services.publish_mutual_aid(author=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _(
                "Votre demande est publiée : les %(profession)s proches de %(commune)s "
                "sont prévenus."
            )
            % {"profession": aid.profession_needed.plural, "commune": aid.commune},
        )
        return redirect(aid)


class MutualAidDetailView(MemberRequiredMixin, DetailView):
    template_name = "forum/boards/mutual_aid_detail.html"
    context_object_name = "aid"
    queryset = MutualAidRequest.objects.with_related()

    def get_context_data(self, response_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        aid, user = self.object, self.request.user
        is_author = aid.author_id == user.pk
        Notification.objects.mark_read(user, mutual_aid_request=aid)
        responses = list(aid.responses.select_related("responder"))
        context.update(
            is_author=is_author,
            responses=responses if is_author else [],
            response_count=len(responses),
            has_responded=any(r.responder_id == user.pk for r in responses),
            can_respond=aid.is_open and not is_author,
            response_form=response_form or MutualAidResponseForm(),
            close_form=CloseMutualAidForm() if is_author and aid.is_open else None,
        )
        return context


class MutualAidRespondView(MemberRequiredMixin, View):
    def post(self, request, pk):
        aid = get_object_or_404(MutualAidRequest.objects.with_related(), pk=pk)
        form = MutualAidResponseForm(request.POST)
        if form.is_valid():
            try:
                services.respond_mutual_aid(aid, request.user, form.cleaned_data["message"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Merci : l'auteur de la demande est prévenu de votre réponse.")
                )
            return redirect(aid)
        view = MutualAidDetailView(request=request, kwargs={"pk": pk}, object=aid)
        return TemplateResponse(
            request, view.template_name, view.get_context_data(object=aid, response_form=form)
        )


class MutualAidCloseView(MemberRequiredMixin, AuthorOnlyMixin, View):
    def post(self, request, pk):
        aid = self.get_object_for_author(MutualAidRequest.objects.all(), pk)
        form = CloseMutualAidForm(request.POST)
        solved = form.cleaned_data["solved"] if form.is_valid() else True
        try:
            services.close_mutual_aid(aid, by=request.user, solved=solved)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La demande est close ; elle reste dans l'historique."))
        return redirect(aid)
