"""The demo's people are believable (issue 15, item 3): civility matches the first name,
names and e-mails are unique, protocol dates agree with each other; the accounts open with
the documented password."""

from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.members import FIRST_NAMES, civility_for, member_name
from directory.models import Profile
from documents.models import ProtocolVersion
from portal.members.factories import DEMO_PASSWORD
from portal.members.models import User

pytestmark = pytest.mark.demo


def test_member_names_never_repeat():
    names = [member_name(n) for n in range(len(FIRST_NAMES) * 3)]
    assert len(set(names)) == len(names)


def test_civility_matches_the_first_name(demo):
    profiles = Profile.objects.select_related("user").exclude(civility__in=["", "dr"])
    assert profiles.count() > 20
    wrong = [
        (p.civility, p.user.first_name, p.user.last_name)
        for p in profiles
        if p.civility != civility_for(p.user.first_name)
    ]
    assert wrong == []
    assert civility_for("Claire") == "mme" and civility_for("Lucas") == "m"


def test_names_and_emails_are_unique(demo):
    users = User.objects.filter(email__endswith="@exemple.fr")
    names = Counter((u.first_name, u.last_name) for u in users)
    assert [name for name, count in names.items() if count > 1] == []
    emails = Counter(e for e in Profile.objects.values_list("email", flat=True) if e)
    assert [e for e, count in emails.items() if count > 1] == []
    mssante = Counter(e for e in Profile.objects.values_list("mssante", flat=True) if e)
    assert [e for e, count in mssante.items() if count > 1] == []


def test_protocol_dates_agree(demo):
    now = timezone.now()
    validated = ProtocolVersion.objects.filter(validated_at__isnull=False).select_related(
        "protocol"
    )
    assert validated.count() >= 3
    for version in validated:
        assert version.created_at <= version.submitted_at <= version.validated_at <= now
        assert version.protocol.created_at <= version.created_at
        # Validated before it had to be reviewed (a protocol may be overdue since then).
        assert version.validated_at.date() < version.protocol.review_date, version


def test_demo_password_logs_in(client, demo):
    """The demo accounts open with the documented demo password."""
    response = client.post(
        reverse("account_login"), {"login": "medecin@exemple.fr", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/espace-membres/").status_code == 200
