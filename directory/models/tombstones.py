"""The trace of what left the directory (written and read by directory/tombstones.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    class Kind(models.TextChoices):
        PROFILE = "profile", _("fiche d'annuaire")
        RESOURCE = "resource", _("ressource territoriale")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField(_("identifiant"))
    removed_at = models.DateTimeField(_("retirée le"), default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="tombstone_unique_object")
        ]
        ordering = ["removed_at", "pk"]
        verbose_name = _("retrait de l'annuaire")
        verbose_name_plural = _("retraits de l'annuaire")

    def __str__(self):
        return f"{self.kind} {self.object_id}"
