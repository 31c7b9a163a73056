"""Every demo role against every profession space, /metiers/ and the commission pages."""

import pytest

from portal.members.models import Profession

PROFESSION_SLUGS = [
    "medecins",
    "pharmaciens",
    "sages-femmes",
    "infirmiers",
    "kinesitherapeutes",
    "podologues",
    "orthophonistes",
    "psychomotriciens",
]
# demo role -> the profession slug whose space it may enter (None: none, "*": all)
ROLES = {
    "visitor": None,
    "candidat@exemple.fr": None,
    "medecin@exemple.fr": "medecins",
    "infirmiere@exemple.fr": "infirmiers",
    "commission@exemple.fr": "kinesitherapeutes",
    "bureau@exemple.fr": "*",
}


def _client(client, demo, role):
    if role != "visitor":
        client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_active_profession_has_a_space(demo):
    active = Profession.objects.active()
    assert set(active.values_list("space__slug", flat=True)) >= set(PROFESSION_SLUGS)
    assert None not in set(active.values_list("space__slug", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("slug", PROFESSION_SLUGS)
def test_profession_space_access(client, demo, role, slug):
    response = _client(client, demo, role).get(f"/metiers/{slug}/")
    allowed = ROLES[role]
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
        assert f"next=/metiers/{slug}/" in response["Location"]
    elif allowed in ("*", slug):
        assert response.status_code == 200
        assert "Formations et réunions à venir" in response.content.decode()
    else:
        assert response.status_code == 403
        body = response.content.decode()
        if role == "candidat@exemple.fr":
            assert "en attente de validation" in body
        else:
            plural = Profession.objects.get(slug=slug).plural
            assert f"Cet espace est réservé aux {plural}." in body


@pytest.mark.parametrize("role", list(ROLES))
def test_profession_index(client, demo, role):
    response = _client(client, demo, role).get("/metiers/")
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
    elif role == "candidat@exemple.fr":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert "Espace des infirmiers" in response.content.decode()


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("path", ["/commissions/", "/commissions/coordination/"])
def test_commission_pages_are_public(client, demo, role, path):
    response = _client(client, demo, role).get(path)
    assert response.status_code == 200
    assert "Coordination" in response.content.decode()
