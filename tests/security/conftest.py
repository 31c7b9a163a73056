"""Roles for the security suite: one signed-in client per role, built on the demo."""

import pytest
from django.test import Client

ROLES = [
    "visitor",
    "candidat",
    "medecin",
    "infirmiere",
    "kine_validator",
    "delegate",
    "pharmacien",
    "bureau",
]


@pytest.fixture
def role_users(demo):
    """Every role of the matrix as a user (None for the visitor).

    - medecin: Médecin, validator of the Informatique commission
    - infirmiere: Infirmier, member of the Coordination commission
    - kine_validator: Masseur-kinésithérapeute, validator of Coordination
    - delegate: a pharmacist allowed to edit the médecin's directory entry
    - pharmacien: a plain member of another profession, no special right
    """
    from portal.members.models import User

    pharmacists = User.objects.filter(
        membership__profession__slug="pharmaciens",
        membership__status="approved",
        email__startswith="membre",
    ).order_by("email")
    users = {
        "visitor": None,
        "candidat": demo["candidat@exemple.fr"],
        "medecin": demo["medecin@exemple.fr"],
        "infirmiere": demo["infirmiere@exemple.fr"],
        "kine_validator": demo["commission@exemple.fr"],
        "delegate": pharmacists[0],
        "pharmacien": pharmacists[1],
        "bureau": demo["bureau@exemple.fr"],
    }
    try:
        from directory import services as directory_services
        from directory.models import Profile
    except ImportError:  # the directory has not landed
        return users
    profile = Profile.objects.filter(user=users["medecin"]).first()
    if profile is not None:
        directory_services.grant_delegate(profile, users["delegate"])
    return users


@pytest.fixture
def role_client(role_users):
    """``role_client(role)``: a test client signed in as that role (fresh each call)."""

    def _client(role):
        client = Client()
        user = role_users[role]
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _client
