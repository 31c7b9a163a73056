from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "portal.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"
