"""Every write on protocols and their versions goes through these functions."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowState, WorkflowTask

from portal.members.emails import queue_email
from portal.members.models import Membership, NotificationKind, User
from portal.members.viewer import Viewer

from .models import (
    CommissionValidationTask,
    DownloadStat,
    Protocol,
    ProtocolVersion,
)
from .validators import check_protocol_file, display_name

REMINDER_INTERVAL = timedelta(days=30)
RESERVED_SLUGS = {"nouveau", "validation", "notifications"}


# --- rights -------------------------------------------------------------------------------------


def can_draft(user, commission):
    """Members of the commission, and the bureau, write its protocols."""
    viewer = Viewer.of(user)
    return viewer.is_bureau or commission.pk in viewer.commission_ids


def can_validate(version, user):
    return CommissionValidationTask.user_may_validate(version, user)


def _require_draft_right(user, commission):
    if not can_draft(user, commission):
        raise PermissionDenied(
            _("Vous n'êtes pas membre de la commission %(name)s.") % {"name": commission}
        )


def _require_validation_right(version, user):
    if version.created_by_id == user.pk:
        raise PermissionDenied(_("Vous ne pouvez pas valider une version que vous avez rédigée."))
    if not can_validate(version, user):
        raise PermissionDenied(
            _("Vous n'êtes pas valideur de la commission %(name)s.")
            % {"name": version.protocol.commission}
        )


# --- workflow -----------------------------------------------------------------------------------


def ensure_workflow(commission):
    """The commission's validation workflow (one task: its validators approve), created on first use."""
    task = CommissionValidationTask.objects.filter(commission=commission).first()
    if task is None:
        task = CommissionValidationTask.objects.create(
            name=f"Validation — {commission.name}", commission=commission
        )
    workflow = Workflow.objects.filter(workflow_tasks__task=task).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=f"Protocoles — {commission.name}")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _in_progress_task_state(version):
    state = version.current_workflow_state
    if (
        state is None
        or state.status != WorkflowState.STATUS_IN_PROGRESS
        or state.current_task_state is None
    ):
        raise ValidationError(_("Cette version n'est pas en attente de validation."))
    return state.current_task_state.specific


def _lock(version):
    return (
        ProtocolVersion.objects.select_for_update()
        .select_related("protocol__commission")
        .get(pk=version.pk)
    )


# --- protocols and versions ---------------------------------------------------------------------


def _unique_slug(title):
    base = slugify(title)[:180] or "protocole"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Protocol.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_protocol(
    *,
    title,
    summary,
    category,
    commission,
    review_date,
    by,
    target_professions=(),
    tags=(),
    is_public=False,
):
    _require_draft_right(by, commission)
    protocol = Protocol.objects.create(
        title=title,
        slug=_unique_slug(title),
        summary=summary,
        category=category,
        commission=commission,
        review_date=review_date,
        is_public=is_public,
        created_by=by,
    )
    protocol.target_professions.set(target_professions)
    if tags:
        protocol.tags.set(list(tags))
    log(instance=protocol, action="wagtail.create", user=by)
    return protocol


def _store_file(version, uploaded):
    """Check the upload by content, then store it under a clean name on the private storage."""
    checked = check_protocol_file(uploaded)
    version.original_name = display_name(uploaded.name)
    version.size = checked.size
    version.content_type = checked.content_type
    version.file.save(checked.safe_name, uploaded, save=False)
    return version.file.name


def _delete_stored(name):
    if name:
        storage = ProtocolVersion._meta.get_field("file").storage
        storage.delete(name)


@transaction.atomic
def add_version(protocol, *, number, file, by, changes=""):
    """A new draft version; the file is checked (type by content, size) before anything is stored."""
    _require_draft_right(by, protocol.commission)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Indiquez un numéro de version.")})
    if protocol.versions.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("La version %(number)s existe déjà pour ce protocole.")
                % {"number": number}
            }
        )
    check_protocol_file(file)  # refuse before touching the storage
    version = ProtocolVersion(
        protocol=protocol, number=number, changes=changes, created_by=by, live=False
    )
    stored = _store_file(version, file)
    try:
        with transaction.atomic():
            version.save()
            version.save_revision(user=by, log_action="wagtail.create")
    except (IntegrityError, ValidationError):
        _delete_stored(stored)
        raise
    return version


@transaction.atomic
def replace_file(version, *, file, by, changes=None):
    """Changes asked by the validators: only a draft (or a version sent back) can get a new file."""
    version = _lock(version)
    _require_draft_right(by, version.protocol.commission)
    if not version.is_editable:
        raise ValidationError(
            _("Une version soumise ou publiée ne se modifie pas : créez une nouvelle version.")
        )
    check_protocol_file(file)
    old_name = version.file.name
    _store_file(version, file)
    if changes is not None:
        version.changes = changes
    version.save()
    version.save_revision(user=by, log_action="wagtail.edit")
    transaction.on_commit(lambda: _delete_stored(old_name))
    return version


@transaction.atomic
def submit(version, *, by):
    """Send a draft (or a corrected version) to the commission's validators."""
    version = _lock(version)
    commission = version.protocol.commission
    _require_draft_right(by, commission)
    if not version.is_editable:
        raise ValidationError(_("Cette version a déjà été soumise."))
    state = version.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        version.save_revision(user=by)
        state.resume(user=by)
    else:
        ensure_workflow(commission).start(version, by)
    version.status = ProtocolVersion.Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at"])

    from portal.members.services import validators_of

    recipients = [u for u in validators_of(commission) if u.pk != version.created_by_id]
    context = {"version": version, "protocol": version.protocol, "by": by}
    transaction.on_commit(lambda: queue_email("documents/email/submitted", context, recipients))
    return version


