from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portal.members"
    label = "members"
    verbose_name = "Adhérents"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        # services_account registers its account-closure handler on import.
        from . import (  # noqa: F401
            roles,
            services_account,
            services_territory,
            sessions,
            signals,
            territory,
        )
        from .middleware import viewer_signed_in, viewer_signed_out

        territory.connect_signals()
        services_territory.connect_signals()
        roles.connect_signals()
        user_logged_in.connect(sessions.visit_started, dispatch_uid="members-visit-started")
        user_logged_in.connect(viewer_signed_in, dispatch_uid="members-viewer-signed-in")
        user_logged_out.connect(viewer_signed_out, dispatch_uid="members-viewer-signed-out")
        authenticator_removed.connect(
            signals.end_other_sessions_on_two_factor_removed,
            dispatch_uid="members-end-sessions-on-mfa-removed",
        )
