"""What the two boards' requests share: where members practise, and the abstract request."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.members.viewer import Viewer

NEARBY_KM = 30


def communes_near_viewer(viewer, radius_km=NEARBY_KM):
    """Communes within ``radius_km`` of where the viewer practises (``practice_communes``,
    asked of the viewer once per request)."""
    from directory.geo import communes_near

    near = set()
    for commune in viewer.practice_communes:
        near.update(communes_near(commune, radius_km))
    return near


class BoardRequestQuerySet(models.QuerySet):
    """Queries of a board's requests (locum or mutual aid); the model names its profession."""

    def open(self):
        return self.filter(status=self.model.Status.OPEN)

    def matching(self, viewer):
        """Open requests for the viewer's profession near where they practise (not their own);
        ``viewer`` is a :class:`~portal.members.viewer.Viewer` or a user."""
        viewer = Viewer.of(viewer)
        if viewer.profession_id is None:
            return self.none()
        return (
            self.open()
            .filter(
                **{f"{self.model.profession_field}_id": viewer.profession_id},
                commune__in=communes_near_viewer(viewer),
            )
            .exclude(author_id=viewer.user_id)
            .with_related()
        )


class BoardRequest(models.Model):
    """A request published on a board: the columns and rules a locum request and a mutual-aid
    request share. Each names its ``Status`` (with ``OPEN``), the field of the profession it
    looks for (``profession_field``) and the URL name of its page (``detail_url_name``)."""

    profession_field = None
    detail_url_name = None

    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def requested_profession(self):
        return getattr(self, self.profession_field)
