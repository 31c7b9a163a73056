"""``import_annuaire``: the register's edge cases (56-column extract) and its FHIR Bundle form."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from directory.register import french_case
from portal.members.factories import MembershipFactory, make_rpps

from .test_import_annuaire import COLUMNS, HEADER

pytestmark = pytest.mark.django_db


def extract_line(number, **columns):
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "Type d'identifiant PP": "8",
            "Identifiant PP": number,
            "Identification nationale PP": "8" + number,
            "Code mode exercice": "L",
            "Libellé mode exercice": "Libéral",
        }
    )
    values.update(columns)
    return "|".join(values[column] for column in COLUMNS) + "|"


def run(path):
    out = io.StringIO()
    call_command("import_annuaire", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def first_site(membership):
    return membership.user.profile.sites.order_by("position", "pk").first()


def test_the_header_is_the_real_56_columns():
    assert len(COLUMNS) == 56 and len(set(COLUMNS)) == 56
    assert COLUMNS[34] == "Bureau cedex (coord. structure)"
    assert COLUMNS[36] == "Code commune (coord. structure)"


@pytest.fixture
def four():
    return [MembershipFactory(rpps=make_rpps(seed=60 + i), approved=True) for i in range(4)]


def test_edge_cases_of_the_extract(tmp_path, four):
    cedex, insee, complements, bis = four
    lines = [
        # The commune only in the "Bureau cedex" column: not skipped.
        extract_line(
            cedex.rpps,
            **{
                "Numéro Voie (coord. structure)": "3",
                "Libellé type de voie (coord. structure)": "Place",
                "Libellé Voie (coord. structure)": "DE LA REPUBLIQUE",
                "Bureau cedex (coord. structure)": "34700 LODEVE CEDEX",
            },
        ),
        # The INSEE code names the commune, whatever the label says.
        extract_line(
            insee.rpps,
            **{
                "Libellé Voie (coord. structure)": "GRAND RUE",
                "Code postal (coord. structure)": "34725",
                "Code commune (coord. structure)": "34239",
                "Libellé commune (coord. structure)": "ST ANDRE DE SANGONIS",
            },
        ),
        # Address complements are kept; "B" is "bis"; French casing of the street.
        extract_line(
            complements.rpps,
            **{
                "Complément destinataire (coord. structure)": "CABINET DES PINS",
                "Complément point géographique (coord. structure)": "RESIDENCE LES PINS BAT B",
                "Numéro Voie (coord. structure)": "11",
                "Indice répétition voie (coord. structure)": "B",
                "Code type de voie (coord. structure)": "AV",
                "Libellé type de voie (coord. structure)": "Avenue",
                "Libellé Voie (coord. structure)": "DU LANGUEDOC",
                "Mention distribution (coord. structure)": "BP 12",
                "Code postal (coord. structure)": "34150",
                "Libellé commune (coord. structure)": "GIGNAC",
            },
        ),
        extract_line(
            bis.rpps,
            **{
                "Numéro Voie (coord. structure)": "4",
                "Indice répétition voie (coord. structure)": "T",
                "Libellé type de voie (coord. structure)": "Rue",
                "Libellé Voie (coord. structure)": "DE L HOPITAL",
                "Code postal (coord. structure)": "34700",
                "Libellé commune (coord. structure)": "LODEVE",
            },
        ),
    ]
    path = tmp_path / "PS_LibreAcces_Personne_activite_202612010000.txt"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    output = run(path)
    assert "4 adhérent(s) retrouvé(s)" in output and "4 adresse(s) d'exercice" in output

    site = first_site(cedex)
    assert (site.address, site.postcode, site.commune) == (
        "3 place de la Republique",
        "34700",
        "Lodève",
    )
    site = first_site(insee)
    assert (site.postcode, site.commune) == ("34725", "Saint-André-de-Sangonis")
    site = first_site(complements)
    assert site.address == "11 bis avenue du Languedoc, Residence les Pins Bat B, BP 12"
    assert (site.commune, site.name) == ("Gignac", "Cabinet des Pins")
    assert first_site(bis).address == "4 ter rue de l'Hopital"


@pytest.mark.parametrize(
    ("raw", "street", "expected"),
    [
        ("AVENUE DU LANGUEDOC", False, "Avenue du Languedoc"),
        ("DU LANGUEDOC", True, "du Languedoc"),
        ("SAINT-ANDRE-DE-SANGONIS", False, "Saint-Andre-de-Sangonis"),
        ("CLERMONT L HERAULT", False, "Clermont l'Herault"),
        ("D'ALSACE", True, "d'Alsace"),
        ("", False, ""),
    ],
)
def test_french_case(raw, street, expected):
    assert french_case(raw, street=street) == expected


def _bundle(practitioner_identifier, role_code="L", with_role=True):
    practitioner = {
        "resourceType": "Practitioner",
        "id": "003-PP",
        "identifier": [practitioner_identifier],
        "name": [{"family": "DUPONT"}],
    }
    organization = {
        "resourceType": "Organization",
        "id": "org-1",
        "name": "Cabinet infirmier du Peyrou",
        "address": [
            {
                "extension": [
                    {
                        "url": "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code",
                        "valueCoding": {
                            "system": "https://mos.esante.gouv.fr/NOS/TRE_R13-Commune/FHIR/TRE-R13-Commune",
                            "code": "34142",
                        },
                    }
                ],
                "line": ["12 rue du Docteur Roux"],
                "postalCode": "34700",
                "city": "LODEVE",
            }
        ],
        "telecom": [{"system": "phone", "value": "0467960011"}],
    }
    role = {
        "resourceType": "PractitionerRole",
        "id": "role-1",
        "practitioner": {"reference": "Practitioner/003-PP"},
        "organization": {"reference": "Organization/org-1"},
        "code": [
            {
                "coding": [
                    {
                        "system": "https://mos.esante.gouv.fr/NOS/TRE_R23-ModeExercice/FHIR/TRE-R23-ModeExercice",
                        "code": role_code,
                    }
                ]
            }
        ],
    }
    resources = [practitioner, organization] + ([role] if with_role else [])
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": resource} for resource in resources],
    }


def test_reads_a_fhir_bundle_of_the_national_directory(tmp_path):
    member = MembershipFactory(rpps=make_rpps(seed=70), approved=True)
    adeli = MembershipFactory(rpps=None, adeli="349876512", approved=True)
    path = tmp_path / "annuaire.json"
    bundle = _bundle({"system": "urn:oid:1.2.250.1.71.4.2.1", "value": "8" + member.rpps})
    path.write_text(json.dumps(bundle), encoding="utf-8")
    output = run(path)
    assert "1 adresse(s) d'exercice pré-remplie(s)" in output
    site = first_site(member)
    assert (site.address, site.postcode, site.commune) == (
        "12 rue du Docteur Roux",
        "34700",
        "Lodève",
    )
    assert str(site.phone) == "+33467960011"
    assert adeli.user.email in output  # not in the file: listed as no longer found

    # RPPS identifier system alone, and an ADELI holder by IDNPS "0" + ADELI.
    bundle = _bundle({"system": "https://rpps.esante.gouv.fr", "value": member.rpps})
    bundle["entry"] += _bundle(
        {"system": "urn:oid:1.2.250.1.71.4.2.1", "value": "0" + adeli.adeli}, with_role=False
    )["entry"][:1]
    bundle["entry"][-1]["resource"]["id"] = "adeli-PP"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    output = run(path)
    assert "2 adhérent(s) retrouvé(s)" in output
    assert member.user.email not in output and adeli.user.email not in output


def test_refuses_a_json_file_that_is_not_a_bundle(tmp_path):
    path = tmp_path / "autre.json"
    path.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    with pytest.raises(CommandError, match="FHIR"):
        run(path)
    path.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON illisible"):
        run(path)
