from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Protocoles"

    def ready(self):
        silence_wagtail_workflow_emails_for_protocols()
        from portal.search.registry import register

        from . import search

        search.connect()
        register("protocoles", search.rebuild)


# Wagtail's workflow notifiers and the dispatch_uid it connects each with
# (wagtail.admin.signal_handlers.register_signal_handlers).
WAGTAIL_WORKFLOW_NOTIFIERS = {
    "group_approval_task_submitted_email_notification": (
        "task_submitted",
        "TaskState",
        "task_submission_email_notifier",
    ),
    "workflow_state_submitted_email_notification": (
        "workflow_submitted",
        "WorkflowState",
        "workflow_submission_email_notifier",
    ),
    "workflow_state_rejected_email_notification": (
        "workflow_rejected",
        "WorkflowState",
        "workflow_rejection_email_notifier",
    ),
    "workflow_state_approved_email_notification": (
        "workflow_approved",
        "WorkflowState",
        "workflow_approval_email_notifier",
    ),
}


def silence_wagtail_workflow_emails_for_protocols():
    """Protocol versions have our own e-mails (documents.services): Wagtail's must not go too.

    Our app is ready before Wagtail's admin, so connecting under Wagtail's dispatch_uid makes
    its own connection a no-op; the wrapper calls Wagtail's notifier for everything else
    (pages, other snippets).
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail import models as wagtail_models
    from wagtail import signals
    from wagtail.admin import signal_handlers

    def is_protocol(workflow_state):
        from .models import ProtocolVersion

        return workflow_state.base_content_type_id == (
            ContentType.objects.get_for_model(ProtocolVersion).pk
        )

    for uid, (signal_name, sender_name, notifier_name) in WAGTAIL_WORKFLOW_NOTIFIERS.items():
        notifier = getattr(signal_handlers, notifier_name)

        def handler(sender, instance, notifier=notifier, **kwargs):
            state = getattr(instance, "workflow_state", instance)
            if is_protocol(state):
                return None
            return notifier(sender=sender, instance=instance, **kwargs)

        getattr(signals, signal_name).connect(
            handler, sender=getattr(wagtail_models, sender_name), dispatch_uid=uid, weak=False
        )
