"""A small territory built with factories (not the demo): people, resources, protocols.

Each person: (first, last, profession slug, civility, commune, specialties, practice name).
"""

import datetime

from directory.factories import ProfileFactory, ResourceFactory
from directory.models import Resource, Visibility
from portal.members.factories import CommissionFactory, MembershipFactory, UserFactory
from portal.members.models import Profession

CLERMONT = "Clermont-l'Hérault"
LODEVE = "Lodève"
ST_ANDRE = "Saint-André-de-Sangonis"
CMG = ["médecine générale"]

PEOPLE = [
    ("Odile", "Vernhes", "infirmiers", "mme", "Gignac", ["plaies et cicatrisation", "diabète"],
     "Cabinet infirmier des Platanes"),
    ("Paul", "Roux", "infirmiers", "m", LODEVE, ["soins palliatifs"], "Cabinet infirmier du Lodévois"),
    ("Claire", "Fabre", "infirmiers", "mme", ST_ANDRE, ["diabète", "pansements"], "Cabinet de l'Église"),
    ("Marc", "Aubert", "kinesitherapeutes", "m", CLERMONT,
     ["rééducation périnéale", "kinésithérapie respiratoire"], "Cabinet du Salagou"),
    ("Sophie", "Martin", "kinesitherapeutes", "mme", LODEVE,
     ["pédiatrie", "kinésithérapie respiratoire"], "Maison de santé du Lodévois"),
    ("Jean", "Martinez", "medecins", "dr", LODEVE, [*CMG, "gériatrie"], "Maison de santé du Lodévois"),
    ("Hélène", "Durand", "medecins", "dr", CLERMONT, [*CMG, "pédiatrie"], "Cabinet des Tanneries"),
    ("Luc", "Bonnet", "medecins", "dr", "Gignac", ["médecine du sport"], "Cabinet du Pont"),
    ("Anne", "Lefèvre", "sages-femmes", "mme", CLERMONT,
     ["préparation à la naissance", "rééducation périnéale"], "Cabinet des Sages-femmes"),
    ("Nadia", "Benali", "orthophonistes", "mme", LODEVE, ["troubles du langage", "dyslexie"],
     "Cabinet de la Soulondres"),
    ("Pierre", "Garcia", "pharmaciens", "m", LODEVE, ["vaccination"], "Pharmacie du Centre"),
    ("Julie", "Moreau", "pharmaciens", "mme", "Paulhan", ["orthopédie", "maintien à domicile"],
     "Pharmacie de Paulhan"),
    ("Thomas", "Blanc", "psychologues", "m", CLERMONT, ["thérapie cognitive", "addictions"],
     "Cabinet de psychologie"),
    ("Emma", "Petit", "dieteticiens", "mme", "Aniane", ["diabète", "obésité"], "Cabinet Nutrition"),
    ("Louis", "Girard", "podologues", "m", "Gignac", ["pied diabétique", "semelles orthopédiques"],
     "Cabinet de podologie"),
    ("Camille", "Rousseau", "orthoptistes", "mme", LODEVE, ["rééducation visuelle"], "Cabinet Vision"),
    ("Marie", "Chevalier", "kinesitherapeutes", "mme", "Saint-Félix-de-Lodez",
     ["drainage lymphatique"], "Cabinet du Lac"),
    ("Antoine", "Mercier", "infirmiers", "m", "Le Pouget", ["chimiothérapie", "perfusions"],
     "Cabinet infirmier du Pouget"),
    ("Sarah", "Lambert", "chirurgiens-dentistes", "mme", CLERMONT, ["orthodontie"],
     "Cabinet dentaire"),
    ("Nicolas", "Fontaine", "psychomotriciens", "m", LODEVE,
     ["troubles du développement", "pédiatrie"], "Cabinet Éveil"),
    ("Isabelle", "Roussel", "ergotherapeutes", "mme", "Gignac", ["aménagement du logement"],
     "Cabinet Ergo"),
    ("Vincent", "Faure", "medecins", "dr", ST_ANDRE, [*CMG, "soins palliatifs"],
     "Cabinet médical de la Place"),
    ("Léa", "Garnier", "infirmiers", "mme", CLERMONT, ["soins palliatifs", "stomathérapie"],
     "Cabinet infirmier du Marché"),
    ("Hugo", "Chauvin", "kinesitherapeutes", "m", "Gignac", ["kinésithérapie du sport"],
     "Cabinet Sport Santé"),
    ("Martine", "Dupuis", "sages-femmes", "mme", LODEVE, ["suivi de grossesse", "allaitement"],
     "Cabinet de la Lergue"),
    ("Robert", "Saint-Pierre", "medecins", "dr", "Paulhan", CMG, "Cabinet médical de Paulhan"),
    ("Chloé", "Morel", "orthophonistes", "mme", CLERMONT, ["déglutition"], "Cabinet du Mûrier"),
    ("Yves", "Marchand", "infirmiers", "m", "Aniane", ["soins à domicile"], "Cabinet d'Aniane"),
]  # fmt: skip

