"""What the scale data is made of: communes, specialties, sentences, and small helpers."""

from contextlib import contextmanager

from django.apps import apps

from demo.members import DEMO_COMMUNES
from portal.members.models import Commune
from portal.members.services_territory import setup_territory
from portal.members.territory import place
from portal.members.validators import luhn_check_digit

SCALE_DOMAIN = "scale.maillage.test"
FORUM_SLUG_PREFIX = "charge-"
BATCH = 5000

# Communes of Hérault and the rest of Occitanie: name, postcode, latitude, longitude.
# Those missing from the Commune table (outside the shipped Hérault file) are added
# with a synthetic INSEE code ("Z" + number) so that distances work on the scale data.
REGION_COMMUNES = [
    ("Montpellier", "34000", 43.6108, 3.8767),
    ("Béziers", "34500", 43.3442, 3.2158),
    ("Sète", "34200", 43.4028, 3.6928),
    ("Agde", "34300", 43.3108, 3.4758),
    ("Lunel", "34400", 43.6747, 4.1358),
    ("Frontignan", "34110", 43.4483, 3.7558),
    ("Castelnau-le-Lez", "34170", 43.6336, 3.9019),
    ("Lattes", "34970", 43.5672, 3.9094),
    ("Mauguio", "34130", 43.6161, 4.0083),
    ("Pézenas", "34120", 43.4589, 3.4228),
    ("Bédarieux", "34600", 43.6158, 3.1572),
    ("Ganges", "34190", 43.9342, 3.7081),
    ("Saint-Gély-du-Fesc", "34980", 43.6925, 3.8058),
    ("Juvignac", "34990", 43.6136, 3.8097),
    ("Mèze", "34140", 43.4253, 3.6053),
    ("Marseillan", "34340", 43.3561, 3.5283),
    ("Sérignan", "34410", 43.2817, 3.2775),
    ("Saint-Pons-de-Thomières", "34220", 43.4894, 2.7653),
    ("Capestang", "34310", 43.3275, 3.0447),
    ("Florensac", "34510", 43.3836, 3.4661),
    ("Pignan", "34570", 43.5836, 3.7631),
    ("Grabels", "34790", 43.6481, 3.7992),
    ("Palavas-les-Flots", "34250", 43.5283, 3.9297),
    ("Nîmes", "30000", 43.8367, 4.3601),
    ("Alès", "30100", 44.1250, 4.0817),
    ("Narbonne", "11100", 43.1839, 3.0042),
    ("Carcassonne", "11000", 43.2130, 2.3491),
    ("Perpignan", "66000", 42.6986, 2.8956),
    ("Toulouse", "31000", 43.6045, 1.4440),
    ("Albi", "81000", 43.9289, 2.1464),
    ("Castres", "81100", 43.6060, 2.2410),
    ("Rodez", "12000", 44.3506, 2.5750),
    ("Millau", "12100", 44.0981, 3.0778),
    ("Mende", "48000", 44.5181, 3.5006),
    ("Montauban", "82000", 44.0176, 1.3550),
    ("Cahors", "46000", 44.4475, 1.4419),
    ("Auch", "32000", 43.6465, 0.5855),
    ("Tarbes", "65000", 43.2328, 0.0781),
    ("Foix", "09000", 42.9653, 1.6069),
    ("Limoux", "11300", 43.0547, 2.2186),
]


def scale_communes():
    """(name, postcode, lat, lng) of the demo territory and the region, all as Commune rows."""
    setup_territory()
    for n, (name, postcode, lat, lng) in enumerate(REGION_COMMUNES):
        if place(name) is None:
            Commune.objects.update_or_create(
                insee=f"Z{n:04d}",
                defaults={
                    "name": name,
                    "department": postcode[:2],
                    "postcodes": postcode,
                    "latitude": lat,
                    "longitude": lng,
                    "in_territory": True,
                },
            )
    communes = []
    for name in [*DEMO_COMMUNES, *(row[0] for row in REGION_COMMUNES)]:
        known = place(name)
        if known is not None and known.lat is not None:
            communes.append((known.name, known.postcode, known.lat, known.lng))
    return communes


SPECIALTIES = [
    "plaies et cicatrisation",
    "diabète",
    "soins palliatifs",
    "pédiatrie",
    "gériatrie",
    "éducation thérapeutique",
    "douleur chronique",
    "nutrition",
    "addictologie",
    "périnatalité",
    "rééducation respiratoire",
    "orthopédie",
    "troubles du langage",
    "santé mentale",
    "sport",
]
SITE_KINDS = ["", "Cabinet", "Maison de santé", "Pôle de santé"]
STREETS = [
    "rue de la République",
    "avenue de Lodève",
    "place du Marché",
    "chemin des Oliviers",
    "boulevard Gambetta",
    "rue des Écoles",
    "allée des Platanes",
    "route de Montpellier",
]
TOPIC_SUBJECTS = [
    "Sortie d'hospitalisation : qui prend le relais ?",
    "Protocole INR en ville",
    "Astreinte du week-end",
    "Matériel de pansement introuvable",
    "Coordination avec le SSIAD",
    "Formation DPC à venir",
    "MSSanté : configuration du logiciel",
    "Remplaçant cherché en août",
    "Patient diabétique isolé",
    "Soins palliatifs à domicile",
    "Transport sanitaire de nuit",
    "Vaccination en pharmacie",
]
SENTENCES = [
    "Merci pour ce retour, c'est très utile pour l'organisation du secteur.",
    "Je peux prendre le relais **mardi et jeudi** si besoin.",
    "Le SSIAD a confirmé une place à partir de la semaine prochaine.",
    "Attention au suivi *INR* : contrôle à J+3 puis hebdomadaire.",
    "Quelqu'un a-t-il un contact à l'HAD pour le nord du territoire ?",
    "Le protocole validé par la commission est disponible dans la bibliothèque.",
    "Je transmets la fiche de liaison par messagerie sécurisée.",
    "Bonne idée, on en parle à la prochaine réunion de la commission.",
]


def model(label):
    """The model ``app_label.ModelName`` if that app has landed, else None."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def rpps_for(serial):
    body = f"18{serial:08d}"
    return body + luhn_check_digit(body)


@contextmanager
def explicit_dates(*model_classes):
    """Let bulk_create keep the dates we set on auto_now/auto_now_add fields."""
    saved = []
    for model_class in model_classes:
        for field in model_class._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def has_field(model_class, name):
    try:
        model_class._meta.get_field(name)
    except Exception:
        return False
    return True
