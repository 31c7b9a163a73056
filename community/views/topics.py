"""Short structured forms that open a topic in a common forum: internships, newcomers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from portal.members.access import MemberRequiredMixin

from .. import services
from ..forms.topics import InternshipForm, NewcomerForm
from .boards import BoardContextMixin, topic_url


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
