from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The one search behaviour of the portal: text folding, synonyms, typo forgiveness."""

    name = "portal.search"
    # "search" would clash with nothing today, but haystack and Wagtail both have search apps.
    label = "portal_search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"
