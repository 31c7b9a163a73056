"""Who is viewing: the one object that answers it, built once per request (``request.viewer``).

Every question (member? bureau? which commissions? which profession? what may they see of
the directory?) is a cached property, so it costs at most one query per request whatever
the number of templates, mixins and services that ask. Outside a request (tasks, commands,
tests, the API's helpers) build one with ``Viewer(user)``.

The apps above ``members`` add their own questions with :func:`viewer_question` (the
directory registers who delegated their entry to the viewer and where the viewer
practises) so this module imports none of them; the answers are kept on the viewer the same
way.
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.utils.functional import cached_property

from .models import BUREAU_GROUP, MEMBERS_GROUP, Membership

# What a viewer may see of a directory entry (directory.visibility): visitors, applicants
# and suspended members see the public part, approved members and the bureau the members'
# part, and whoever may edit an entry all of it.
PUBLIC = "public"
MEMBERS = "members"
OWNER = "owner"

_QUESTIONS = {}


def viewer_question(function):
    """Register ``function(viewer)`` as a question every viewer answers once, by its name."""
    if function.__name__ in _QUESTIONS or hasattr(Viewer, function.__name__):
        raise ValueError(f"The viewer already answers {function.__name__!r}.")
    _QUESTIONS[function.__name__] = function
    return function


class Viewer:
    """The person looking, answered lazily: building one runs no query."""

    def __init__(self, user=None):
        self.user = AnonymousUser() if user is None else user

    @classmethod
    def of(cls, who):
        """``who`` as a viewer: a viewer is kept, a user (or None) gets a new one."""
        return who if isinstance(who, cls) else cls(who)

    def __repr__(self):
        return f"<Viewer {self.user_id or 'anonymous'}>"

    def __getattr__(self, name):
        # Only called for names the class does not define: the registered questions.
        try:
            question = _QUESTIONS[name]
        except KeyError:
            raise AttributeError(name) from None
        answer = question(self)
        self.__dict__[name] = answer
        return answer

    def learn(self, **answers):
        """Keep answers a caller read anyway with the rows it needed (the dashboard loads the
        entry with its sites and membership): asking them later costs no query. An answer
        already known is kept; an unknown question is an error."""
        for name, value in answers.items():
            if name not in _QUESTIONS and not isinstance(
                getattr(type(self), name, None), cached_property
            ):
                raise AttributeError(f"The viewer has no question {name!r}.")
            self.__dict__.setdefault(name, value)

    @cached_property
    def is_authenticated(self):
        return bool(self.user.is_authenticated)

    @cached_property
    def user_id(self):
        return self.user.pk if self.is_authenticated else None

    @cached_property
    def groups(self):
        """The user's groups with their commission, in one query (an evaluated queryset, so
        Wagtail's view restrictions can reuse it: portal.pages.wagtail_hooks)."""
        if not self.is_authenticated:
            return Group.objects.none()
        groups = self.user.groups.select_related("commission")
        groups._fetch_all()
        return groups

    @cached_property
    def group_names(self):
        return frozenset(group.name for group in self.groups)

    @cached_property
    def is_member(self):
        """Approved and not suspended: what the "Membres" group says (members.services keeps
        the group in step with the membership)."""
        return MEMBERS_GROUP in self.group_names

    @cached_property
    def is_bureau(self):
        return self.is_authenticated and (
            self.user.is_superuser or BUREAU_GROUP in self.group_names
        )

    @property
    def sees_members_content(self):
        return self.is_member or self.is_bureau

    @cached_property
    def commission_ids(self):
        """The commissions the viewer belongs to (their members draft and review protocols)."""
        commissions = (getattr(group, "commission", None) for group in self.groups)
        return frozenset(commission.pk for commission in commissions if commission is not None)

    @cached_property
    def membership(self):
        """The viewer's membership (any status) with its profession, or None."""
        if not self.is_authenticated:
            return None
        return Membership.objects.filter(user_id=self.user_id).select_related("profession").first()

    @cached_property
    def profession_id(self):
        return self.membership.profession_id if self.membership is not None else None

    @cached_property
    def level(self):
        """What the viewer sees of a directory entry they may not edit."""
        return MEMBERS if self.sees_members_content else PUBLIC
