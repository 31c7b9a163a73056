"""The bureau's CSV export of the directory (Wagtail admin view)."""

import csv
import io

import pytest

from directory.factories import PracticeSiteFactory, ProfileFactory
from directory.models import Profile
from tests.refusals import assert_sent_to_admin_login

from .conftest import HIDDEN_MSSANTE, HIDDEN_WEBSITE, MEMBERS_ADDRESS, MEMBERS_MOBILE_FR

pytestmark = pytest.mark.django_db

URL = "/admin/annuaire/export.csv"


def read(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_member_without_the_right_is_refused(client, member, entry):
    client.force_login(member)
    response = client.get(URL)
    assert_sent_to_admin_login(response, URL)
    assert not getattr(response, "streaming", False)


def test_bureau_gets_every_member_with_every_value(client, bureau_user, entry):
    client.force_login(bureau_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read(response)
    header, data = rows[0], rows[1:]
    assert header[:8] == [
        "Nom",
        "Prénom",
        "Civilité",
        "Profession",
        "Code profession",
        "RPPS",
        "ADELI",
        "Commune",
    ]
    assert len(data) == Profile.objects.listed().count()
    row = dict(zip(header, next(r for r in data if r[0] == "Vernhes"), strict=True))
    # The bureau sees hidden and members-only values too.
    assert row["MSSanté"] == HIDDEN_MSSANTE
    assert row["Site web"] == HIDDEN_WEBSITE
    assert row["Mobile"] == MEMBERS_MOBILE_FR
    assert MEMBERS_ADDRESS in row["Lieux d'exercice"]
    assert "04 67 11 22 99" in row["Lieux d'exercice"]
    assert row["RPPS"] == entry.user.membership.rpps
    assert row["Visites à domicile"] == "oui"
    assert row["E-mail du compte"] == "odile@exemple.test"


def test_formula_like_values_are_neutralised(client, bureau_user):
    profile = ProfileFactory()
    profile.sites.all().delete()
    PracticeSiteFactory(profile=profile, name='=HYPERLINK("http://x")', commune="Gignac")
    client.force_login(bureau_user)
    rows = read(client.get(URL))
    assert any("'=HYPERLINK" in cell for row in rows for cell in row)
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_fixed_number_of_queries(client, bureau_user, django_assert_max_num_queries):
    client.force_login(bureau_user)
    with django_assert_max_num_queries(30) as small:
        read(client.get(URL))
    for _ in range(20):
        PracticeSiteFactory(profile=ProfileFactory(specialties=["diabète"]))
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        rows = read(client.get(URL))
    assert len(rows) == Profile.objects.listed().count() + 1
    print(f"CSV export: {len(small.captured_queries)} then {len(large.captured_queries)} queries")