@transaction.atomic
def request_changes(version, *, by, comment):
    """A validator sends the version back to its authors, with the reason."""
    version = _lock(version)
    _require_validation_right(version, by)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Expliquez ce qui doit être modifié.")})
    task_state = _in_progress_task_state(version)
    task_state.task.specific.on_action(task_state, by, "reject", comment=comment.strip())
    version.status = ProtocolVersion.Status.CHANGES_REQUESTED
    version.save(update_fields=["status"])
    if version.created_by:
        context = {"version": version, "protocol": version.protocol, "by": by, "comment": comment}
        author = version.created_by
        transaction.on_commit(
            lambda: queue_email("documents/email/changes_requested", context, [author])
        )
    return version


@transaction.atomic
def reject(version, *, by, comment):
    """A definitive refusal: the workflow is cancelled and the version never published."""
    version = _lock(version)
    _require_validation_right(version, by)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Expliquez pourquoi la version est refusée.")})
    task_state = _in_progress_task_state(version)
    task_state.task.specific.on_action(task_state, by, "reject", comment=comment.strip())
    task_state.workflow_state.refresh_from_db()
    task_state.workflow_state.cancel(user=by)
    version.status = ProtocolVersion.Status.REJECTED
    version.save(update_fields=["status"])
    return version


@transaction.atomic
def approve(version, *, by, comment="", notify=True):
    """A validator approves: the workflow finishes, Wagtail publishes the revision, we supersede."""
    version = _lock(version)
    _require_validation_right(version, by)
    task_state = _in_progress_task_state(version)
    task_state.task.specific.on_action(task_state, by, "approve", comment=(comment or "").strip())
    version.refresh_from_db()
    return publish(version, by=by, notify=notify)


@transaction.atomic
def publish(version, *, by, notify=True):
    """Make an approved version the one in force; the previous published one becomes superseded."""
    version = _lock(version)
    if version.status == ProtocolVersion.Status.PUBLISHED:
        return version
    approved = WorkflowState.objects.for_instance(version).filter(
        status=WorkflowState.STATUS_APPROVED,
        current_task_state__revision_id=version.latest_revision_id,
    )
    if not approved.exists():
        raise ValidationError(_("Seule une version validée par sa commission peut être publiée."))
    if not version.live:
        version.latest_revision.publish(user=by)
    now = timezone.now()
    previous = list(
        ProtocolVersion.objects.select_for_update()
        .filter(protocol_id=version.protocol_id, status=ProtocolVersion.Status.PUBLISHED)
        .exclude(pk=version.pk)
    )
    for old in previous:
        # A superseded version stays in the history but is no longer live anywhere.
        ProtocolVersion.objects.filter(pk=old.pk).update(
            status=ProtocolVersion.Status.SUPERSEDED, live=False, live_revision=None
        )
        log(
            instance=old, action="documents.supersede", user=by, data={"by_version": version.number}
        )
    ProtocolVersion.objects.filter(pk=version.pk).update(
        status=ProtocolVersion.Status.PUBLISHED, validated_by=by, validated_at=now
    )
    Protocol.objects.filter(pk=version.protocol_id).update(
        current_version=version, review_reminded_at=None
    )
    version.refresh_from_db()

    if notify:
        transaction.on_commit(lambda: notify_publication.enqueue(version_id=version.pk))
    return version


@task()
def notify_publication(version_id):
    """Tell the members of the target professions that a version was published (queue_email
    leaves out who switched these e-mails off)."""
    version = (
        ProtocolVersion.objects.select_related("protocol__commission").filter(pk=version_id).first()
    )
    if version is None or version.status != ProtocolVersion.Status.PUBLISHED:
        return 0
    protocol = version.protocol
    recipients = User.objects.filter(
        is_active=True,
        membership__status=Membership.Status.APPROVED,
        membership__profession__in=protocol.target_professions.all(),
    ).distinct()
    return queue_email(
        "documents/email/published",
        {"version": version, "protocol": protocol},
        list(recipients),
        kind=NotificationKind.PROTOCOLS,
    )


# --- downloads, notifications, reminders --------------------------------------------------------


def record_download(version, user):
    """Count one download of the version, in total and per profession and month."""
    ProtocolVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
    profession_id = None
    if user.is_authenticated:
        profession_id = getattr(getattr(user, "membership", None), "profession_id", None)
    month = timezone.localdate().replace(day=1)
    updated = DownloadStat.objects.filter(
        version=version, profession_id=profession_id, month=month
    ).update(count=F("count") + 1)
    if not updated:
        DownloadStat.objects.create(
            version=version, profession_id=profession_id, month=month, count=1
        )


def set_notifications(user, *, enabled):
    """The library's "stop these e-mails" button: the same preference as in "Mon compte"."""
    from portal.members.models import NotificationKind
    from portal.members.services_account import set_notification

    set_notification(user, NotificationKind.PROTOCOLS, wanted=enabled)


def remind_reviews(today=None):
    """E-mail the commission of every published protocol past its review date (at most every 30 days)."""
    today = today or timezone.localdate()
    due = (
        Protocol.objects.published()
        .filter(review_date__lt=today)
        .exclude(review_reminded_at__gt=today - REMINDER_INTERVAL)
        .select_related("commission", "current_version")
        .prefetch_related("commission__members")
    )
    sent = 0
    for protocol in due:
        recipients = [m for m in protocol.commission.members.all() if m.is_active]
        queue_email("documents/email/review_reminder", {"protocol": protocol}, recipients)
        Protocol.objects.filter(pk=protocol.pk).update(review_reminded_at=today)
        sent += 1
    return sent
