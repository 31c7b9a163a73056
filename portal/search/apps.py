from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The one search behaviour of the portal: text folding, synonyms, typo forgiveness."""

    name = "portal.search"
    # "search" would clash with nothing today, but haystack and Wagtail both have search apps.
    label = "portal_search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import SearchSettings
        from .query import forget_synonyms

        post_save.connect(forget_synonyms, sender=SearchSettings, dispatch_uid="search-synonyms")
        post_delete.connect(forget_synonyms, sender=SearchSettings, dispatch_uid="search-syn-del")
