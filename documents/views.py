"""Library, protocol pages, drafting and validation screens, permission-checked downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from portal.core.perf import fragment_generations
from portal.members.models import Commission, NotificationKind
from portal.members.services_account import notification_preferences

from . import services
from .forms import DecisionForm, LibraryFilterForm, ProtocolCreateForm, ReplaceFileForm, VersionForm
from .models import Protocol, ProtocolVersion
from .search import search_protocols

# What the library's cached list shows: their write stamps are in its key (portal.core.perf).
LIBRARY_MODELS = (
    "documents.protocol",
    "documents.protocolversion",
    "documents.protocol_target_professions",
    "taggit.taggeditem",
    "taggit.tag",
    "members.profession",
    "members.commission",
    "documents.protocolsearch",
    "portal_search.searchsettings",
)

ACTION_LABELS = {
    "wagtail.create": gettext_lazy("Version déposée"),
    "wagtail.edit": gettext_lazy("Fichier remplacé"),
    "wagtail.workflow.start": gettext_lazy("Soumise pour validation"),
    "wagtail.workflow.resume": gettext_lazy("Soumise à nouveau après corrections"),
    "wagtail.workflow.reject": gettext_lazy("Modifications demandées"),
    "wagtail.workflow.approve": gettext_lazy("Validée"),
    "wagtail.workflow.cancel": gettext_lazy("Validation arrêtée (refusée)"),
    "wagtail.publish": gettext_lazy("Publiée"),
    "documents.supersede": gettext_lazy("Remplacée par une nouvelle version"),
}


def _deny(request):
    """Visitors are asked to sign in; signed-in people without the right get a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _history(versions):
    """Who did what, when, with which comment: Wagtail's log entries of the given versions."""
    by_pk = {str(v.pk): v for v in versions}
    if not by_pk:
        return []
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProtocolVersion),
            object_id__in=list(by_pk),
        )
        .filter(action__in=list(ACTION_LABELS))
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    return [
        {
            "when": e.timestamp,
            "who": e.user,
            "label": ACTION_LABELS[e.action],
            "action": e.action,
            "version": by_pk[e.object_id],
            "comment": (e.data or {}).get("comment", ""),
        }
        for e in entries
    ]


