"""``manage.py import_members``: validation report, all-or-nothing, idempotence, dry run."""

import io

import pytest
from django.core.management import CommandError, call_command

from directory.models import Profile
from portal.members.factories import MembershipFactory, ProfessionFactory, make_rpps
from portal.members.models import MEMBERS_GROUP, Membership, User

pytestmark = pytest.mark.django_db

RPPS_A = make_rpps(seed=1)
RPPS_B = make_rpps(seed=2)
BAD_RPPS = RPPS_A[:-1] + str((int(RPPS_A[-1]) + 1) % 10)

HEADER = "email;prenom;nom;profession;rpps;adeli;commune;telephone;mobile;civilite;adresse;code_postal;mssante"
GOOD_ROWS = [
    f"ines.roux@exemple.test;Inès;Roux;60;{RPPS_A};;Gignac;04 67 57 00 01;06 12 34 56 78;Mme;"
    "4 place du Jeu de Ballon;34150;ines.roux@infirmier.mssante.fr",
    f"paul.fabre@exemple.test;Paul;Fabre;medecins;{RPPS_B};;Lodève;;;Dr;;;",
    "lea.brun@exemple.test;Léa;Brun;96;;341234567;Clermont-l'Hérault;;;;;;",
]

EMAILS = ["ines.roux@exemple.test", "paul.fabre@exemple.test", "lea.brun@exemple.test"]


def imported():
    return User.objects.filter(email__in=EMAILS)


@pytest.fixture(autouse=True)
def professions():
    return {
        "60": ProfessionFactory(
            name="Infirmier", plural="infirmiers", slug="infirmiers", code="60"
        ),
        "10": ProfessionFactory(name="Médecin", plural="médecins", slug="medecins", code="10"),
        "96": ProfessionFactory(
            name="Psychomotricien",
            plural="psychomotriciens",
            slug="psychomotriciens",
            code="96",
            register="adeli",
        ),
    }


def write(tmp_path, rows, header=HEADER, name="membres.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", path, *args, stdout=out, stderr=err)
    return out.getvalue()


def test_imports_approved_members_with_their_entries(tmp_path):
    output = run(write(tmp_path, GOOD_ROWS))
    assert "3 adhérent(s) créé(s), 0 mis à jour, 0 refusée(s)" in output
    ines = Membership.objects.get(rpps=RPPS_A)
    assert ines.status == Membership.Status.APPROVED
    assert ines.user.groups.filter(name=MEMBERS_GROUP).exists()
    assert ines.user.get_full_name() == "Inès Roux"
    assert not ines.user.has_usable_password()
    profile = Profile.objects.get(user=ines.user)
    assert profile.civility == "mme"
    assert str(profile.mobile) == "+33612345678"
    assert profile.mssante == "ines.roux@infirmier.mssante.fr"
    site = profile.sites.get()
    assert (site.address, site.postcode, site.commune, str(site.phone)) == (
        "4 place du Jeu de Ballon",
        "34150",
        "Gignac",
        "+33467570001",
    )
    assert Membership.objects.get(adeli="341234567").profession.code == "96"
    assert Profile.objects.listed().filter(user__email__in=EMAILS).count() == 3


def test_import_is_idempotent_and_updates_by_number(tmp_path):
    path = write(tmp_path, GOOD_ROWS)
    run(path)
    snapshot = (User.objects.count(), Membership.objects.count(), Profile.objects.count())
    assert imported().count() == 3
    output = run(path)
    assert "0 adhérent(s) créé(s), 3 mis à jour" in output
    assert (User.objects.count(), Membership.objects.count(), Profile.objects.count()) == snapshot
    assert Profile.objects.get(user__membership__rpps=RPPS_A).sites.count() == 1
    # A new commune and a corrected name update the same member.
    changed = GOOD_ROWS[1].replace("Lodève", "Le Caylar").replace("Fabre", "Fabre-Marty")
    output = run(write(tmp_path, [changed], name="maj.csv"))
    assert "0 adhérent(s) créé(s), 1 mis à jour" in output
    membership = Membership.objects.get(rpps=RPPS_B)
    assert membership.commune == "Le Caylar"
    assert membership.user.last_name == "Fabre-Marty"
    assert membership.user.profile.sites.get().commune == "Le Caylar"
    assert User.objects.count() == snapshot[0]


def test_existing_member_keeps_values_the_file_leaves_empty(tmp_path):
    existing = MembershipFactory(rpps=RPPS_B, approved=True, user__email="paul.fabre@exemple.test")
    profile = Profile.objects.get(user=existing.user)
    profile.mobile = "+33699887766"
    profile.save()
    run(write(tmp_path, [GOOD_ROWS[1]]))
    profile.refresh_from_db()
    assert str(profile.mobile) == "+33699887766"
    assert Membership.objects.get(rpps=RPPS_B).profession.code == "10"


