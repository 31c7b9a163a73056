"""RGPD: a member exports everything held about them, and closes their account."""

import json

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


def test_export_holds_my_data_and_no_secret(people):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    medecin = people.medecin
    secret = generate_totp_secret()
    TOTP.activate(medecin, secret)
    response = signed_in(medecin).get("/compte/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    data = json.loads(body)
    assert data["user"]["email"] == medecin.email
    assert data["members.membership"][0]["rpps"] == medecin.membership.rpps
    assert data["two_factor"] == ["totp"]
    assert secret not in body
    assert "pbkdf2" not in body and "md5$" not in body and "password" not in data["user"]
    profiles = data["directory.profile"]  # approval made the member's entry
    assert profiles[0]["user"] == medecin.pk
    assert "directory.practicesite" in profiles[0]
    # Nobody else's data: other members' e-mails are absent.
    assert people.infirmiere.email not in body


def test_close_needs_the_password(people):
    medecin = people.medecin
    email = medecin.email
    client = signed_in(medecin)
    response = client.post("/compte/fermer/", {"password": "pas-le-bon-mot-de-passe"})
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    medecin.refresh_from_db()
    assert medecin.is_active and medecin.email == email


def test_close_account_removes_entry_anonymises_posts_keeps_history(people):
    from machina.apps.forum_conversation.models import Post

    from directory.factories import ProfileFactory
    from documents.factories import ProtocolFactory, ProtocolVersionFactory
    from documents.models import ProtocolVersion
    from forum.conversation import open_topic, reply
    from forum.tree import forum_for

    user = people.commission_member  # validator of the Coordination commission
    name, email = user.get_full_name(), user.email
    # A confirmed directory entry, posts in the forum, versions the member validated.
    profile_pk = ProfileFactory(user=user).pk
    topic = open_topic(
        forum_for("entraide"), poster=user, subject="Relais à Gignac", content="Qui peut ?"
    )
    reply(topic, poster=people.infirmiere, content="Moi.")
    mine = {topic.first_post.pk, reply(topic, poster=user, content="Merci.").pk}
    ProtocolVersionFactory(
        protocol=ProtocolFactory(commission=people.commission, created_by=people.infirmiere),
        validated_by=user,
    )
    post_pks = list(Post.objects.filter(poster=user).values_list("pk", flat=True))
    validated = list(ProtocolVersion.objects.filter(validated_by=user).values_list("pk", flat=True))
    assert mine <= set(post_pks) and len(validated) == 1
    visitor, member = Client(), signed_in(people.infirmiere)
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
    for version in ProtocolVersion.objects.filter(pk__in=validated):
        assert version.validated_by_id == user.pk
        assert str(version.validated_by) == "Ancien adhérent"
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert name not in str(user) and email not in user.email
    assert not hasattr(user, "membership") or user.membership is None
    # The old credentials open nothing.
    client = Client()
    client.post("/compte/login/", {"login": email, "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
