from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portal.members"
    label = "members"
    verbose_name = "Adhérents"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed

        from . import services_account, signals  # noqa: F401 (registers the closure handler)
        from .territory import connect_signals

        connect_signals()
        authenticator_removed.connect(
            signals.end_other_sessions_on_two_factor_removed,
            dispatch_uid="members-end-sessions-on-mfa-removed",
        )
