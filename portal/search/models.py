"""The bureau's list of synonyms and abbreviations, and the vocabulary used to forgive typos."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

# One group of equivalent words or phrases per line, separated by commas.
DEFAULT_SYNONYMS = """\
kiné, kinésithérapeute, kinésithérapie, masseur-kinésithérapeute, masseuse-kinésithérapeute
IDE, IDEL, infirmier, infirmière
MG, médecin généraliste, médecine générale
SF, sage-femme, maïeuticien
ortho, orthophoniste
pharma, pharmacien, pharmacienne, pharmacie
PDS, pharmacie de garde
HAD, hospitalisation à domicile
SSIAD, soins infirmiers à domicile
EHPAD, maison de retraite, établissement d'hébergement pour personnes âgées dépendantes
CCAS, centre communal d'action sociale
CAT, conduite à tenir
pédiatre, pédiatrie, enfant
diabète, diabétique, diabétologie
"""


@register_setting(icon="search")
class SearchSettings(BaseGenericSetting):
    """Synonyms and abbreviations every search of the portal understands."""

    synonyms = models.TextField(
        _("synonymes et abréviations"),
        blank=True,
        default=DEFAULT_SYNONYMS,
        help_text=_(
            "Une ligne par groupe de mots équivalents, séparés par des virgules, par exemple : "
            "« kiné, kinésithérapeute, masseur-kinésithérapeute ». Chercher l'un trouve les "
            "autres, dans l'annuaire, les ressources, les protocoles et le forum."
        ),
    )

    class Meta:
        verbose_name = _("recherche : synonymes")
        verbose_name_plural = _("recherche : synonymes")


class SearchWord(models.Model):
    """A folded word seen in an index of ``domain``: the words a typo can be corrected to."""

    domain = models.CharField(max_length=20)
    word = models.CharField(max_length=100)
    length = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["domain", "word"], name="search_word_unique")
        ]
        indexes = [models.Index(fields=["domain", "length"], name="search_word_length_idx")]

    def __str__(self):
        return self.word


class SearchIndex(models.Model):
    """What a concrete index row of a domain has besides its text columns: a position."""

    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
