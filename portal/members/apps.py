from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portal.members"
    label = "members"
    verbose_name = "Adhérents"

    def ready(self):
        from allauth.mfa.signals import authenticator_removed

        from . import roles, services_account, services_territory, signals, territory  # noqa: F401 (registers the closure handler)

        territory.connect_signals()
        services_territory.connect_signals()
        roles.connect_signals()
        authenticator_removed.connect(
            signals.end_other_sessions_on_two_factor_removed,
            dispatch_uid="members-end-sessions-on-mfa-removed",
        )
