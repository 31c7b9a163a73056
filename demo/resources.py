# ruff: noqa: E501 - demo data reads better with its sentences on one line
"""Demo territorial resources (HAD, SSIAD, CCAS, pharmacies, home services), matched by name."""

from directory.models import Resource
from portal.members.territory import commune as territory_commune
from portal.members.validators import luhn_check_digit


def finess(body8):
    return body8 + luhn_check_digit(body8)


def res(name, category, commune, *, finess_body="", covered="", address="", phone="", email="",
        website="", hours="", description=""):  # fmt: skip
    known = territory_commune(commune) or {}
    return {
        "name": name,
        "category": category,
        "finess": finess(finess_body) if finess_body else "",
        "communes_covered": covered,
        "address": address,
        "postcode": known.get("postcode", ""),
        "commune": commune,
        "latitude": known.get("lat"),
        "longitude": known.get("lng"),
        "phone": phone,
        "email": email,
        "website": website,
        "opening_hours": hours,
        "description": description,
        "is_published": True,
    }


C = Resource.Category
ALL_COMMUNES = (
    "Clermont-l'Hérault, Lodève, Gignac, Paulhan, Saint-André-de-Sangonis, Le Caylar, Aniane, Canet, "
    "Montarnaud, Saint-Jean-de-Fos, Le Pouget, Nébian, Lunas-les-Châteaux, Montpeyroux, Saint-Guilhem-le-Désert"
)


