# ruff: noqa: E501 - demo data reads better with its sentences on one line
"""Demo directory: realistic entries for every approved demo member, and territorial resources.

Idempotent: an entry already filled in (one with a practice address) is left as it is,
and resources are matched by name.
"""

import random
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from directory.factories import LocumPeriodFactory, PracticeSiteFactory
from directory.models import Profile, Visibility
from portal.members.models import Membership
from portal.members.territory import commune as territory_commune
from portal.members.validators import luhn_check_digit

from .members import civility_for
from .resources import load_resources

STREETS = [
    "avenue de la République",
    "rue du Docteur Roux",
    "boulevard Gambetta",
    "place du Marché",
    "avenue de Lodève",
    "chemin des Oliviers",
    "rue du Portail",
    "avenue de la Gare",
    "rue des Écoles",
    "allée des Platanes",
    "rue de la Fontaine",
    "avenue du Languedoc",
]

# profession slug: (MSSanté domain, practice name patterns, specialties to pick from)
PROFESSION_DATA = {
    "medecins": (
        "medecin",
        ["Cabinet médical {street}", "Maison de santé pluriprofessionnelle de {commune}"],
        [
            "médecine générale",
            "pédiatrie",
            "gériatrie",
            "soins palliatifs",
            "diabète",
            "médecine du sport",
        ],
    ),
    "pharmaciens": (
        "pharmacien",
        ["Pharmacie de {commune}", "Pharmacie du Marché", "Pharmacie des Platanes"],
        ["orthopédie", "matériel médical", "vaccination", "préparation des doses à administrer"],
    ),
    "sages-femmes": (
        "sage-femme",
        ["Cabinet de sages-femmes de {commune}"],
        [
            "préparation à la naissance",
            "rééducation périnéale",
            "suivi gynécologique",
            "allaitement",
        ],
    ),
    "infirmiers": (
        "infirmier",
        ["Cabinet infirmier de {commune}", "Cabinet infirmier {street}"],
        [
            "plaies et cicatrisation",
            "diabète",
            "soins palliatifs",
            "pédiatrie",
            "chimiothérapie à domicile",
        ],
    ),
    "kinesitherapeutes": (
        "masseur-kinesitherapeute",
        ["Cabinet de kinésithérapie de {commune}", "Centre de rééducation des Tilleuls"],
        [
            "kinésithérapie respiratoire",
            "rééducation vestibulaire",
            "pédiatrie",
            "lymphœdème",
            "sport",
        ],
    ),
    "podologues": (
        "pedicure-podologue",
        ["Cabinet de podologie de {commune}"],
        ["pied diabétique", "semelles orthopédiques", "podologie du sport"],
    ),
    "orthophonistes": (
        "orthophoniste",
        ["Cabinet d'orthophonie de {commune}"],
        ["troubles des apprentissages", "bégaiement", "aphasie", "déglutition", "pédiatrie"],
    ),
    "psychomotriciens": (
        "psychomotricien",
        ["Cabinet de psychomotricité de {commune}"],
        ["troubles du neurodéveloppement", "gériatrie", "pédiatrie"],
    ),
}

FEMALE_FIRST_NAMES = {
    "Camille", "Julie", "Sophie", "Claire", "Marie", "Laura", "Hélène", "Émilie", "Sarah", "Pauline",
    "Aurélie", "Cécile", "Anaïs", "Élodie", "Céline", "Manon", "Isabelle", "Anne", "Lucie",
}  # fmt: skip
LANGUAGE_SETS = [
    "fr",
    "fr",
    "fr",
    "fr,en",
    "fr,en",
    "fr,es",
    "fr,oc",
    "fr,en,es",
    "fr,it",
    "fr,ar",
    "fr,de",
]
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.MEMBERS, Visibility.HIDDEN]


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def finess(body8):
    return body8 + luhn_check_digit(body8)


def landline(rng):
    return "+33467" + "".join(str(rng.randint(0, 9)) for _ in range(6))


def position(commune_name, rng):
    known = territory_commune(commune_name)
    if not known:
        return None, None, ""
    return (
        round(known["lat"] + rng.uniform(-0.004, 0.004), 6),
        round(known["lng"] + rng.uniform(-0.004, 0.004), 6),
        known["postcode"],
    )