# A value nobody but the owner and the bureau may see, and one for members only.
HIDDEN_MOBILE = "+33677889900"
MEMBERS_ADDRESS = "12 chemin des Micocouliers"

RESOURCES = [
    ("CCAS de Lodève", "ccas", LODEVE, LODEVE, "Aide sociale, accompagnement des personnes âgées."),
    ("CCAS de Clermont-l'Hérault", "ccas", CLERMONT, CLERMONT, "Aide sociale et logement."),
    ("SSIAD du Lodévois", "ssiad", LODEVE, "Lodève, Le Bosc, Soubès",
     "Soins d'hygiène et de nursing à domicile sur prescription."),
    ("HAD Cœur d'Hérault", "had", CLERMONT, "Clermont-l'Hérault, Gignac, Lodève",
     "Soins palliatifs, chimiothérapie, pansements complexes au domicile."),
    ("Pharmacie de garde du secteur", "pharmacie_garde", "Gignac", "Gignac, Aniane",
     "Le week-end et les jours fériés, composer le 3237."),
    ("Portage de repas du Clermontais", "portage_repas", CLERMONT, "Clermont-l'Hérault, Canet",
     "Livraison de repas à domicile."),
    ("EHPAD Les Oliviers", "service_social", "Gignac", "Gignac",
     "Établissement d'hébergement pour personnes âgées dépendantes."),
    ("France Alzheimer Hérault", "association_patients", CLERMONT, CLERMONT,
     "Soutien aux aidants et aux familles."),
]  # fmt: skip
UNPUBLISHED_RESOURCE = "CCAS de Gignac (brouillon)"

PROTOCOLS = [
    ("Prévention des chutes de la personne âgée à domicile", "suivi-domicile", ["chute", "gériatrie"],
     "Repérer le risque de chute et adapter le domicile."),
    ("Surveillance du traitement anticoagulant et de l'INR", "surveillance-inr",
     ["anticoagulants", "AVK"], "Conduite des contrôles biologiques."),
    ("Plaie chronique", "conduite-a-tenir", ["pansements"], "Évaluer et traiter une plaie."),
    ("Suivi du patient diabétique à domicile", "suivi-domicile", ["insuline"],
     "Glycémies capillaires et surveillance des pieds."),
    ("Coordination ville-hôpital en soins palliatifs", "autre", ["fin de vie"],
     "Qui appeler, quand, comment."),
    ("Bronchiolite du nourrisson", "conduite-a-tenir", ["pédiatrie", "kinésithérapie"],
     "Kinésithérapie respiratoire et signes d'alerte."),
]  # fmt: skip
UNPUBLISHED_PROTOCOL = "Protocole en cours de rédaction sur les chutes"


def build():
    """Create the corpus; returns ``{"people": {last name: profile}, ...}``."""
    people = {}
    for first, last, slug, civility, commune, tags, practice in PEOPLE:
        membership = MembershipFactory(
            approved=True,
            user=UserFactory(first_name=first, last_name=last),
            profession=Profession.objects.get(slug=slug),
            commune=commune,
        )
        profile = ProfileFactory(
            user=membership.user,
            civility=civility,
            specialties=tags,
            mobile="",
            email="",
        )
        site = profile.sites.get()
        site.name = practice
        site.save()
        people[last] = profile
    hidden = people["Marchand"]
    hidden.mobile = HIDDEN_MOBILE
    hidden.mobile_visibility = Visibility.HIDDEN
    hidden.save()
    site = people["Roux"].sites.get()
    site.address = MEMBERS_ADDRESS
    site.address_visibility = Visibility.MEMBERS
    site.save()

    resources = {}
    for name, category, commune, covered, description in RESOURCES:
        resources[name] = ResourceFactory(
            name=name,
            category=category,
            commune=commune,
            communes_covered=covered,
            description=description,
            address="",
            latitude=None,
            longitude=None,
        )
    from portal.members.territory import coordinates

    for resource in resources.values():
        resource.latitude, resource.longitude = coordinates(resource.commune)
        resource.save()
    ResourceFactory(name=UNPUBLISHED_RESOURCE, category=Resource.Category.CCAS,
                    commune="Gignac", is_published=False)  # fmt: skip

    protocols = build_protocols()
    return {"people": people, "resources": resources, "protocols": protocols}


def build_protocols():
    """Protocols with a version in force (published) and one without (a draft)."""
    from documents.models import Protocol, ProtocolVersion

    commission = CommissionFactory()
    protocols = {}
    for title, category, tags, summary in [*PROTOCOLS, (UNPUBLISHED_PROTOCOL, "autre", [], "")]:
        protocol = Protocol.objects.create(
            title=title,
            slug=f"p-{len(protocols)}",
            summary=summary or title,
            category=category,
            commission=commission,
            review_date=datetime.date(2030, 1, 1),
            is_public=True,
        )
        protocol.tags.set(tags)
        protocols[title] = protocol
        if title != UNPUBLISHED_PROTOCOL:
            version = ProtocolVersion.objects.create(protocol=protocol, number="1.0")
            Protocol.objects.filter(pk=protocol.pk).update(current_version=version)
    return protocols