def resources():
    """The demo resources; built when loaded (positions come from the territory table)."""
    return [
        res(
            "HAD Cœur d'Hérault",
            C.HAD,
            "Clermont-l'Hérault",
            finess_body="34001953",
            covered=ALL_COMMUNES,
            address="Zone d'activités de la Salamane, 5 rue Jean Moulin",
            phone="+33467881010",
            email="admissions@had-coeurherault.exemple.fr",
            hours="Admissions du lundi au vendredi, 9 h – 17 h ; "
            "astreinte médicale et infirmière 24 h/24, 7 j/7.",
            description="Hospitalisation à domicile sur prescription médicale : soins palliatifs, pansements "
            "complexes, antibiothérapie intraveineuse, nutrition artificielle. Demande d'admission par le "
            "médecin traitant ou l'équipe hospitalière.",
        ),
        res(
            "SSIAD du Lodévois",
            C.SSIAD,
            "Lodève",
            finess_body="34078123",
            covered="Lodève, Le Caylar, Lunas-les-Châteaux, Saint-Jean-de-Fos",
            address="2 avenue Fumel",
            phone="+33467443120",
            email="ssiad.lodeve@exemple.fr",
            hours="Soins 7 j/7 de 7 h à 20 h ; secrétariat du lundi au vendredi.",
            description="Soins infirmiers et d'hygiène à domicile pour les personnes âgées de 60 ans et plus "
            "et les personnes en situation de handicap, sur prescription médicale.",
        ),
        res(
            "SSIAD du Clermontais",
            C.SSIAD,
            "Clermont-l'Hérault",
            finess_body="34078211",
            covered="Clermont-l'Hérault, Canet, Nébian, Paulhan, Le Pouget",
            address="8 rue Louis Blanc",
            phone="+33467961845",
            email="ssiad.clermontais@exemple.fr",
            hours="Soins 7 j/7 ; accueil téléphonique de 8 h 30 à 17 h.",
            description="Service de soins infirmiers à domicile : toilettes, prévention des escarres, "
            "coordination avec les infirmiers libéraux.",
        ),
        res(
            "Centre hospitalier de Clermont-l'Hérault",
            C.HOPITAL,
            "Clermont-l'Hérault",
            finess_body="34078004",
            covered=ALL_COMMUNES,
            address="Avenue du Ricazouls",
            phone="+33467884600",
            website="https://www.ch-clermont-herault.exemple.fr",
            hours="Urgences et standard 24 h/24.",
            description="Médecine, soins de suite et de réadaptation, EHPAD, consultations avancées.",
        ),
        res(
            "Équipe de sortie d'hospitalisation — CH de Clermont-l'Hérault",
            C.EQUIPE_SORTIE,
            "Clermont-l'Hérault",
            covered=ALL_COMMUNES,
            address="Avenue du Ricazouls",
            phone="+33467884655",
            email="sorties@ch-clermont.exemple.fr",
            hours="Du lundi au vendredi, 9 h – 17 h.",
            description="Assistante sociale et infirmière de coordination : préparation du retour à domicile, "
            "liaison avec le médecin traitant, les infirmiers libéraux, l'HAD et le SSIAD.",
        ),
        res(
            "Centre hospitalier de Lodève",
            C.HOPITAL,
            "Lodève",
            finess_body="34078067",
            covered="Lodève, Le Caylar, Lunas-les-Châteaux, Saint-Jean-de-Fos, Montpeyroux",
            address="Boulevard Maréchal Joffre",
            phone="+33467884900",
            hours="Standard 24 h/24.",
            description="Médecine polyvalente, soins de suite, consultations externes, EHPAD.",
        ),
        res(
            "Équipe de sortie d'hospitalisation — CH de Lodève",
            C.EQUIPE_SORTIE,
            "Lodève",
            covered="Lodève, Le Caylar, Lunas-les-Châteaux",
            address="Boulevard Maréchal Joffre",
            phone="+33467884955",
            email="sorties@ch-lodeve.exemple.fr",
            hours="Du lundi au vendredi, 8 h 30 – 16 h 30.",
            description="Organise les sorties complexes : matériel médical, aides à domicile, "
            "transmission aux soignants libéraux.",
        ),
        res(
            "CCAS de Clermont-l'Hérault",
            C.CCAS,
            "Clermont-l'Hérault",
            covered="Clermont-l'Hérault",
            address="Place Jean Jaurès",
            phone="+33467884430",
            email="ccas@clermont-exemple.fr",
            hours="Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h.",
            description="Aide sociale légale et facultative, domiciliation, dossiers APA et aide ménagère.",
        ),
        res(
            "CCAS de Lodève",
            C.CCAS,
            "Lodève",
            covered="Lodève",
            address="Hôtel de ville, 7 place Hôtel de Ville",
            phone="+33467886600",
            hours="Du lundi au vendredi, 9 h – 12 h.",
            description="Accompagnement social, téléassistance, aide aux démarches.",
        ),
        res(
            "CCAS de Gignac",
            C.CCAS,
            "Gignac",
            covered="Gignac",
            address="Place du Général Claparède",
            phone="+33467575000",
            hours="Lundi, mardi et jeudi, 9 h – 12 h.",
            description="Aide sociale, portage de repas communal, lien avec les services d'aide à domicile.",
        ),
        res(
            "Service social départemental — Agence de Clermont-l'Hérault",
            C.SERVICE_SOCIAL,
            "Clermont-l'Hérault",
            covered=ALL_COMMUNES,
            address="4 rue Maréchal Foch",
            phone="+33467885300",
            hours="Du lundi au vendredi, 8 h 30 – 17 h, sur rendez-vous.",
            description="Assistantes sociales de secteur, évaluation APA, protection des personnes vulnérables.",
        ),
        res(
            "Aide à domicile du Cœur d'Hérault",
            C.AIDE_DOMICILE,
            "Gignac",
            finess_body="34001602",
            covered="Gignac, Aniane, Saint-André-de-Sangonis, Montarnaud, Saint-Jean-de-Fos, Montpeyroux",
            address="12 avenue du Mas Salat",
            phone="+33467576210",
            email="contact@aide-coeurherault.exemple.fr",
            hours="Interventions 7 j/7 ; bureau du lundi au vendredi.",
            description="Aide à la toilette, aux repas et aux courses ; garde de nuit ; prise en charge APA.",
        ),
        res(
            "Portage de repas du Clermontais",
            C.PORTAGE_REPAS,
            "Clermont-l'Hérault",
            covered="Clermont-l'Hérault, Canet, Nébian, Paulhan, Le Pouget",
            address="Communauté de communes, 20 avenue Raymond Lacombe",
            phone="+33467888300",
            hours="Livraison du lundi au samedi ; commande 48 h à l'avance.",
            description="Repas livrés à domicile, régimes sans sel et diabétique possibles.",
        ),
        res(
            "Pharmacie de garde — service de permanence",
            C.PHARMACIE_GARDE,
            "Clermont-l'Hérault",
            covered=ALL_COMMUNES,
            website="https://www.3237.fr",
            hours="Nuits, dimanches et jours fériés : composer le 3237.",
            description="La pharmacie de garde la plus proche est indiquée par le serveur 3237 "
            "ou le commissariat la nuit.",
        ),
        res(
            "Pharmacie de garde du Lodévois",
            C.PHARMACIE_GARDE,
            "Lodève",
            covered="Lodève, Le Caylar, Lunas-les-Châteaux",
            address="Grand'Rue",
            phone="+33467440120",
            hours="Tour de garde affiché sur la vitrine ; 3237.",
            description="Tour de garde des pharmacies du Lodévois.",
        ),
        res(
            "France Alzheimer Hérault",
            C.ASSOCIATION_PATIENTS,
            "Clermont-l'Hérault",
            covered=ALL_COMMUNES,
            address="Maison des associations, 3 rue Fontaine des Bœufs",
            phone="+33467061580",
            email="contact@francealzheimer-herault.exemple.fr",
            hours="Permanence le jeudi, 14 h – 17 h.",
            description="Soutien aux aidants, groupes de parole, halte-relais et formation des aidants familiaux.",
        ),
        res(
            "Ligue contre le cancer — Comité de l'Hérault, antenne Cœur d'Hérault",
            C.ASSOCIATION_PATIENTS,
            "Gignac",
            covered=ALL_COMMUNES,
            phone="+33467611200",
            hours="Sur rendez-vous.",
            description="Soins de support, aide sociale et soutien psychologique des malades et de leurs proches.",
        ),
    ]


def load_resources():
    found = resources()
    for data in found:
        Resource.objects.update_or_create(name=data["name"], defaults=data)
    return len(found)