def library(request):
    viewer = request.viewer
    form = LibraryFilterForm(request.GET or None)
    protocols = (
        Protocol.objects.visible_to(request.viewer)
        .select_related("commission", "current_version__validated_by")
        # Lists (to_attr): Django would otherwise build a manager queryset per protocol and
        # relation (taggit's costs 0.1 ms each) just to hold the prefetched rows.
        .prefetch_related(
            Prefetch("target_professions", to_attr="profession_list"),
            Prefetch("tags", to_attr="tag_list"),
        )
        .order_by("title", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        # Folded, stemmed, with the bureau's synonyms, best first (documents.search).
        protocols = search_protocols(protocols, data["q"])
        if data["profession"]:
            protocols = protocols.filter(target_professions__slug=data["profession"])
        if data["category"]:
            protocols = protocols.filter(category=data["category"])
        if data["commission"]:
            protocols = protocols.filter(commission__slug=data["commission"])
    # A regional library holds hundreds of protocols: the paginator counts them
    # in SQL and only the 20 shown are fetched and prefetched (professions, tags).
    page = Paginator(protocols, 20).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    opted_out = viewer.is_member and not notification_preferences(request.user).wants(
        NotificationKind.PROTOCOLS
    )
    return render(
        request,
        "documents/library.html",
        {
            "form": form,
            "page_obj": page,
            "protocols": page.object_list,
            "querystring": querystring.urlencode(),
            "viewer": viewer,
            "opted_out": opted_out,
            "can_draft": viewer.is_bureau or bool(viewer.commission_ids),
            # The rendered list depends only on these: whether members-only protocols are
            # shown, the language, the filters and page, and the models it displays.
            "results_cache_key": (
                viewer.sees_members_content,
                get_language(),
                request.GET.urlencode(),
                *fragment_generations(*LIBRARY_MODELS),
            ),
        },
    )


def detail(request, slug):
    protocol = get_object_or_404(
        Protocol.objects.select_related(
            "commission", "current_version__validated_by"
        ).prefetch_related("target_professions", "tags"),
        slug=slug,
    )
    viewer = request.viewer
    is_reviewer = viewer.is_bureau or protocol.commission_id in viewer.commission_ids
    visible = protocol.current_version_id and (protocol.is_public or viewer.sees_members_content)
    if not (visible or is_reviewer):
        return _deny(request)
    if is_reviewer:
        versions = list(protocol.versions.select_related("created_by", "validated_by"))
    else:
        versions = [protocol.current_version] if protocol.current_version else []
    for version in versions:
        version.protocol = protocol  # for their URLs, without a query each
    return render(
        request,
        "documents/protocol_detail.html",
        {
            "protocol": protocol,
            "current": protocol.current_version,
            "versions": versions,
            "history": _history(versions),
            "is_reviewer": is_reviewer,
            "can_draft": is_reviewer and services.can_draft(request.viewer, protocol.commission),
        },
    )


def download(request, slug, version_pk):
    """The only way to a published file: the rule lives in ProtocolVersion.objects.downloadable_by."""
    version = (
        ProtocolVersion.objects.downloadable_by(request.viewer)
        .select_related("protocol")
        .filter(pk=version_pk, protocol__slug=slug)
        .first()
    )
    if version is None:
        if (
            not request.user.is_authenticated
            and ProtocolVersion.objects.filter(
                pk=version_pk, protocol__slug=slug, status=ProtocolVersion.Status.PUBLISHED
            ).exists()
        ):
            return redirect_to_login(request.get_full_path())
        raise Http404
    services.record_download(version, request.user)
    return _file_response(version)


@login_required
def review_download(request, slug, version_pk):
    """Any state of a version, for its commission's members and the bureau (to review drafts)."""
    version = get_object_or_404(
        ProtocolVersion.objects.reviewable_by(request.viewer).select_related("protocol"),
        pk=version_pk,
        protocol__slug=slug,
    )
    return _file_response(version)


def _file_response(version):
    extension = version.file.name.rsplit(".", 1)[-1]
    filename = f"{version.protocol.slug}-v{version.number}.{extension}"
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _draftable_commissions(viewer):
    if viewer.is_bureau:
        return Commission.objects.all()
    return Commission.objects.filter(pk__in=viewer.commission_ids)


@login_required
def protocol_create(request):
    commissions = _draftable_commissions(request.viewer)
    if not commissions.exists():
        raise PermissionDenied
    form = ProtocolCreateForm(request.POST or None, request.FILES or None, commissions=commissions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            protocol = services.create_protocol(
                title=data["title"],
                summary=data["summary"],
                category=data["category"],
                commission=data["commission"],
                review_date=data["review_date"],
                target_professions=data["target_professions"],
                tags=data["tags"],
                is_public=data["is_public"],
                by=request.user,
            )
            version = services.add_version(
                protocol,
                number=data["number"],
                changes=data["changes"],
                file=data["file"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Protocole créé. Vérifiez le brouillon puis soumettez-le à la validation."),
            )
            return redirect(version.get_review_url())
    return render(request, "documents/protocol_form.html", {"form": form})


@login_required
def version_create(request, slug):
    protocol = get_object_or_404(Protocol.objects.select_related("commission"), slug=slug)
    if not services.can_draft(request.viewer, protocol.commission):
        raise Http404
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(protocol, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Nouvelle version enregistrée comme brouillon."))
            return redirect(version.get_review_url())
    return render(request, "documents/version_form.html", {"form": form, "protocol": protocol})


def _reviewable_version(request, slug, version_pk):
    return get_object_or_404(
        ProtocolVersion.objects.reviewable_by(request.viewer).select_related(
            "protocol__commission", "created_by", "validated_by"
        ),
        pk=version_pk,
        protocol__slug=slug,
    )


@login_required
def version_detail(request, slug, version_pk):
    version = _reviewable_version(request, slug, version_pk)
    can_validate = version.status == ProtocolVersion.Status.SUBMITTED and services.can_validate(
        version, request.user
    )
    can_edit = version.is_editable and services.can_draft(
        request.viewer, version.protocol.commission
    )
    return render(
        request,
        "documents/version_detail.html",
        {
            "version": version,
            "protocol": version.protocol,
            "history": _history([version]),
            "can_validate": can_validate,
            "can_edit": can_edit,
            "is_author": version.created_by_id == request.user.pk,
            "decision_form": DecisionForm(),
            "replace_form": ReplaceFileForm(),
        },
    )


@login_required
@require_POST
def version_action(request, slug, version_pk, action):
    version = _reviewable_version(request, slug, version_pk)
    user = request.user
    try:
        if action == "submit":
            services.submit(version, by=user)
            messages.success(request, _("Version soumise aux valideurs de la commission."))
        elif action == "replace":
            form = ReplaceFileForm(request.POST, request.FILES)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect(version.get_review_url())
            services.replace_file(version, by=user, **form.cleaned_data)
            messages.success(request, _("Fichier remplacé."))
        elif action in ("approve", "request-changes", "reject"):
            form = DecisionForm(request.POST)
            form.is_valid()
            comment = form.cleaned_data.get("comment", "")
            if action == "approve":
                services.approve(version, by=user, comment=comment)
                messages.success(
                    request, _("Version validée et publiée ; la précédente est archivée.")
                )
            elif action == "request-changes":
                services.request_changes(version, by=user, comment=comment)
                messages.success(request, _("Modifications demandées à l'auteur."))
            else:
                services.reject(version, by=user, comment=comment)
                messages.success(request, _("Version refusée."))
        else:
            raise Http404
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Action non autorisée."))
        return redirect(version.get_review_url(), permanent=False)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(version.get_review_url())


@login_required
def validation_queue(request):
    """What awaits me: versions to validate for my commissions, and my commissions' drafts."""
    viewer = request.viewer
    if not (viewer.is_bureau or viewer.commission_ids):
        raise PermissionDenied
    to_validate = (
        ProtocolVersion.objects.awaiting_validation_by(request.user)
        .select_related("protocol__commission", "created_by")
        .order_by("submitted_at")
    )
    in_progress = (
        ProtocolVersion.objects.reviewable_by(request.viewer)
        .filter(
            status__in=[
                ProtocolVersion.Status.DRAFT,
                ProtocolVersion.Status.CHANGES_REQUESTED,
                ProtocolVersion.Status.SUBMITTED,
            ]
        )
        .select_related("protocol__commission", "created_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "documents/validation_queue.html",
        {"to_validate": to_validate, "in_progress": in_progress},
    )


@login_required
@require_POST
def notifications_toggle(request):
    enabled = request.POST.get("enabled") == "1"
    services.set_notifications(request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("Vous recevrez à nouveau un e-mail à chaque protocole publié."))
    else:
        messages.success(
            request, _("Vous ne recevrez plus d'e-mail à la publication des protocoles.")
        )
    return redirect(reverse("documents:library"))
