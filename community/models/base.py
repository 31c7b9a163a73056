"""What the two boards' requests share: where members practise, and the abstract request."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NEARBY_KM = 30


def practice_communes(membership, site_communes):
    """The membership's commune and those of the directory sites, blanks left out."""
    communes = {c for c in site_communes if c}
    if membership is not None and membership.commune:
        communes.add(membership.commune)
    return communes


def user_communes(user):
    """Communes where ``user`` practises (``practice_communes``).

    A caller that has already loaded the sites sets ``user.practice_communes`` (the
    dashboard does) so the two boards' matching rules do not query them again.
    """
    known = getattr(user, "practice_communes", None)
    if known is not None:
        return set(known)
    from directory.models import PracticeSite

    sites = PracticeSite.objects.filter(profile__user=user).values_list("commune", flat=True)
    return practice_communes(getattr(user, "membership", None), sites)


def communes_near_user(user, radius_km=NEARBY_KM):
    from directory.geo import communes_near

    near = set()
    for commune in user_communes(user):
        near.update(communes_near(commune, radius_km))
    return near


def user_profession_id(user):
    membership = getattr(user, "membership", None)
    return membership.profession_id if membership is not None else None


class BoardRequestQuerySet(models.QuerySet):
    """Queries of a board's requests (locum or mutual aid); the model names its profession."""

    def open(self):
        return self.filter(status=self.model.Status.OPEN)

    def matching(self, user):
        """Open requests for ``user``'s profession near where they practise (not their own)."""
        profession_id = user_profession_id(user)
        if profession_id is None:
            return self.none()
        return (
            self.open()
            .filter(
                **{f"{self.model.profession_field}_id": profession_id},
                commune__in=communes_near_user(user),
            )
            .exclude(author=user)
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
