"""The territory as data: import of the official commune list, search, choice, distances."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from directory.geo import communes_near, coordinates, haversine_km
from portal.members import services_territory, territory
from portal.members.factories import CommuneFactory, UserFactory
from portal.members.fields import CommuneField, resolve_commune
from portal.members.models import Commune, Territory
from portal.members.normalize import commune_key
from tests.refusals import assert_sent_to_admin_home

pytestmark = pytest.mark.django_db

HEADER = (
    "code_commune_INSEE,nom_commune_postal,code_postal,libelle_acheminement,ligne_5,latitude,"
    "longitude,code_commune,article,nom_commune,nom_commune_complet,code_departement,"
    "nom_departement,code_region,nom_region\n"
)
ROWS = (
    "98001,VILLE TEST,98100,VILLE TEST,,43.5,3.5,001,,Ville-Test,Ville-Test,98,Testland,99,Région\n"
    "98001,VILLE TEST,98101,VILLE TEST,,43.5,3.5,001,,Ville-Test,Ville-Test,98,Testland,99,Région\n"
    "98002,ST PAUL TEST,98200,ST PAUL TEST,,43.6,3.6,002,,Saint-Paul-Test,Saint-Paul-Test,98,Testland,99,Région\n"
    "97001,AUTRE,97100,AUTRE,,16.2,-61.5,001,,Autre,Autre,971,Guadeloupe,01,Guadeloupe\n"
)


def write(tmp_path, text, name="communes.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_communes", path, *args, stdout=out, stderr=err)
    return out.getvalue()


# --- import -----------------------------------------------------------------


def test_import_creates_then_updates_by_insee_code(tmp_path):
    path = write(tmp_path, HEADER + ROWS)
    assert "3 commune(s) créée(s), 0 mise(s) à jour" in run_import(path)
    ville = Commune.objects.get(insee="98001")
    assert ville.name == "Ville-Test" and ville.postcodes == "98100 98101"
    assert ville.department == "98" and ville.latitude == 43.5 and ville.in_territory
    assert Commune.objects.get(insee="97001").department == "971"
    # Run twice: nothing new, nothing changed.
    assert "0 commune(s) créée(s), 0 mise(s) à jour" in run_import(path)
    moved = ROWS.replace("43.6,3.6", "43.61,3.61")
    assert "0 commune(s) créée(s), 1 mise(s) à jour" in run_import(write(tmp_path, HEADER + moved))
    assert Commune.objects.get(insee="98002").latitude == 43.61


def test_import_keeps_only_the_departments_asked_for(tmp_path):
    run_import(write(tmp_path, HEADER + ROWS), "--departement", "971")
    assert list(
        Commune.objects.filter(insee__in=["98001", "98002", "97001"]).values_list(
            "insee", flat=True
        )
    ) == ["97001"]


def test_import_reads_la_poste_file(tmp_path):
    text = (
        "Code_commune_INSEE;Nom_commune;Code_postal;Libellé_acheminement;Ligne_5;coordonnees_gps\n"
        "98003;LA POSTE TEST;98300;LA POSTE TEST;;43.7, 3.7\n"
    )
    run_import(write(tmp_path, text))
    commune = Commune.objects.get(insee="98003")
    assert (commune.name, commune.postcodes, commune.latitude) == ("La Poste Test", "98300", 43.7)


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("nom;prenom\nDupont;Jean\n", "utf-8", "pas une liste officielle des communes"),
        (HEADER + ROWS.replace("Région", "Région"), "latin-1", "pas encodé en utf-8"),
        (HEADER + ROWS + "ABCDE,X,1,X,,1,1,1,,X,X,98,T,99,R\n", "utf-8", "code INSEE invalide"),
        (
            HEADER + ROWS + "98009,X,98900,X,,nord,3,9,,X,X,98,T,99,R\n",
            "utf-8",
            "coordonnée illisible",
        ),
        ("\x00\x01binary\x00", "utf-8", "pas une liste officielle"),
    ],
)
def test_a_wrong_file_is_refused_in_french_and_changes_nothing(
    tmp_path, content, encoding, message
):
    CommuneFactory(insee="98001", name="Avant", latitude=1.0, longitude=1.0)
    before = list(Commune.objects.order_by("insee").values_list("insee", "name", "latitude"))
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, content, encoding=encoding))
    assert message in str(error.value) and "Aucune commune n'a été modifiée" in str(error.value)
    assert (
        list(Commune.objects.order_by("insee").values_list("insee", "name", "latitude")) == before
    )


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        run_import(str(tmp_path / "absent.csv"))


def test_the_shipped_herault_file_loads_and_setup_is_idempotent():
    Commune.objects.all().delete()
    out = io.StringIO()
    assert services_territory.setup_territory(stdout=out) > 340
    assert "communes de l'Hérault importées" in out.getvalue()
    assert services_territory.setup_territory(stdout=out) == 0
    assert Commune.objects.filter(department="34").count() == Commune.objects.count()
    assert Commune.objects.filter(latitude__isnull=True).count() == 0
    assert Commune.objects.territory().count() == Commune.objects.count()
    ceyras = Commune.objects.get(insee="34076")
    assert ceyras.name == "Ceyras" and ceyras.postcode == "34800"


# --- normalisation and search ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Saint-André-de-Sangonis", "st andre de sangonis"),
        ("  CLERMONT-l’Hérault ", "clermont l herault"),
        ("Sainte-Croix-de-Quintillargues", "ste croix de quintillargues"),
        ("Cœur", "coeur"),
        ("", ""),
    ],
)
def test_commune_key(text, key):
    assert commune_key(text) == key


@given(st.text(max_size=40))
def test_commune_key_is_idempotent_and_plain(text):
    key = commune_key(text)
    assert commune_key(key) == key
    assert key == key.strip() and "  " not in key
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in key)
    assert key == key.lower()


@given(st.sampled_from(["Saint-Jean-de-Fos", "Clermont-l'Hérault", "Nébian"]), st.booleans())
def test_case_accents_and_hyphens_do_not_matter(name, upper):
    typed = name.replace("-", " ").replace("é", "e").replace("Saint", "St")
    typed = typed.upper() if upper else typed.lower()
    assert commune_key(typed) == commune_key(name)


@pytest.fixture
def herault(territory_34):
    return territory_34


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("clermont", "Clermont-l'Hérault"),
        ("st andre", "Saint-André-de-Sangonis"),
        ("ST-ANDRÉ", "Saint-André-de-Buèges"),
        ("34800", "Ceyras"),
        ("ceyras", "Ceyras"),
        ("montarnaud", "Montarnaud"),
        ("caylar", "Le Caylar"),
    ],
)
def test_search_finds_communes(herault, query, expected):
    assert expected in list(
        Commune.objects.territory().search(query).values_list("name", flat=True)
    )


def test_search_puts_names_starting_with_the_text_first(herault):
    names = list(Commune.objects.search("gignac").values_list("name", flat=True))
    assert names[0] == "Gignac"
    assert not Commune.objects.search("").exists()


# --- the form field ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("clermont", "Clermont-l'Hérault"),
        ("CLERMONT L HERAULT", "Clermont-l'Hérault"),
        ("st andre de sangonis", "Saint-André-de-Sangonis"),
        ("Ceyras", "Ceyras"),
        ("montarnaud", "Montarnaud"),
        ("34570", "Montarnaud"),  # a postcode of several communes is refused (below)
        ("le caylar", "Le Caylar"),
    ],
)
def test_field_returns_the_official_name(herault, typed, name):
    if typed == "34570":
        with pytest.raises(Exception, match="communes ont le code postal 34570"):
            CommuneField().clean(typed)
        return
    assert CommuneField().clean(typed) == name


def test_field_refuses_a_postcode_of_several_communes_with_suggestions(herault):
    with pytest.raises(Exception) as error:
        CommuneField().clean("34800")
    message = error.value.messages[0]
    assert "communes ont le code postal 34800" in message and "Ceyras" in message


def test_field_refuses_an_unknown_commune_with_suggestions(herault):
    with pytest.raises(Exception) as error:
        CommuneField().clean("Clermon-Herault")
    message = error.value.messages[0]
    assert message.startswith("« Clermon-Herault » n'est pas une commune du territoire")
    assert "Clermont-l'Hérault" in message
    with pytest.raises(Exception, match="vérifiez l'orthographe"):
        CommuneField().clean("Zzzzzz")
    with pytest.raises(Exception, match="plusieurs|Vouliez-vous dire"):
        resolve_commune("st andre")  # two Saint-André in Hérault: both suggested


def test_field_is_optional_when_asked():
    assert CommuneField(required=False).clean("") == ""


# --- distances ----------------------------------------------------------------


def test_distances_work_for_communes_outside_the_old_list(herault):
    ceyras, clermont = coordinates("Ceyras"), coordinates("clermont-l'herault")
    assert 3 < haversine_km(*ceyras, *clermont) < 6
    near = communes_near("Ceyras", 6)
    assert near[0] == "Ceyras" and "Clermont-l'Hérault" in near and "Lodève" not in near
    assert "Montarnaud" in communes_near("Montarnaud", 1)
    assert communes_near("Ailleurs", 10) == ["Ailleurs"]


def test_a_write_in_another_process_is_seen(herault):
    coordinates("Ceyras")  # this process now holds a copy
    # Another process writes (no signal here): only the version in the database changes.
    Commune.objects.filter(insee="34076").update(latitude=44.0)
    assert coordinates("Ceyras")[0] != 44.0  # same version: the copy is still used
    Territory.objects.filter(pk=1).update(version="from-another-process")
    assert coordinates("Ceyras")[0] == 44.0


def test_queries_per_request_for_the_territory(herault, client, django_assert_max_num_queries):
    client.get(reverse("directory:communes"), {"q": "gign"})
    with django_assert_max_num_queries(1):
        response = client.get(reverse("directory:communes"), {"q": "gign"})
    assert response.json()["results"][0]["name"] == "Gignac"


# --- the bureau's choice ---------------------------------------------------------


def test_territory_by_department(herault):
    CommuneFactory(insee="30189", name="Nîmes", department="30", latitude=43.84, longitude=4.36)
    services_territory.set_territory(Territory.Mode.DEPARTMENTS, departments=["30"])
    assert list(Commune.objects.territory().values_list("name", flat=True)) == ["Nîmes"]
    assert territory.commune_names() == ["Nîmes"]
    with pytest.raises(Exception, match="Aucune commune importée"):
        services_territory.set_territory(Territory.Mode.DEPARTMENTS, departments=["99"])
    assert territory.commune_names() == ["Nîmes"]  # a refused choice changes nothing


def test_territory_by_list_and_by_radius(herault):
    chosen = list(Commune.objects.filter(name__in=["Ceyras", "Gignac"]))
    services_territory.set_territory(Territory.Mode.LIST, communes=chosen)
    assert territory.commune_names() == ["Ceyras", "Gignac"]
    with pytest.raises(Exception, match="n'est pas une commune du territoire"):
        CommuneField().clean("Lodève")
    centre = Commune.objects.get(name="Clermont-l'Hérault")
    services_territory.set_territory(Territory.Mode.RADIUS, centre=centre, radius_km=6)
    names = territory.commune_names()
    assert "Ceyras" in names and "Clermont-l'Hérault" in names and "Gignac" not in names
    services_territory.set_territory(Territory.Mode.ALL)
    assert Commune.objects.territory().count() == Commune.objects.count()


def test_an_import_follows_the_chosen_departments(herault, tmp_path):
    services_territory.set_territory(Territory.Mode.DEPARTMENTS, departments=["34"])
    run_import(write(tmp_path, HEADER + ROWS))
    assert not Commune.objects.get(insee="98001").in_territory


# --- the autocomplete endpoint ------------------------------------------------------


def test_autocomplete_endpoint(herault, client):
    url = reverse("directory:communes")
    results = client.get(url, {"q": "st andre"}).json()["results"]
    assert {
        "name": "Saint-André-de-Sangonis",
        "postcode": "34725",
        "insee": "34239",
        "label": "Saint-André-de-Sangonis (34725)",
    } in results
    assert client.get(url).json() == {"results": []}
    assert len(client.get(url, {"q": "34800"}).json()["results"]) == 10
    services_territory.set_territory(
        Territory.Mode.LIST, communes=list(Commune.objects.filter(name="Gignac"))
    )
    assert client.get(url, {"q": "clermont"}).json() == {"results": []}


# --- the admin screen -------------------------------------------------------------


def bureau_with_territory_right():
    user = UserFactory(is_demo_account=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="members", codename="change_commune"),
    )
    return user


def test_territory_screen_access(herault, client, login):
    url = reverse("members_territory:territory")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    other = UserFactory(is_demo_account=True)
    other.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert_sent_to_admin_home(login(other).get(url))
    response = login(bureau_with_territory_right()).get(url)
    assert response.status_code == 200
    assert "Territoire" in response.content.decode()


def test_territory_screen_saves_a_radius_and_keeps_a_wrong_form(herault, client, login):
    url = reverse("members_territory:territory")
    browser = login(bureau_with_territory_right())
    response = browser.post(url, {"mode": "radius", "centre": "clermont", "radius_km": "6"})
    assert response.status_code == 302
    assert Territory.objects.get(pk=1).centre.name == "Clermont-l'Hérault"
    assert "Ceyras" in territory.commune_names() and "Gignac" not in territory.commune_names()
    response = browser.post(url, {"mode": "list", "communes": "Ceyras\nClermon-Herault"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "n&#x27;est pas une commune importée" in html
    assert "Clermon-Herault" in html  # what was typed stays
    assert "Ceyras" in territory.commune_names() and "Gignac" not in territory.commune_names()


def test_set_territory_command(herault):
    out = io.StringIO()
    call_command("set_territory", "--centre", "Ceyras", "--rayon", "5", stdout=out)
    assert "Territoire enregistré" in out.getvalue()
    assert "Clermont-l'Hérault" in territory.commune_names()
    assert "Lodève" not in territory.commune_names()
    with pytest.raises(CommandError, match="n'est pas une commune importée"):
        call_command("set_territory", "--commune", "Atlantide", stdout=out)
    call_command("set_territory", "--tout", stdout=out)
    assert Commune.objects.territory().count() == Commune.objects.count()


# --- every commune field and every match ------------------------------------------------


def test_signup_takes_any_commune_and_keeps_an_unknown_one(herault, client):
    from portal.members.factories import ProfessionFactory, make_rpps

    nurse = ProfessionFactory(name="Infirmier test", plural="infirmiers", slug="inf-t", code="69")
    data = {
        "first_name": "Hélène",
        "last_name": "Vidal",
        "email": "helene.territoire@exemple.test",
        "profession": nurse.pk,
        "registration_number": make_rpps(seed=4343),
        "commune": "Montarnot",
        "password1": "Sangonis-velo-34725!",
        "password2": "Sangonis-velo-34725!",
        "charter": "on",
    }
    response = client.post(reverse("account_signup"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Montarnot"' in html
    assert "n&#x27;est pas une commune du territoire" in html and "Montarnaud" in html
    data["commune"] = "montarnaud"
    assert client.post(reverse("account_signup"), data).status_code == 302
    assert UserFactory._meta.model.objects.get(email=data["email"]).membership.commune == (
        "Montarnaud"
    )


def test_mutual_aid_reaches_colleagues_near_a_commune_outside_the_old_list(herault):
    from community.factories import MutualAidRequestFactory
    from community.services import mutual_aid_candidates
    from portal.members.factories import MembershipFactory, ProfessionFactory

    nurse = ProfessionFactory(name="Infirmier dist", plural="infirmiers", slug="inf-d", code="68")
    author = MembershipFactory(approved=True, profession=nurse, commune="Ceyras").user
    clermont = MembershipFactory(approved=True, profession=nurse, commune="Clermont-l'Hérault").user
    montarnaud = MembershipFactory(approved=True, profession=nurse, commune="Montarnaud").user
    far = MembershipFactory(approved=True, profession=nurse, commune="Saint-Pons-de-Thomières")
    aid = MutualAidRequestFactory(author=author, profession_needed=nurse, commune="Ceyras")
    candidates = set(mutual_aid_candidates(aid))
    assert clermont in candidates and montarnaud in candidates  # about 4 km and 19 km
    assert far.user not in candidates and author not in candidates


def test_a_practice_site_is_placed_at_its_commune(herault):
    from directory.factories import PracticeSiteFactory
    from directory.services import place_on_map

    site = PracticeSiteFactory.build(commune="Ceyras", latitude=None, longitude=None, postcode="")
    place_on_map(site)
    assert (site.latitude, site.postcode) == (coordinates("Ceyras")[0], "34800")


def test_a_locum_offer_lists_communes_by_their_official_names(herault):
    from community.forms.locum import LocumOfferForm
    from portal.members.factories import ProfessionFactory

    nurse = ProfessionFactory(name="Infirmier offre", plural="infirmiers", slug="inf-o", code="67")
    data = {"profession": nurse.pk, "start": "2099-01-01", "end": "2099-01-31", "radius_km": 20}
    form = LocumOfferForm({**data, "communes": "gignac; st jean de fos, Ceyras"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["communes"] == "Gignac, Saint-Jean-de-Fos, Ceyras"
    form = LocumOfferForm({**data, "communes": "Gignac, Atlantide"})
    assert not form.is_valid()
    assert "« Atlantide » n'est pas une commune du territoire" in form.errors["communes"][0]
