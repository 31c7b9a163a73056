"""The mutual-aid board (/entraide/): requests, their page, answers and closing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..forms.mutual_aid import (
    CloseMutualAidForm,
    MutualAidFilterForm,
    MutualAidForm,
    MutualAidResponseForm,
)
from ..models import MutualAidRequest
from .boards import (
    AuthorActionView,
    CachedResultsMixin,
    RequestCreateView,
    RequestDetailView,
    RequestListView,
    RespondView,
)


class MutualAidListView(RequestListView):
    template_name = "forum/boards/mutual_aid_list.html"
    results_template = "forum/boards/_mutual_aid_results.html"
    results_models = ("community.mutualaidrequest", *CachedResultsMixin.results_models)
    filter_form_class = MutualAidFilterForm

    def get_queryset(self):
        return self.filter_form.filter(MutualAidRequest.objects.with_related())


class MutualAidCreateView(RequestCreateView):
    template_name = "forum/boards/mutual_aid_form.html"
    form_class = MutualAidForm

    def publish(self, data):
        return services.publish_mutual_aid(author=self.request.user, **data)

    def published_message(self, aid):
        return _(
            "Votre demande est publiée : les %(profession)s proches de %(commune)s sont prévenus."
        ) % {"profession": aid.profession_needed.plural, "commune": aid.commune}


class MutualAidDetailView(RequestDetailView):
    template_name = "forum/boards/mutual_aid_detail.html"
    context_object_name = "aid"
    queryset = MutualAidRequest.objects.with_related()

    def get_context_data(self, response_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        aid, user = self.object, self.request.user
        is_author = aid.author_id == user.pk
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


class MutualAidRespondView(RespondView):
    queryset = MutualAidRequest.objects.with_related()
    detail_view = MutualAidDetailView
    success_message = gettext_lazy("Merci : l'auteur de la demande est prévenu de votre réponse.")

    def get_form(self, aid):
        return MutualAidResponseForm(self.request.POST)

    def respond(self, aid, data):
        services.respond_mutual_aid(aid, self.request.user, data["message"])


class MutualAidCloseView(AuthorActionView):
    model = MutualAidRequest
    success_message = gettext_lazy("La demande est close ; elle reste dans l'historique.")

    def act(self, aid):
        form = CloseMutualAidForm(self.request.POST)
        solved = form.cleaned_data["solved"] if form.is_valid() else True
        services.close_mutual_aid(aid, by=self.request.user, solved=solved)
