"""``manage.py import_annuaire``: a file in the exact PS_LibreAcces_Personne_activite format."""

import io

import pytest
from django.core.management import CommandError, call_command

from directory.management.commands.import_annuaire import REGISTER_NOTE
from directory.models import Profile
from portal.members.factories import MembershipFactory, make_rpps
from portal.members.models import Membership

pytestmark = pytest.mark.django_db

# The header of the real extract, column for column.
HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
    "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|"
    "Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|"
    "Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|"
    "Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|"
    "Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|"
    "Enseigne commerciale site|Complément destinataire (coord. structure)|"
    "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
    "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
    "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
    "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
    "Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|"
    "Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|"
    "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|"
    "Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|"
    "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
    "Code section tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|"
    "Code genre activité|Libellé genre activité|"
)
COLUMNS = HEADER.rstrip("|").split("|")


def line(number, *, kind="8", mode="L", street_number="", street_type="", street="", postcode="",
         commune="", phone="", name="", last="DUPONT", first="MARIE", profession="60"):  # fmt: skip
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "Type d'identifiant PP": kind,
            "Identifiant PP": number,
            "Identification nationale PP": kind + number,
            "Nom d'exercice": last,
            "Prénom d'exercice": first,
            "Code profession": profession,
            "Code mode exercice": mode,
            "Libellé mode exercice": {"L": "Libéral", "S": "Salarié"}.get(mode, ""),
            "Raison sociale site": name,
            "Numéro Voie (coord. structure)": street_number,
            "Libellé type de voie (coord. structure)": street_type,
            "Libellé Voie (coord. structure)": street,
            "Code postal (coord. structure)": postcode,
            "Libellé commune (coord. structure)": commune,
            "Code pays (coord. structure)": "99000" if commune else "",
            "Libellé pays (coord. structure)": "France" if commune else "",
            "Téléphone (coord. structure)": phone,
        }
    )
    return "|".join(values[column] for column in COLUMNS) + "|"


@pytest.fixture
def members():
    active = MembershipFactory(rpps=make_rpps(seed=41), approved=True, user__last_name="Dupont")
    own_address = MembershipFactory(rpps=make_rpps(seed=42), approved=True)
    gone = MembershipFactory(
        rpps=make_rpps(seed=43), approved=True, user__first_name="Jules", user__last_name="Absent"
    )
    adeli = MembershipFactory(rpps=None, adeli="349876543", approved=True)
    site = own_address.user.profile.sites.first()
    site.address, site.postcode, site.commune = "8 rue de l'Adhérent", "34800", "Canet"
    site.save()
    return {"active": active, "own_address": own_address, "gone": gone, "adeli": adeli}


def write(tmp_path, lines, encoding="utf-8"):
    path = tmp_path / "PS_LibreAcces_Personne_activite_202611250000.txt"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return str(path)


