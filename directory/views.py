"""Directory pages: search and map, entry page and vCard, the member's edit page, resources."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _t
from django.views import View
from django.views.generic import ListView, TemplateView
from django.views.generic.list import MultipleObjectMixin

from portal.core.perf import cached_value
from portal.members.models import Commune

from . import services
from .forms import (
    DelegateForm,
    LocumPeriodFormSet,
    PracticeSiteFormSet,
    ProfileForm,
    ResourceFilterForm,
    SearchForm,
)
from .models import Profile, Resource
from .search.query import search_profiles, search_resources
from .templatetags.directory_tags import format_phone
from .vcard import build_vcard
from .visibility import PUBLIC, can_edit, visible_contact

MAP_LIMIT = 2000


def map_settings():
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": getattr(settings, "MAP_ATTRIBUTION", "© les contributeurs d'OpenStreetMap"),
    }


# --- access rules: one mixin per rule ---------------------------------------------------------


class OwnEntryMixin(LoginRequiredMixin):
    """``/annuaire/moi/``: signed in with an approved membership (the entry is theirs).

    Only reads: the entry is made when the membership is approved
    (``services.create_entry``)."""

    def get_profile(self):
        membership = self.request.viewer.membership
        if membership is None or not membership.is_approved:
            raise PermissionDenied(
                _t("Seuls les adhérents dont l'adhésion est validée ont une fiche.")
            )
        profile = Profile.objects.filter(user_id=membership.user_id).first()
        if profile is None:
            raise Http404(_t("Votre fiche n'existe pas encore : contactez le bureau."))
        return profile

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.profile = self.get_profile()
        return super().dispatch(request, *args, **kwargs)


class EntryEditorMixin(LoginRequiredMixin):
    """An entry by pk: owner, delegate (guardian ``directory.change_profile``) or bureau."""

    def get_profile(self):
        profile = get_object_or_404(Profile.objects.select_related("user"), pk=self.kwargs["pk"])
        if not can_edit(self.request.viewer, profile):
            raise PermissionDenied(_t("Vous n'êtes pas autorisé·e à modifier cette fiche."))
        return profile

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.profile = self.get_profile()
        return super().dispatch(request, *args, **kwargs)


class EntryOwnerMixin(EntryEditorMixin):
    """Granting and withdrawing delegates: the owner or the bureau, not the delegates themselves."""

    def get_profile(self):
        profile = super().get_profile()
        viewer = self.request.viewer
        if not (viewer.is_bureau or profile.user_id == viewer.user_id):
            raise PermissionDenied(
                _t("Seul·e le ou la titulaire de la fiche peut gérer les délégations.")
            )
        return profile


# --- editing ------------------------------------------------------------------------------------


class EntryEditBase(TemplateView):
    template_name = "directory/profile_form.html"

    def get_forms(self, data=None, files=None):
        return (
            ProfileForm(data, files, instance=self.profile, prefix="fiche"),
            PracticeSiteFormSet(data, instance=self.profile, prefix="lieux"),
            LocumPeriodFormSet(data, instance=self.profile, prefix="remplacements"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["sites"], context["locums"] = self.get_forms()
        is_owner = self.profile.user_id == self.request.user.pk
        context.update(
            profile=self.profile,
            is_owner=is_owner,
            can_manage_delegates=is_owner or self.request.viewer.is_bureau,
            delegates=services.delegates_of(self.profile),
            delegate_form=kwargs.get("delegate_form") or DelegateForm(profile=self.profile),
        )
        return context

    def post(self, request, *args, **kwargs):
        form, sites, locums = self.get_forms(request.POST, request.FILES)
        if form.is_valid() and sites.is_valid() and locums.is_valid():
            services.save_entry(form, sites, locums, confirm="confirm" in request.POST)
            if "confirm" in request.POST:
                messages.success(request, _t("Fiche enregistrée et confirmée à jour. Merci !"))
            else:
                messages.success(request, _t("Fiche enregistrée."))
            return HttpResponseRedirect(request.path)
        messages.error(
            request, _t("La fiche n'est pas enregistrée : corrigez les champs signalés.")
        )
        return self.render_to_response(
            self.get_context_data(form=form, sites=sites, locums=locums), status=400
        )


class OwnEntryEditView(OwnEntryMixin, EntryEditBase):
    pass


class EntryEditView(EntryEditorMixin, EntryEditBase):
    pass


class EntryConfirmView(EntryEditorMixin, View):
    def post(self, request, *args, **kwargs):
        services.confirm_entry(self.profile)
        messages.success(request, _t("Merci : la fiche est confirmée à jour."))
        return HttpResponseRedirect(edit_url(request.user, self.profile))


class DelegateView(EntryOwnerMixin, View):
    """POST ``action=grant`` with ``email``, or ``action=revoke`` with ``user``."""

    def post(self, request, *args, **kwargs):
        profile = self.profile
        if request.POST.get("action") == "revoke":
            user = get_object_or_404(services.delegates_of(profile), pk=request.POST.get("user"))
            services.revoke_delegate(profile, user)
            messages.success(
                request, _t("%(name)s ne peut plus modifier la fiche.") % {"name": user}
            )
            return HttpResponseRedirect(edit_url(request.user, profile))
        form = DelegateForm(request.POST, profile=profile)
        if form.is_valid():
            services.grant_delegate(profile, form.user)
            messages.success(
                request, _t("%(name)s peut maintenant modifier la fiche.") % {"name": form.user}
            )
            return HttpResponseRedirect(edit_url(request.user, profile))
        view = OwnEntryEditView if profile.user_id == request.user.pk else EntryEditView
        page = view(request=request, kwargs=kwargs, args=args)
        page.profile = profile
        messages.error(request, _t("La délégation n'est pas enregistrée."))
        return page.render_to_response(page.get_context_data(delegate_form=form), status=400)


def edit_url(user, profile):
    if profile.user_id == user.pk:
        return reverse("directory:entry-edit")
    return reverse("directory:entry-edit-other", args=[profile.pk])


# --- finding people -----------------------------------------------------------------------------


def search_queryset(request, form=None):
    form = form or SearchForm(request.GET or None)
    queryset = Profile.objects.listed()
    text = ""
    if form.is_bound:
        queryset = form.filter(queryset)
        text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return form, search_profiles(queryset, text, request.viewer)


# What a result shows: a write on any of these renews every cached result list.
DIRECTORY_RESULT_MODELS = (
    "members.territory",  # the commune filter and the communes' positions
    "directory.profile",
    "directory.practicesite",
    "directory.locumperiod",
    "members.membership",
    "members.user",
    "members.profession",
    "taggit.tag",
    "taggit.taggeditem",
    # the search index and the bureau's synonyms (directory.search, portal.search)
    "directory.profilesearch",
    "portal_search.searchsettings",
)
RESULTS_SECONDS = 300


def shows_own_entry(entries, viewer):
    """Whether a list holds an entry the viewer may edit (their own, or delegated to them),
    which they see at the owner's level: such a list is rendered for them alone."""
    return any(
        user_id == viewer.user_id or profile_id in viewer.delegated_profile_ids
        for profile_id, user_id in entries
    )


