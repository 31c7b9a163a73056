"""vCard 4.0 (RFC 6350): read back by two independent parsers (vobject, and Mozilla's ical.js
under Node), lines of at most 75 octets, a UID stable across downloads, REV, PRODID, MSSanté
marked, nothing hidden."""

import json
import os
import re
import shutil
import subprocess  # noqa: S404
from pathlib import Path

import pytest
import vobject
from django.test import Client

from directory.factories import PracticeSiteFactory, ProfileFactory
from directory.models import Profile, Visibility
from directory.vcard import PRODID

from .conftest import HIDDEN_MSSANTE

pytestmark = pytest.mark.django_db

ICALJS = Path(__file__).resolve().parents[2] / "var" / "icaljs" / "node_modules" / "ical.js"
LONG_NAME = "Maison de santé pluriprofessionnelle du Lodévois et du Larzac méridional"


@pytest.fixture
def nurse():
    profile = ProfileFactory(
        civility="mme",
        languages="fr,oc,lsf",
        mobile="+33611223344",
        mobile_visibility=Visibility.PUBLIC,
        email="cabinet@exemple.test",
        email_visibility=Visibility.PUBLIC,
        mssante="eleonore.chateau@infirmier.mssante.fr",
        mssante_visibility=Visibility.PUBLIC,
        website="https://cabinet.exemple.test/",
        website_visibility=Visibility.PUBLIC,
        specialties=["plaies et cicatrisation", "soins palliatifs", "diabète"],
    )
    profile.sites.all().delete()
    PracticeSiteFactory(
        profile=profile,
        name=LONG_NAME,
        address="11 bis avenue du Languedoc, bâtiment B, résidence Les Écureuils",
        commune="Saint-André-de-Sangonis",
        postcode="34725",
    )
    return profile


def download(client, profile):
    response = client.get(f"/annuaire/{profile.pk}/vcard/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    return response.content


def test_lines_are_crlf_and_at_most_75_octets(client, nurse):
    raw = download(client, nurse)
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long values must have been folded"
    raw.decode("utf-8")  # folding never cuts a UTF-8 character in two
    assert lines[:2] == [b"BEGIN:VCARD", b"VERSION:4.0"]


def test_vobject_reads_it_back(client, nurse):
    card = vobject.readOne(download(client, nurse).decode())
    assert card.version.value == "4.0"
    assert card.prodid.value == PRODID
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", card.uid.value)
    assert re.fullmatch(r"\d{8}T\d{6}Z", card.rev.value)
    assert card.kind.value == "individual"
    assert card.n.value.family == nurse.user.last_name and card.n.value.prefix == "Mme"
    assert card.adr.value.extended == LONG_NAME
    assert card.adr.value.street.startswith("11 bis avenue du Languedoc, bâtiment B")
    emails = {e.value: e.params for e in card.contents["email"]}
    assert emails["eleonore.chateau@infirmier.mssante.fr"] == {
        "TYPE": ["work", "x-mssante"],
        "PREF": ["1"],
    }
    assert emails["cabinet@exemple.test"] == {"TYPE": ["work"]}
    assert {t.value for t in card.contents["tel"]} == {"tel:+33611223344", "tel:+33467960000"}
    assert [lang.value for lang in card.contents["lang"]] == ["fr", "oc", "fsl"]
    assert card.note.value == "diabète, plaies et cicatrisation, soins palliatifs"


def _icaljs(text):
    if not (shutil.which("node") and ICALJS.exists()):
        if os.environ.get("REQUIRE_ICALJS"):
            pytest.fail("ical.js is required (REQUIRE_ICALJS) but not installed")
        pytest.skip("node or ical.js missing (npm install --prefix var/icaljs ical.js)")
    script = (
        f"import ICAL from {json.dumps((ICALJS / 'dist' / 'ical.js').as_uri())};"
        "import {readFileSync} from 'node:fs';"
        "const card = new ICAL.Component(ICAL.parse(readFileSync(0, 'utf8')));"
        "console.log(JSON.stringify(card.toJSON()));"
    )
    result = subprocess.run(  # noqa: S603
        ["node", "--input-type=module", "-e", script],  # noqa: S607
        input=text,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    name, properties, _components = json.loads(result.stdout)
    assert name == "vcard"
    return properties


def test_icaljs_reads_it_back(client, nurse):
    """An independent parser (Mozilla's ical.js, RFC 6350) agrees with what we meant."""
    properties = _icaljs(download(client, nurse).decode())
    by_name = {}
    for name, params, kind, *values in properties:
        by_name.setdefault(name, []).append((params, kind, values))
    assert by_name["version"] == [({}, "text", ["4.0"])]
    assert by_name["fn"][0][2] == [nurse.display_name]
    assert by_name["uid"][0][2][0].startswith("urn:uuid:")
    assert by_name["rev"][0][1] == "timestamp"
    assert by_name["adr"][0][2][0][1] == LONG_NAME
    mssante = next(p for p in by_name["email"] if "mssante" in p[2][0])
    assert mssante[0]["type"] == ["work", "x-mssante"] and mssante[0]["pref"] == "1"
    assert {values[0] for _params, _kind, values in by_name["tel"]} == {
        "tel:+33611223344",
        "tel:+33467960000",
    }


def test_uid_is_stable_and_rev_follows_changes(client, nurse, django_assert_max_num_queries):
    first = vobject.readOne(download(client, nurse).decode())
    with django_assert_max_num_queries(12):
        second = vobject.readOne(download(Client(), nurse).decode())
    assert first.uid.value == second.uid.value
    other = vobject.readOne(download(client, ProfileFactory()).decode())
    assert other.uid.value != first.uid.value
    Profile.objects.filter(pk=nurse.pk).update(updated_at="2026-01-02T03:04:05Z")
    changed = vobject.readOne(download(client, nurse).decode())
    assert changed.uid.value == first.uid.value and changed.rev.value == "20260102T030405Z"


def test_hidden_mssante_is_not_in_the_vcard(client, entry):
    text = download(client, entry).decode().replace("\r\n ", "")
    assert HIDDEN_MSSANTE not in text and "x-mssante" not in text
    card = vobject.readOne(text)
    assert all("x-mssante" not in e.params.get("TYPE", []) for e in card.contents["email"])