def test_rejected_rows_are_reported_and_nothing_is_imported(tmp_path):
    rows = [
        *GOOD_ROWS,
        f"pas-une-adresse;Jean;Martin;60;{make_rpps(seed=3)};;Gignac;;;;;;",
        f"jean.vidal@exemple.test;Jean;Vidal;60;{BAD_RPPS};;Gignac;;;;;;",
        f"marc.blanc@exemple.test;Marc;Blanc;60;{make_rpps(seed=4)};;Gignac;12;;;;;",
        f"luc.rey@exemple.test;Luc;Rey;chirurgien;{make_rpps(seed=5)};;Gignac;;;;;;",
        f"doublon@exemple.test;Ana;Doublon;60;{RPPS_A};;Gignac;;;;;;",
        "sans.numero@exemple.test;Eva;Sans;60;;;Gignac;;;;;;",
        "adeli.seul@exemple.test;Noé;Seul;60;;341234568;Gignac;;;;;;",
        f"mss@exemple.test;Max;Mss;60;{make_rpps(seed=6)};;Gignac;;;;;;max@gmail.com",
    ]
    with pytest.raises(CommandError, match="8 ligne\\(s\\) refusée\\(s\\), rien n'a été importé"):
        out = io.StringIO()
        call_command("import_members", write(tmp_path, rows), stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    assert "Ligne 5 refusée : adresse e-mail invalide (pas-une-adresse)." in report
    assert f"Ligne 6 refusée : numéro RPPS {BAD_RPPS} : Ce numéro RPPS n'est pas valide" in report
    assert "Ligne 7 refusée : numéro de téléphone invalide (12)." in report
    assert "Ligne 8 refusée : profession inconnue (chirurgien)" in report
    assert f"Ligne 9 refusée : RPPS {RPPS_A} déjà présent à la ligne 2 du fichier." in report
    assert "Ligne 10 refusée : il faut un numéro RPPS ou ADELI." in report
    assert (
        "Ligne 11 refusée : le numéro RPPS est obligatoire pour la profession Infirmier." in report
    )
    assert "Ligne 12 refusée : adresse MSSanté invalide (max@gmail.com)" in report
    assert "Ligne 2 " not in report
    assert not imported().exists()
    assert not Membership.objects.filter(rpps__in=[RPPS_A, RPPS_B]).exists()


def test_skip_invalid_imports_the_valid_rows(tmp_path):
    rows = [*GOOD_ROWS, f"jean.vidal@exemple.test;Jean;Vidal;60;{BAD_RPPS};;Gignac;;;;;;"]
    output = run(write(tmp_path, rows), "--skip-invalid")
    assert "Ligne 5 refusée" in output
    assert "3 adhérent(s) créé(s), 0 mis à jour, 1 refusée(s)" in output
    assert imported().count() == 3
    assert not User.objects.filter(email="jean.vidal@exemple.test").exists()


def test_number_belonging_to_another_account_is_refused(tmp_path):
    MembershipFactory(rpps=RPPS_A, user__email="autre@exemple.test", approved=True)
    with pytest.raises(CommandError):
        out = io.StringIO()
        call_command(
            "import_members", write(tmp_path, GOOD_ROWS[:1]), stdout=out, stderr=io.StringIO()
        )
    assert f"le numéro {RPPS_A} appartient déjà au compte autre@exemple.test" in out.getvalue()


def test_dry_run_leaves_nothing(tmp_path):
    output = run(write(tmp_path, GOOD_ROWS), "--dry-run")
    assert "3 adhérent(s) créé(s)" in output
    assert "Simulation (--dry-run) : rien n'a été enregistré." in output
    assert not imported().exists()
    assert not Membership.objects.filter(rpps__in=[RPPS_A, RPPS_B]).exists()
    assert not Profile.objects.filter(user__email__in=EMAILS).exists()


def test_comma_separated_windows_1252_file_with_french_headers(tmp_path):
    header = "E-mail,Prénom,Nom,Profession,RPPS,ADELI,Commune,Téléphone,Portable"
    row = f"zoe.garnier@exemple.test,Zoé,Garnier,Infirmier,{make_rpps(seed=9)},,Aniane,0467570002,"
    run(write(tmp_path, [row], header=header, encoding="cp1252"))
    user = User.objects.get(email="zoe.garnier@exemple.test")
    assert user.first_name == "Zoé"
    assert user.membership.commune == "Aniane"


def test_missing_columns_are_explained(tmp_path):
    with pytest.raises(CommandError, match="Colonnes manquantes : profession, rpps ou adeli"):
        run(write(tmp_path, [], header="email;prenom;nom;commune"))