class SearchView(MultipleObjectMixin, TemplateView):
    """Public directory: visitors see public values only, members see members-only values too.

    The result list (count, cards, pagination) is rendered once per viewer level, language,
    query string and data counters, and then served from the shared cache: its two SQL
    statements over the whole directory and the twenty cards were most of the page's time.
    A list holding an entry the viewer may edit is never taken from, nor put in, the cache.
    """

    template_name = "directory/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super(MultipleObjectMixin, self).get_context_data(**kwargs)
        viewer = self.request.viewer
        form = SearchForm(self.request.GET or None)
        context.update(
            form=form,
            viewer_level=viewer.level,
            map=map_settings(),
            map_data_url=reverse("directory:search-map") + "?" + self.request.GET.urlencode(),
            querystring=_querystring_without_page(self.request),
            # Told on the folded filter panel (phone), so the reader knows results are filtered.
            active_filters=sum(1 for name in form.fields if any(self.request.GET.getlist(name))),
        )
        context["results_html"] = cached_value(
            "directory-results",
            # What the viewer may see of others' entries (the bureau sees everything).
            (
                "bureau" if viewer.is_bureau else viewer.level,
                translation.get_language(),
                sorted(self.request.GET.lists()),
            ),
            DIRECTORY_RESULT_MODELS,
            lambda: self.render_results(context, form, viewer),
            RESULTS_SECONDS,
            shareable=lambda results: not shows_own_entry(results["entries"], viewer),
        )["html"]
        return context

    def render_results(self, context, form, viewer):
        _form, queryset = search_queryset(self.request, form)
        paginator, page, object_list, is_paginated = self.paginate_queryset(
            queryset.with_related(), self.paginate_by
        )
        results = {
            **context,
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": is_paginated,
            "results": [visible_contact(profile, viewer) for profile in object_list],
        }
        return {
            "entries": [(profile.pk, profile.user_id) for profile in object_list],
            "html": render_to_string("directory/_results.html", results, request=self.request),
        }


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class SearchMapView(View):
    """Markers of every result of the search (not only the current page), visible values only."""

    def get(self, request, *args, **kwargs):
        _form, queryset = search_queryset(request)
        viewer = request.viewer
        markers = []
        for profile in queryset.with_related()[:MAP_LIMIT]:
            data = visible_contact(profile, viewer)
            for site in data["sites"]:
                if site["latitude"] is None:
                    continue
                markers.append(
                    {
                        "title": data["name"],
                        "subtitle": data["profession"],
                        "lines": [
                            line
                            for line in (site["name"], site["address"], site["commune"])
                            if line
                        ],
                        "phone": format_phone(site["phone"]),
                        "url": reverse("directory:entry", args=[profile.pk]),
                        "lat": site["latitude"],
                        "lng": site["longitude"],
                        "precise": site["precise_position"],
                    }
                )
        return JsonResponse({"markers": markers})


