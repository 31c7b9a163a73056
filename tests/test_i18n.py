"""French is the default language; English comes from the committed, compiled catalogue."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

FRENCH_NAV = ["Annuaire", "Ressources", "Protocoles", "Se connecter", "Adhérer"]
ENGLISH_NAV = ["Directory", "Resources", "Protocols", "Log in", "Join"]


def _assert_english(html):
    assert '<html lang="en">' in html
    for label in ENGLISH_NAV:
        assert label in html, label
    assert ">Annuaire<" not in html
    assert ">Se connecter<" not in html


@pytest.mark.parametrize("path", ["/", "/compte/login/"])
def test_french_is_the_default(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    for label in FRENCH_NAV:
        assert label in html, label
    assert ">Directory<" not in html


@pytest.mark.parametrize("path", ["/", "/compte/login/"])
def test_language_switch_renders_english(client, db, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get(path)
    assert response.status_code == 200
    _assert_english(response.content.decode())


def test_language_cookie_renders_english_and_switches_back(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    _assert_english(html)
    # The switch button offers French back.
    assert 'name="language" value="fr"' in html

    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="fr">' in html
    assert "Annuaire" in html


def _po_entries(path):
    """(msgid, msgid_plural or None, fuzzy) for each entry of a .po file (minimal parser)."""
    entries, current, field, fuzzy = [], None, None, False

    def close():
        if current is not None and current["msgid"]:
            entries.append((current["msgid"], current.get("msgid_plural"), current["fuzzy"]))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if m:
            if m.group(1) == "msgid":
                close()
                current = {"fuzzy": fuzzy}
                fuzzy = False
            field = m.group(1)
            current[field] = json.loads(m.group(2))
        elif line.startswith('"') and current is not None and field:
            current[field] += json.loads(line)
    close()
    return entries


def test_french_catalogue_maps_every_string_to_itself():
    """French is the source language; its compiled catalogue exists so that French lookups
    stop at the project's catalogue (first of 26) instead of missing in every one."""
    from django.utils import translation
    from django.utils.translation import trans_real

    french = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
    english_ids = {msgid for msgid, _plural, _fuzzy in _po_entries(LOCALE_DIR / "django.po")}
    french_ids = {msgid for msgid, _plural, _fuzzy in _po_entries(french / "django.po")}
    assert french_ids == english_ids, sorted(french_ids ^ english_ids)[:5]
    with (french / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for key, value in catalog.items():
        if isinstance(key, tuple):  # (msgid, plural index): the singular is the msgid itself
            assert key[1] != 0 or value == key[0], key
        elif key:  # "" is the header
            assert value == key, key
    with translation.override("fr"):
        first = trans_real.translation("fr")._catalog._catalogs[0]
        assert "Visites à domicile" in first
        assert translation.ngettext("%(n)s protocole", "%(n)s protocoles", 0) == "%(n)s protocole"


def test_catalogue_is_complete_and_compiled():
    """Every msgid of the committed .po is reviewed (not fuzzy) and present in the committed .mo."""
    po = LOCALE_DIR / "django.po"
    mo = LOCALE_DIR / "django.mo"
    assert po.exists() and mo.exists()
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    entries = _po_entries(po)
    assert len(entries) > 900
    fuzzy = [msgid for msgid, _plural, is_fuzzy in entries if is_fuzzy]
    assert not fuzzy, fuzzy[:5]
    missing = []
    for msgid, plural, _fuzzy in entries:
        keys = [(msgid, 0), (msgid, 1)] if plural else [msgid]
        if not all(catalog.get(key) for key in keys):
            missing.append(msgid)
    assert not missing, f"untranslated or not compiled: {missing[:5]}"
