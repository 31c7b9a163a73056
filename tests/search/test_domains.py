"""Resources, protocols and the forum: the same search, and nothing the viewer may not see."""

import datetime

import pytest
from django.utils.text import slugify

from directory.factories import ResourceFactory
from documents.models import Protocol, ProtocolVersion
from forum.conversation import open_topic
from forum.tree import forum_for, profession_forum
from portal.members.factories import CommissionFactory, MembershipFactory
from portal.members.models import Profession
from portal.search.normalize import fold, stem, words
from portal.search.query import build_query

pytestmark = pytest.mark.django_db


def test_folding_is_the_same_for_what_is_stored_and_what_is_typed():
    assert fold("Clermont-l'Hérault") == "clermont l herault"
    assert words("St-André-de-Sangonis") == ["saint", "andre", "sangonis"]
    assert words("Œdème  SŒUR") == ["oedeme", "soeur"]
    assert stem("chutes") == stem("chute") and stem("anticoagulants") == stem("anticoagulant")


def test_a_typo_is_forgiven_in_long_words_only():
    query = build_query("infirmeire ide", "x", synonyms="", vocabulary={"infirmiere"})
    assert ("infirmiere",) in query.units[0].alternatives
    short = build_query("lodev", "x", synonyms="", vocabulary={"lodeve", "lov"})
    assert short.units[0].alternatives == [("lodev",), ("lodeve",)]
    assert build_query("ide", "x", synonyms="", vocabulary={"idea"}).units[0].alternatives == [
        ("ide",)
    ]


def test_resources_unpublished_never_found(client):
    ResourceFactory(name="CCAS de Lodève", category="ccas", commune="Lodève")
    ResourceFactory(name="CCAS de Gignac", category="ccas", commune="Gignac", is_published=False)
    body = client.get("/ressources/", {"q": "ccas lodeve"}).content.decode()
    assert "CCAS de Lodève" in body and "CCAS de Gignac" not in body
    body = client.get("/ressources/", {"q": "ccas"}).content.decode()
    assert "CCAS de Gignac" not in body


def _protocol(title, *, published, public):
    protocol = Protocol.objects.create(
        title=title,
        slug=slugify(title),
        summary=title,
        commission=CommissionFactory(),
        review_date=datetime.date(2030, 1, 1),
        is_public=public,
    )
    if published:
        version = ProtocolVersion.objects.create(protocol=protocol, number="1.0")
        Protocol.objects.filter(pk=protocol.pk).update(current_version=version)
    return protocol


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_protocols_search_shows_only_what_the_library_shows(client, login, role):
    _protocol("Chutes publiques", published=True, public=True)
    _protocol("Chutes des adhérents", published=True, public=False)
    _protocol("Chutes en brouillon", published=False, public=True)
    if role == "member":
        client = login(MembershipFactory(approved=True).user)
    body = client.get("/protocoles/", {"q": "chute"}).content.decode()
    assert "Chutes publiques" in body
    assert ("Chutes des adhérents" in body) is (role == "member")
    assert "Chutes en brouillon" not in body


def test_forum_search_only_in_readable_forums():
    nurse = MembershipFactory(approved=True, profession=Profession.objects.get(slug="infirmiers"))
    doctor = MembershipFactory(approved=True, profession=Profession.objects.get(slug="medecins"))
    nurses = profession_forum(Profession.objects.get(slug="infirmiers"))
    open_topic(nurses, poster=nurse.user, subject="Pompes à insuline", content="Réglages.")
    open_topic(forum_for("association"), poster=nurse.user, subject="Soirée", content="Insuline.")
    from django.test import Client

    def page(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.get("/forum/search/", {"q": "pompe insulines"}).content.decode()

    assert "Pompes à insuline" in page(nurse.user)
    assert "Pompes à insuline" not in page(doctor.user)
