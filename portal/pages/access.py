from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from portal.members.models import MEMBERS_GROUP, Membership


def membership_reason(user):
    """Why a signed-in person without an approved membership is refused, or None."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None or membership.status == Membership.Status.APPROVED:
        return None
    return _reason(membership)


def _reason(membership):
    if membership.status == Membership.Status.PENDING:
        return _(
            "Votre demande d'adhésion du %(date)s est en attente de validation par le bureau. "
            "Vous recevrez un e-mail dès qu'elle sera examinée."
        ) % {"date": membership.applied_at.strftime("%d/%m/%Y")}
    if membership.status == Membership.Status.REFUSED:
        return _("Votre demande d'adhésion a été refusée par le bureau.")
    if membership.status == Membership.Status.SUSPENDED:
        return _(
            "Votre adhésion est suspendue : l'accès à l'espace membres est fermé. Contactez le bureau."
        )
    return None


def denial_reason(user, restriction):
    """Say in French why ``user`` may not see a page restricted to some groups."""
    membership = Membership.objects.filter(user=user).select_related("profession").first()
    if membership is None:
        return _(
            "Cet espace est réservé aux adhérents de l'association. Votre compte n'est lié à aucune demande d'adhésion."
        )
    reason = _reason(membership)
    if reason:
        return reason
    groups = list(restriction.groups.select_related("profession"))
    professions = [g.profession.plural for g in groups if hasattr(g, "profession")]
    if professions and all(g.name != MEMBERS_GROUP for g in groups):
        return _("Cet espace est réservé aux %(who)s.") % {"who": ", ".join(professions)}
    return _("Cet espace est réservé à certains groupes d'adhérents.")


def profession_spaces_for(spaces, user):
    """The profession spaces (a queryset of live space pages) as ``user`` sees them: their own profession's
    first, then those they may open, then those reserved to others (shown, never linked:
    a link would only lead to a 403).

    Returns dicts ``{"page", "own", "open"}``. The rule is the pages' own view restrictions
    (groups), read in three queries whatever the number of spaces.
    """
    spaces = (
        spaces.select_related("profession")
        .prefetch_related(
            Prefetch(
                "view_restrictions",
                queryset=PageViewRestriction.objects.prefetch_related("groups"),
            )
        )
        .order_by("title")
    )
    # ``all()``: the groups are often prefetched already (wagtail_hooks.explain_refused_page).
    group_ids = {group.pk for group in user.groups.all()} if user.is_authenticated else set()
    membership = Membership.objects.filter(user=user).only("profession_id").first()
    own_profession = membership.profession_id if membership else None

    def may_open(page):
        if user.is_superuser:
            return True
        return all(
            restriction.restriction_type != PageViewRestriction.GROUPS
            or group_ids & {group.pk for group in restriction.groups.all()}
            for restriction in page.view_restrictions.all()
        )

    rows = [
        {"page": page, "own": page.profession_id == own_profession, "open": may_open(page)}
        for page in spaces
    ]
    rows.sort(key=lambda row: (not row["own"], not row["open"]))
    return rows
