"""Every role against every profession space, /metiers/ and the commission pages."""

import pytest

from portal.members.factories import CommissionFactory, MembershipFactory, bureau_member
from portal.members.models import Profession
from portal.pages.factories import CommissionPageFactory

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
# role -> the profession slug whose space it may enter (None: none, "*": all)
ROLES = {
    "visitor": None,
    "candidate": None,
    "doctor": "medecins",
    "nurse": "infirmiers",
    "physiotherapist": "kinesitherapeutes",
    "bureau": "*",
}


@pytest.fixture
def people(db):
    """One person per role, from the factories: the spaces ``setup_portal`` made are the
    professions'; the bureau (a doctor) enters them all; the candidate is not approved yet."""

    def member(slug, approved=True, **user):
        profession = Profession.objects.get(slug=slug)
        return MembershipFactory(profession=profession, approved=approved, **user).user

    bureau = bureau_member(user__is_demo_account=True)  # staff: no TOTP asked, as in the demo
    return {
        "candidate": member("orthophonistes", approved=False),
        "doctor": member("medecins"),
        "nurse": member("infirmiers"),
        "physiotherapist": member("kinesitherapeutes"),
        "bureau": bureau,
    }


def _client(client, people, role):
    if role != "visitor":
        client.force_login(people[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_active_profession_has_a_space(db):
    active = Profession.objects.active()
    assert set(active.values_list("space__slug", flat=True)) >= set(PROFESSION_SLUGS)
    assert None not in set(active.values_list("space__slug", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("slug", PROFESSION_SLUGS)
def test_profession_space_access(client, people, role, slug):
    response = _client(client, people, role).get(f"/metiers/{slug}/")
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
        if role == "candidate":
            assert "en attente de validation" in body
        else:
            plural = Profession.objects.get(slug=slug).plural
            assert f"Cet espace est réservé aux {plural}." in body


@pytest.mark.parametrize("role", list(ROLES))
def test_profession_index(client, people, role):
    response = _client(client, people, role).get("/metiers/")
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
    elif role == "candidate":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert "Espace des infirmiers" in response.content.decode()


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("path", ["/commissions/", "/commissions/coordination/"])
def test_commission_pages_are_public(client, people, role, path):
    CommissionPageFactory(commission=CommissionFactory(name="Coordination", slug="coordination"))
    response = _client(client, people, role).get(path)
    assert response.status_code == 200
    assert "Coordination" in response.content.decode()
