"""The one switch the bureau needs: publish a reduced version of the indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="table")
class IndicatorsSettings(BaseSiteSetting):
    public_enabled = models.BooleanField(
        _("publier les indicateurs"),
        default=False,
        help_text=_(
            "Affiche une version réduite des indicateurs à l'adresse /indicateurs/ "
            "(effectifs inférieurs à 5 masqués, aucune donnée individuelle)."
        ),
    )

    class Meta:
        verbose_name = _("indicateurs publics")