def run(path, *args):
    out = io.StringIO()
    call_command("import_annuaire", path, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def register_file(tmp_path, members):
    active, own, adeli = members["active"], members["own_address"], members["adeli"]
    return write(
        tmp_path,
        [
            # A salaried activity first, then the liberal practice: the liberal one wins.
            line(
                active.rpps,
                mode="S",
                street="DE L HOPITAL",
                street_type="Avenue",
                postcode="34700",
                commune="LODEVE",
                name="CENTRE HOSPITALIER",
            ),  # fmt: skip
            line(
                active.rpps,
                street_number="12",
                street_type="Rue",
                street="DU DOCTEUR ROUX",
                postcode="34800",
                commune="CLERMONT L HERAULT",
                phone="0467960011",
                name="CABINET INFIRMIER DU PEYROU",
            ),  # fmt: skip
            line(
                own.rpps,
                street_number="1",
                street_type="Place",
                street="DE LA MAIRIE",
                postcode="34800",
                commune="CLERMONT L HERAULT",
            ),  # fmt: skip
            line(
                adeli.adeli,
                kind="0",
                street_number="5",
                street="GRAND RUE",
                postcode="34150",
                commune="GIGNAC",
            ),  # fmt: skip
            # Professionals who are not members.
            line(make_rpps(seed=44), street="AILLEURS", postcode="75001", commune="PARIS"),
            line(make_rpps(seed=45), commune=""),
        ],
    )


def test_prefills_the_official_address_and_lists_numbers_no_longer_active(tmp_path, members):
    output = run(register_file(tmp_path, members))
    site = Profile.objects.get(user=members["active"].user).sites.order_by("position", "pk").first()
    assert site.address == "12 rue du Docteur Roux"
    assert (site.postcode, site.commune) == ("34800", "Clermont-l'Hérault")
    assert site.latitude is not None
    assert site.opening_notes.startswith(REGISTER_NOTE)
    adeli_site = members["adeli"].user.profile.sites.first()
    assert (adeli_site.address, adeli_site.commune) == ("5 Grand Rue", "Gignac")
    # An address the member typed is theirs: it is kept.
    own = members["own_address"].user.profile.sites.first()
    assert own.address == "8 rue de l'Adhérent"
    assert "6 ligne(s) lue(s) ; 3 adhérent(s) retrouvé(s)" in output
    assert (
        "2 adresse(s) d'exercice pré-remplie(s) ; 1 adresse(s) saisie(s) par l'adhérent conservée(s)"
        in output
    )
    gone = members["gone"]
    assert f"Jules Absent <{gone.user.email}> (RPPS {gone.rpps})" in output
    assert "plus en activité" in output
    for kept in ("active", "own_address", "adeli"):
        assert members[kept].user.email not in output


def test_running_twice_updates_the_register_site_in_place(tmp_path, members):
    path = register_file(tmp_path, members)
    run(path)
    profile = Profile.objects.get(user=members["active"].user)
    sites_before = profile.sites.count()
    run(path)
    assert profile.sites.count() == sites_before
    assert profile.sites.order_by("position", "pk").first().opening_notes.count(REGISTER_NOTE) == 1


def test_dry_run_changes_nothing(tmp_path, members):
    output = run(register_file(tmp_path, members), "--dry-run")
    assert "Simulation (--dry-run)" in output
    site = Profile.objects.get(user=members["active"].user).sites.first()
    assert site.address != "12 rue du Docteur Roux"
    assert not site.opening_notes


def test_refuses_a_file_that_is_not_the_extract(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("email;nom\na@b.fr;X\n", encoding="utf-8")
    with pytest.raises(CommandError, match="PS_LibreAcces"):
        run(str(path))


def test_streams_without_reading_the_whole_file(tmp_path, members, monkeypatch):
    """The file object is iterated line by line: ``read()``/``readlines()`` are never called."""
    path = register_file(tmp_path, members)
    import builtins

    real_open = builtins.open

    class Guard:
        def __init__(self, handle):
            self.handle = handle

        def read(self, *args):
            raise AssertionError("the whole file was read")

        readlines = read

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __iter__(self):
            return iter(self.handle)

    def guarded_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return Guard(handle) if str(file) == path else handle

    monkeypatch.setattr(builtins, "open", guarded_open)
    assert "3 adhérent(s) retrouvé(s)" in run(path)


def test_no_member_is_reported_gone_when_all_are_present(tmp_path):
    membership = MembershipFactory(rpps=make_rpps(seed=46), approved=True)
    numbers = Membership.objects.approved().values_list("rpps", "adeli")
    lines = [
        line(rpps, commune="LODEVE", postcode="34700", street="X")
        if rpps
        else line(adeli, kind="0")
        for rpps, adeli in numbers
    ]
    output = run(write(tmp_path, lines))
    assert "n'apparaît plus" not in output
    assert membership.user.profile.sites.first().commune == "Lodève"
