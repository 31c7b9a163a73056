"""What the views of the locum board (/remplacements/) and the mutual-aid board (/entraide/)
share: approved members only, the author's rights, the cached lists, and the bases of a
request's pages (create, detail, answer, close)."""

from abc import ABCMeta, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.list import MultipleObjectMixin

from portal.core.perf import cached_value
from portal.members.access import MemberRequiredMixin

from ..services.notifications import mark_seen

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


def querystring(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class CachedResultsMixin(MultipleObjectMixin):
    """A board's list (count, cards, pagination), the same for every member: rendered once
    per query string and language with ``results_template``, then served from the shared
    cache until one of ``results_models`` is written (``portal.core.perf.cached_value``).

    The list's two statements (count and page) and its cards were most of the board's time.
    """

    results_template = None
    results_models = ("members.user", "members.profession", "members.territory")
    filter_form_class = None

    def get_context_data(self, **kwargs):
        # ContextMixin's: the list is paginated only when it is rendered.
        context = super(MultipleObjectMixin, self).get_context_data(**kwargs)
        context["filter_form"] = self.filter_form = self.filter_form_class(self.request.GET or None)
        context["querystring"] = querystring(self.request)
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


class UserFormMixin:
    """A form that needs the member filling it (their profession and commune as defaults)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class RequestListView(MemberRequiredMixin, BoardContextMixin, CachedResultsMixin, TemplateView):
    """A board's list of requests (the cached results, the filter form)."""

    context_object_name = "requests"
    paginate_by = PAGE_SIZE


class RequestCreateView(
    MemberRequiredMixin, BoardContextMixin, UserFormMixin, FormView, metaclass=ABCMeta
):
    """Publish a request: ``publish`` (a service) saves it and tells whom it concerns; a
    ValidationError it raises is shown on the form; then to the request's page."""

    @abstractmethod
    def publish(self, data):
        """Save the request through its service and return it."""

    @abstractmethod
    def published_message(self, request_obj):
        """What the author is told once it is published."""

    def form_valid(self, form):
        try:
            request_obj = self.publish(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.published_message(request_obj))
        return redirect(request_obj)


class RequestDetailView(MemberRequiredMixin, DetailView):
    """A request's page. Its notifications for the viewer are marked seen as the page is read
    (``services.mark_seen``, which writes nothing once they are); the context writes nothing."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        mark_seen(request.user, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))


class RespondView(MemberRequiredMixin, View, metaclass=ABCMeta):
    """Answer a request: a valid form records the answer (``respond``) and goes back to the
    request; an invalid one shows the request's page again with the form's errors."""

    queryset = None
    detail_view = None
    success_message = ""

    @abstractmethod
    def get_form(self, request_obj):
        """The bound answer form for ``request_obj``."""

    @abstractmethod
    def respond(self, request_obj, data):
        """Record the answer through its service."""

    def post(self, request, pk):
        request_obj = get_object_or_404(self.queryset, pk=pk)
        form = self.get_form(request_obj)
        if form.is_valid():
            try:
                self.respond(request_obj, form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, self.success_message)
            return redirect(request_obj)
        view = self.detail_view(request=request, kwargs={"pk": pk}, object=request_obj)
        return TemplateResponse(
            request,
            view.template_name,
            view.get_context_data(object=request_obj, response_form=form),
        )


class AuthorActionView(MemberRequiredMixin, AuthorOnlyMixin, View, metaclass=ABCMeta):
    """An author's action on their request (fill, cancel, close): ``act`` does it or raises a
    ValidationError whose message is shown; back to the request either way."""

    model = None
    success_message = ""

    @abstractmethod
    def act(self, request_obj):
        """Do the author's action through its service, or raise a ValidationError."""

    def post(self, request, pk):
        request_obj = self.get_object_for_author(self.model.objects.all(), pk)
        try:
            self.act(request_obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return redirect(request_obj)
