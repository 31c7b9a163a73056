from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portal.members"
    label = "members"
    verbose_name = "Adhérents"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import services_account, signals  # noqa: F401 (registers the closure handler)
        from .middleware import viewer_signed_in, viewer_signed_out
        from .territory import connect_signals

        connect_signals()
        user_logged_in.connect(viewer_signed_in, dispatch_uid="members-viewer-signed-in")
        user_logged_out.connect(viewer_signed_out, dispatch_uid="members-viewer-signed-out")
        authenticator_removed.connect(
            signals.end_other_sessions_on_two_factor_removed,
            dispatch_uid="members-end-sessions-on-mfa-removed",
        )
