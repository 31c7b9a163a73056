"""RGPD: a member exports everything held about them, and closes their account."""

import json

import pytest
from django.test import Client

from portal.members.factories import DEMO_PASSWORD


def signed_in(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_visitor_cannot_export(db):
    response = Client().get("/compte/mes-donnees/")
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_export_holds_my_data_and_no_secret(medecin):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(medecin, secret)
    response = signed_in(medecin).get("/compte/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    data = json.loads(body)
    assert data["user"]["email"] == "medecin@exemple.fr"
    assert data["members.membership"][0]["rpps"] == medecin.membership.rpps
    assert data["two_factor"] == ["totp"]
    assert secret not in body
    assert "pbkdf2" not in body and "md5$" not in body and "password" not in data["user"]
    profiles = data.get("directory.profile")
    if profiles is not None:  # the directory has landed
        assert profiles[0]["user"] == medecin.pk
        assert "directory.practicesite" in profiles[0]
    # Nobody else's data: other members' e-mails are absent.
    assert "infirmiere@exemple.fr" not in body


def test_close_needs_the_password(medecin):
    client = signed_in(medecin)
    response = client.post("/compte/fermer/", {"password": "pas-le-bon-mot-de-passe"})
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    medecin.refresh_from_db()
    assert medecin.is_active and medecin.email == "medecin@exemple.fr"


@pytest.mark.django_db
def test_close_account_removes_entry_anonymises_posts_keeps_history(commission_member, demo):
    from machina.apps.forum_conversation.models import Post

    user = commission_member
    name = user.get_full_name()
    Profile = pytest.importorskip("directory.models").Profile
    profile_pk = Profile.objects.get(user=user).pk
    post_pks = list(Post.objects.filter(poster=user).values_list("pk", flat=True))
    try:
        from documents.models import ProtocolVersion

        validated = list(
            ProtocolVersion.objects.filter(validated_by=user).values_list("pk", flat=True)
        )
    except ImportError:
        validated = []
    visitor, member = Client(), signed_in(demo["infirmiere@exemple.fr"])
    assert visitor.get(f"/annuaire/{profile_pk}/").status_code == 200  # warm any cache

    response = signed_in(user).post("/compte/fermer/", {"password": DEMO_PASSWORD})
    assert response.status_code == 302

    # The entry is gone everywhere at once: page, search, API, for visitors and members.
    for client in (visitor, member):
        assert client.get(f"/annuaire/{profile_pk}/").status_code == 404
        results = client.get("/annuaire/", {"q": user.last_name}).content.decode()
        assert f"/annuaire/{profile_pk}/" not in results
    assert visitor.get(f"/api/v1/professionals/{profile_pk}").status_code == 404
    # Posts stay, signed with a neutral name.
    for post in Post.objects.filter(pk__in=post_pks):
        assert post.poster is None and post.username == "Ancien adhérent"
    # Validation history keeps the row, under a neutral name.
    if validated:
        from documents.models import ProtocolVersion

        for version in ProtocolVersion.objects.filter(pk__in=validated):
            assert version.validated_by_id == user.pk
            assert str(version.validated_by) == "Ancien adhérent"
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert name not in str(user) and "@exemple.fr" not in user.email
    assert not hasattr(user, "membership") or user.membership is None
    # The old credentials open nothing.
    client = Client()
    client.post("/compte/login/", {"login": "commission@exemple.fr", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