class EntryView(TemplateView):
    """An entry page; ``?vue=public`` shows its editor what a visitor sees."""

    template_name = "directory/profile_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = get_entry(self.request, self.kwargs["pk"])
        viewer = self.request.viewer
        editable = can_edit(viewer, profile)
        as_public = self.request.GET.get("vue") == "public"
        data = visible_contact(profile, viewer, level=PUBLIC if as_public else None)
        context.update(
            profile=profile,
            entry=data,
            editable=editable,
            as_public=as_public,
            edit_url=edit_url(self.request.user, profile) if editable else "",
            map=map_settings(),
        )
        return context


def get_entry(request, pk):
    """A listed entry, or an unlisted one its editor may still look at."""
    profile = get_object_or_404(Profile.objects.with_related(), pk=pk)
    membership = getattr(profile.user, "membership", None)
    if (membership is None or not membership.is_approved) and not can_edit(request.user, profile):
        raise Http404
    return profile


class EntryVCardView(View):
    def get(self, request, *args, **kwargs):
        profile = get_entry(request, kwargs["pk"])
        data = visible_contact(profile, request.viewer)
        response = HttpResponse(build_vcard(data), content_type="text/vcard; charset=utf-8")
        filename = slugify(data["name"]) or f"fiche-{profile.pk}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
        return response


# --- territorial resources ----------------------------------------------------------------------


def resource_queryset(request):
    form = ResourceFilterForm(request.GET or None)
    queryset = Resource.objects.published()
    text = ""
    if form.is_bound:
        queryset = form.filter(queryset)
        text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    return form, search_resources(queryset, text)


class ResourceListView(ListView):
    template_name = "directory/resource_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.form, queryset = resource_queryset(self.request)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            map=map_settings(),
            map_data_url=reverse("resources:map") + "?" + self.request.GET.urlencode(),
            querystring=_querystring_without_page(self.request),
        )
        return context


class ResourceMapView(View):
    def get(self, request, *args, **kwargs):
        _form, queryset = resource_queryset(request)
        markers = [
            {
                "title": resource.name,
                "subtitle": resource.get_category_display(),
                "lines": [line for line in (resource.address, resource.commune) if line],
                "phone": format_phone(resource.phone),
                "url": "",
                "lat": resource.latitude,
                "lng": resource.longitude,
                "precise": True,
            }
            for resource in queryset.exclude(latitude=None).exclude(longitude=None)[:MAP_LIMIT]
        ]
        return JsonResponse({"markers": markers})


class CommuneAutocompleteView(View):
    """Communes of the territory matching ``?q=`` (name words or postcode), for the combobox.

    Public geography only, so visitors signing up may use it. One query.
    """

    limit = 10

    def get(self, request):
        query = request.GET.get("q", "")[:100]
        communes = Commune.objects.territory().search(query)[: self.limit]
        results = [
            {"name": c.name, "postcode": c.postcode, "insee": c.insee, "label": str(c)}
            for c in communes.only("name", "postcodes", "insee")
        ]
        return JsonResponse({"results": results})
