"""What the viewer is, read once per request: member, bureau, commissions."""

from dataclasses import dataclass, field

from portal.members.models import BUREAU_GROUP, MEMBERS_GROUP


@dataclass(frozen=True)
class Roles:
    is_member: bool = False
    is_bureau: bool = False
    commission_ids: frozenset = field(default_factory=frozenset)

    @property
    def sees_members_content(self):
        return self.is_member or self.is_bureau


ANONYMOUS = Roles()


def roles_of(user):
    """One query, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_documents_roles", None)
    if cached is not None:
        return cached
    rows = list(user.groups.values_list("name", "commission__id"))
    names = {name for name, _commission in rows}
    roles = Roles(
        is_member=MEMBERS_GROUP in names,
        is_bureau=user.is_superuser or BUREAU_GROUP in names,
        commission_ids=frozenset(commission for _name, commission in rows if commission),
    )
    user._documents_roles = roles
    return roles


def forget_roles(user):
    user.__dict__.pop("_documents_roles", None)