def fill_profile(profile, rng, *, overrides=None):
    user = profile.user
    membership = user.membership
    slug = membership.profession.slug
    domain, practice_names, specialties = PROFESSION_DATA.get(slug, PROFESSION_DATA["infirmiers"])
    commune_name = membership.commune
    street = rng.choice(STREETS)
    first, last = ascii_slug(user.first_name), ascii_slug(user.last_name)

    # The civility follows the first name; the draw that used to pick it at random is kept
    # so that every other demo value stays what tests and screenshots know.
    if slug != "medecins":
        rng.choice(["mme", "m", "mme"])
    profile.civility = Profile.Civility.DR if slug == "medecins" else civility_for(user.first_name)
    profile.languages = rng.choice(LANGUAGE_SETS)
    profile.mobile = "+336" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    profile.mobile_visibility = rng.choice(
        [Visibility.MEMBERS, Visibility.MEMBERS, Visibility.HIDDEN]
    )
    profile.email = f"{first}.{last}@cabinet-exemple.fr"
    profile.email_visibility = rng.choice(VISIBILITIES)
    if rng.random() < 0.6:
        profile.mssante = f"{first}.{last}@{domain}.mssante.fr"
        profile.mssante_visibility = rng.choice(
            [Visibility.MEMBERS, Visibility.MEMBERS, Visibility.PUBLIC]
        )
    if rng.random() < 0.3:
        profile.website = f"https://www.{last}-{ascii_slug(commune_name)}.fr"
        profile.website_visibility = Visibility.PUBLIC
    profile.home_visits = (
        slug in ("infirmiers", "kinesitherapeutes", "orthophonistes") or rng.random() < 0.3
    )
    if slug == "pharmaciens":
        profile.home_visits = False
    profile.accepts_new_patients = rng.random() < 0.7
    age_days = rng.choice([20, 60, 150, 300, 420, 500, None])
    profile.confirmed_at = timezone.now() - timedelta(days=age_days) if age_days else None
    for name, value in (overrides or {}).items():
        setattr(profile, name, value)
    profile.save()
    profile.specialties.set(rng.sample(specialties, k=min(len(specialties), rng.randint(1, 3))))

    profile.sites.all().delete()
    lat, lng, postcode = position(commune_name, rng)
    PracticeSiteFactory(
        profile=profile,
        name=rng.choice(practice_names).format(commune=commune_name, street=street),
        address=f"{rng.randint(1, 40)} {street}",
        address_visibility=rng.choice([Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS]),
        postcode=postcode,
        commune=commune_name,
        latitude=lat,
        longitude=lng,
        phone=landline(rng),
        phone_visibility=rng.choice([Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS]),
        opening_notes=rng.choice(
            [
                "Sur rendez-vous, du lundi au vendredi.",
                "Permanence sans rendez-vous le samedi matin.",
                "Accès de plain-pied, parking à proximité.",
                "Soins à domicile 7 j/7, tournées matin et soir.",
                "",
            ]
        ),
        position=0,
    )
    return profile


LOCUM_MEMBERS = {
    "infirmiere@exemple.fr",
    "membre03@exemple.fr",
    "membre11@exemple.fr",
    "membre20@exemple.fr",
}

NAMED_OVERRIDES = {
    "infirmiere@exemple.fr": {
        "civility": "mme",
        "languages": "fr,en,oc",
        "home_visits": True,
        "accepts_new_patients": True,
        "mobile": "+33612457890",
        "mobile_visibility": Visibility.MEMBERS,
        "email": "isabelle.combes@cabinet-exemple.fr",
        "email_visibility": Visibility.PUBLIC,
        "mssante": "isabelle.combes@infirmier.mssante.fr",
        "mssante_visibility": Visibility.MEMBERS,
        "website": "",
    },
    "medecin@exemple.fr": {
        "civility": "dr",
        "languages": "fr,es",
        "mobile": "+33698765432",
        "mobile_visibility": Visibility.HIDDEN,
        "mssante": "marc.teissier@medecin.mssante.fr",
        "mssante_visibility": Visibility.MEMBERS,
        "email": "secretariat.teissier@cabinet-exemple.fr",
        "email_visibility": Visibility.PUBLIC,
    },
}
NAMED_SPECIALTIES = {
    "infirmiere@exemple.fr": ["plaies et cicatrisation", "diabète", "soins palliatifs"],
    "medecin@exemple.fr": ["médecine générale", "soins palliatifs", "gériatrie"],
}


def load_profiles(seed=2026):
    today = timezone.localdate()
    filled = 0
    users = (
        Membership.objects.approved()
        .filter(user__email__endswith="@exemple.fr")
        .select_related("user", "profession")
        .order_by("user__email")
    )
    for membership in users:
        user = membership.user
        profile, _created = Profile.objects.get_or_create(user=user)
        if profile.sites.exclude(address="").exists():
            continue  # already filled in (maybe edited by hand): leave it alone
        local_rng = random.Random(f"{seed}-{user.email}")
        overrides = dict(NAMED_OVERRIDES.get(user.email, {}))
        if user.email in LOCUM_MEMBERS:
            overrides["available_for_locum"] = True
        fill_profile(profile, local_rng, overrides=overrides)
        if user.email in NAMED_SPECIALTIES:
            profile.specialties.set(NAMED_SPECIALTIES[user.email])
        if user.email == "infirmiere@exemple.fr":
            profile.confirmed_at = timezone.now() - timedelta(days=40)
            profile.save(update_fields=["confirmed_at"])
        if user.email == "medecin@exemple.fr":
            site = profile.sites.get()
            site.name = "Maison de santé pluriprofessionnelle du Lodévois"
            site.save(update_fields=["name"])
        if user.email in LOCUM_MEMBERS:
            profile.locum_periods.all().delete()
            LocumPeriodFactory(
                profile=profile, start=today + timedelta(days=10), end=today + timedelta(days=24)
            )
            LocumPeriodFactory(
                profile=profile, start=today + timedelta(days=60), end=today + timedelta(days=75)
            )
        filled += 1
    return filled


@transaction.atomic
def load(stdout=None):
    filled = load_profiles()
    resources = load_resources()
    if stdout:
        stdout.write(f"  annuaire : {filled} fiches remplies, {resources} ressources territoriales")
