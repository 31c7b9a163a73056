"""Specialties are typed and shown separated by commas, never between raw quotes (issue 15)."""

import pytest
from django.urls import reverse

from portal.core.tags import tags_from_string

from .test_edit import form_data

pytestmark = pytest.mark.django_db


def test_comma_splitting_keeps_multi_word_names():
    assert tags_from_string("plaies et cicatrisation") == ["plaies et cicatrisation"]
    assert tags_from_string(' "soins palliatifs" , diabète,, ') == ["diabète", "soins palliatifs"]
    assert tags_from_string("") == []


def test_edit_form_shows_names_without_quotes_and_saves_them_back(login, entry):
    entry.specialties.set(["plaies et cicatrisation", "soins palliatifs", "diabète"])
    client = login(entry.user)
    page = client.get(reverse("directory:entry-edit")).content.decode()
    assert 'value="diabète, plaies et cicatrisation, soins palliatifs"' in page
    assert "&quot;" not in page.split('name="fiche-specialties"')[1].split(">")[0]

    data = form_data(entry, **{"fiche-specialties": "plaies et cicatrisation"})
    assert client.post(reverse("directory:entry-edit"), data).status_code == 302
    assert entry.tag_names == ["plaies et cicatrisation"]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_directory_card_and_entry_show_specialties_plainly(client, login, entry, member, who):
    if who == "member":
        client = login(member)
    for url in (reverse("directory:search"), reverse("directory:entry", args=[entry.pk])):
        html = client.get(url).content.decode()
        assert "plaies et cicatrisation" in html
        assert "&quot;plaies" not in html and '"plaies' not in html
