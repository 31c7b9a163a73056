"""Item 8: a new entry shows nothing publicly until its member confirms it, nothing is
pre-ticked, the form says who sees "Masqué", and the bureau's export keeps that promise."""

import pytest
from django.contrib.auth.models import Permission

from directory import services
from directory.export import COLUMNS, export_rows
from directory.models import Profile, Visibility
from portal.members.factories import MembershipFactory, UserFactory
from portal.members.models import AssociationSettings
from portal.members.viewer import Viewer

from .conftest import HIDDEN_MSSANTE, HIDDEN_WEBSITE, PUBLIC_EMAIL

NEW_EMAIL = "nouvelle.cabinet@exemple.test"


@pytest.fixture
def newcomer(db):
    """Approved today, the bureau's default being "Public"; she has typed her e-mail."""
    settings = AssociationSettings.load()
    settings.default_contact_visibility = Visibility.PUBLIC
    settings.save()
    user = UserFactory(first_name="Nadia", last_name="Nouvelle", email="nadia@exemple.test")
    MembershipFactory(approved=True, user=user, commune="Gignac")
    Profile.objects.filter(user=user).update(email=NEW_EMAIL)
    return Profile.objects.get(user=user)


def test_new_entry_is_members_only_until_confirmed(client, login, newcomer, member):
    assert newcomer.email_visibility == Visibility.PUBLIC  # the bureau's default is kept...
    assert newcomer.confirmed_at is None
    assert newcomer.accepts_new_patients is None  # ...and nothing is answered for her
    urls = [
        f"/annuaire/{newcomer.pk}/",
        f"/annuaire/{newcomer.pk}/vcard/",
        "/annuaire/?q=Nouvelle",
        f"/api/v1/professionals/{newcomer.pk}",
    ]
    for url in urls:  # ...but a visitor sees none of it before she confirms
        response = client.get(url)
        assert response.status_code == 200, url
        assert NEW_EMAIL not in response.content.decode(), url
    page = client.get(f"/annuaire/{newcomer.pk}/").content.decode()
    assert "nouveaux patients" not in page  # unknown: neither "accepte" nor "n'accepte pas"
    assert NEW_EMAIL in login(member).get(f"/annuaire/{newcomer.pk}/").content.decode()

    services.confirm_entry(newcomer)
    client.logout()
    for url in urls:  # confirmed: her public choices apply everywhere
        assert NEW_EMAIL in client.get(url).content.decode(), url


def test_entry_form_states_the_promise_and_ticks_nothing(login, newcomer):
    page = login(newcomer.user).get("/annuaire/moi/").content.decode()
    assert "Masqué : vous, vos délégués et le bureau" in page
    assert "les personnes à qui vous déléguez votre fiche" in page
    assert "rien n'en est public" in page  # not confirmed yet
    # "Non renseigné" is the answer chosen, not "Oui"; home visits are not ticked either.
    assert 'id="id_fiche-accepts_new_patients_0" checked' in page
    assert 'id="id_fiche-accepts_new_patients_1" checked' not in page
    assert 'id="id_fiche-home_visits" checked' not in page


def _rows(user):
    rows = list(export_rows(Viewer(user)))
    assert rows[0] == COLUMNS
    return ["|".join(row) for row in rows[1:]]


def test_export_keeps_the_promise(entry, bureau_user, member):
    """Hidden values reach the bureau (the form says so) and no other exporter."""
    bureau_rows = [row for row in _rows(bureau_user) if row.startswith("Vernhes")]
    assert HIDDEN_MSSANTE in bureau_rows[0] and HIDDEN_WEBSITE in bureau_rows[0]

    # Someone allowed to export who is not of the bureau sees what members see.
    exporter = member
    exporter.user_permissions.add(
        Permission.objects.get(content_type__app_label="members", codename="change_membership")
    )
    rows = [row for row in _rows(exporter) if row.startswith("Vernhes")]
    assert PUBLIC_EMAIL in rows[0]
    assert HIDDEN_MSSANTE not in rows[0] and HIDDEN_WEBSITE not in rows[0]
