"""Roles and content for the security suite, built with factories and services (no demo).

``role_users`` gives every role of the permission matrix, ``world`` the objects whose URLs
the suite requests (a directory entry with a delegate, members-only and public protocols and
an unvalidated version, a locum request, a locum offer, a mutual-aid request, a topic in the
doctors' private forum, a territorial resource, content pages).
"""

import pytest
from django.test import Client

from tests.security.world import build_world

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
def role_users(people):
    """Every role of the matrix as a user (None for the visitor).

    - medecin: Médecin, chair and validator of the Informatique commission
    - infirmiere: Infirmier, member of the Coordination commission
    - kine_validator: Masseur-kinésithérapeute, validator of Coordination
    - delegate: a pharmacist allowed to edit the médecin's directory entry
    - pharmacien: a plain member of another profession, no special right
    """
    from tests.people import member

    return {
        "visitor": None,
        "candidat": people.candidat,
        "medecin": people.medecin,
        "infirmiere": people.infirmiere,
        "kine_validator": people.commission_member,
        "delegate": member("pharmaciens", "Canet", first_name="Hugo", last_name="Vernet"),
        "pharmacien": member("pharmaciens", "Aniane", first_name="Léa", last_name="Bastide"),
        "bureau": people.bureau,
    }


@pytest.fixture
def world(people, role_users):
    return build_world(people, role_users)


def client_for(user):
    """A test client signed in as ``user`` (a visitor's when ``user`` is None)."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def role_client(role_users):
    """``role_client(role)``: a test client signed in as that role (fresh each call)."""

    def _client(role):
        return client_for(role_users[role])

    return _client
