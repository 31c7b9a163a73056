"""The board tests' own professions and members, the forum tree, and request dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import LocumOffer, LocumRequest, LocumResponse, MutualAidRequest, Notification
from directory.models import LocumPeriod, Profile
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory, ProfessionFactory


@pytest.fixture
def professions(db):
    """Two professions of the tests' own, so no demo member (tests/conftest.py loads the
    demo for every test) is matched or notified; the demo's requests are removed too."""
    for model in (Notification, LocumResponse, LocumRequest, LocumOffer, MutualAidRequest):
        model.objects.all().delete()
    return {
        "nurse": ProfessionFactory(
            name="Infirmier (test)", plural="infirmiers (test)", slug="infirmiers-test", code="9960"
        ),
        "physio": ProfessionFactory(
            name="Kinésithérapeute (test)", plural="kinés (test)", slug="kines-test", code="9970"
        ),
    }


@pytest.fixture
def make_member(professions):
    """An approved member of ``profession`` in ``commune``, optionally available on ``periods``."""

    def _make(profession="nurse", commune="Gignac", *, available=False, periods=(), **kwargs):
        membership = MembershipFactory(
            approved=True, profession=professions[profession], commune=commune, **kwargs
        )
        user = membership.user
        profile = Profile.objects.get(user=user)  # created on approval
        if available:
            profile.available_for_locum = True
            profile.save(update_fields=["available_for_locum"])
        for start, end in periods:
            LocumPeriod.objects.create(profile=profile, start=start, end=end)
        return user

    return _make


@pytest.fixture
def tree(db):
    ensure_forum_tree()
    return forum_for("remplacements")


@pytest.fixture
def dates():
    start = timezone.localdate() + timedelta(days=20)
    return start, start + timedelta(days=13)
