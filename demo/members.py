"""Demo accounts, professions, members and commissions (idempotent)."""

import functools
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from portal.members import services
from portal.members.factories import DEMO_PASSWORD, MembershipFactory, UserFactory, make_rpps
from portal.members.models import Membership, Profession, User
from portal.members.services_territory import setup_territory

# The demo association's communes (Cœur d'Hérault), all in the commune file shipped with the project.
DEMO_COMMUNES = [
    "Clermont-l'Hérault",
    "Lodève",
    "Gignac",
    "Paulhan",
    "Saint-André-de-Sangonis",
    "Le Caylar",
    "Aniane",
    "Canet",
    "Montarnaud",
    "Saint-Jean-de-Fos",
    "Le Pouget",
    "Nébian",
    "Ceyras",  # was Lunas: 30.6 km from Gignac with real positions, out of the demo scenario
    "Montpeyroux",
    "Saint-Guilhem-le-Désert",
]

FIRST_NAMES = [
    "Camille",
    "Julie",
    "Thomas",
    "Nicolas",
    "Sophie",
    "Claire",
    "Antoine",
    "Marie",
    "Pierre",
    "Laura",
    "Hélène",
    "Mathieu",
    "Émilie",
    "Lucas",
    "Sarah",
    "Julien",
    "Pauline",
    "Benoît",
    "Aurélie",
    "Romain",
    "Cécile",
    "Olivier",
    "Anaïs",
    "Guillaume",
    "Élodie",
    "Maxime",
    "Céline",
    "Vincent",
    "Manon",
    "Florian",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Roux",
    "Fabre",
    "Vidal",
    "Bonnet",
    "Fournier",
    "Girard",
    "Mercier",
    "Blanc",
    "Guerin",
    "Faure",
    "Rousseau",
    "Garnier",
    "Chevalier",
    "Lambert",
    "Fontaine",
    "Robin",
    "Masson",
    "Sanchez",
    "Rey",
    "Arnaud",
    "Marty",
    "Brun",
    "Gauthier",
    "Perrin",
    "Clément",
    "Morel",
    "Nicolas",
    "Boyer",
]

# Civility follows the first name (Camille, epicene, is counted here as a woman's).
FEMININE_FIRST_NAMES = {
    "Anne",
    "Anaïs",
    "Aurélie",
    "Camille",
    "Claire",
    "Cécile",
    "Céline",
    "Élodie",
    "Émilie",
    "Hélène",
    "Isabelle",
    "Julie",
    "Laura",
    "Lucie",
    "Manon",
    "Marie",
    "Pauline",
    "Sarah",
    "Sophie",
}


def civility_for(first_name):
    """ "mme" or "m" for a demo first name."""
    return "mme" if first_name in FEMININE_FIRST_NAMES else "m"


def member_name(n):
    """The n-th demo member's (first, last) name, all distinct for n < 900: the last name
    moves by one more each time the first names start over."""
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, last


DEMO_ACCOUNTS = [
    # e-mail, first, last, profession slug, commune, status, bureau
    ("bureau@exemple.fr", "Anne", "Delmas", "medecins", "Clermont-l'Hérault", "approved", True),
    ("medecin@exemple.fr", "Marc", "Teissier", "medecins", "Lodève", "approved", False),
    ("infirmiere@exemple.fr", "Isabelle", "Combes", "infirmiers", "Gignac", "approved", False),
    (
        "commission@exemple.fr",
        "Paul",
        "Granier",
        "kinesitherapeutes",
        "Clermont-l'Hérault",
        "approved",
        False,
    ),
    ("candidat@exemple.fr", "Lucie", "Pradal", "orthophonistes", "Paulhan", "pending", False),
]


@functools.cache
def demo_password_hash():
    """Hash the shared demo password once: hashing it per account costs seconds."""
    return make_password(DEMO_PASSWORD)


def ensure_user(email, first_name, last_name, *, demo=True):
    user = User.objects.filter(email=email).first()
    if user is None:
        # The factory verifies the address, as allauth does after the link is clicked.
        return UserFactory(
            email=email,
            username=email,
            first_name=first_name,
            last_name=last_name,
            is_demo_account=demo,
            password__hashed=demo_password_hash(),
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def ensure_membership(user, profession, commune, status, seed):
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        rpps_register = profession.register == "rpps"
        membership = MembershipFactory(
            user=user,
            profession=profession,
            commune=commune,
            charter_accepted_at=timezone.now(),
            applied_at=timezone.now() - timezone.timedelta(days=400 - seed % 300),
            rpps=make_rpps(seed=seed) if rpps_register else None,
            adeli=None if rpps_register else f"34{seed % 10_000_000:07d}",
        )
    if status == "approved" and membership.status != Membership.Status.APPROVED:
        services.approve(membership, notify=False)
    return membership


@transaction.atomic
def load(stdout=None):
    # The demo's communes come from the shipped file (setup_portal does this too).
    setup_territory()
    professions = {p.slug: p for p in Profession.objects.all()}

    accounts = {}
    for index, (email, first, last, slug, commune, status, is_bureau) in enumerate(DEMO_ACCOUNTS):
        user = ensure_user(email, first, last)
        ensure_membership(user, professions[slug], commune, status, seed=109_000 + index)
        if is_bureau:
            services.make_bureau(user)
        accounts[email] = user

    rng = random.Random(2026)
    weights = {
        "medecins": 12,
        "infirmiers": 16,
        "kinesitherapeutes": 9,
        "pharmaciens": 7,
        "orthophonistes": 5,
        "sages-femmes": 4,
        "podologues": 3,
        "psychomotriciens": 2,
    }
    slugs = [slug for slug, weight in weights.items() for _ in range(weight)]
    for n in range(58):
        first, last = member_name(n)
        email = f"membre{n:02d}@exemple.fr"
        user = ensure_user(email, first, last)
        ensure_membership(
            user,
            professions[slugs[n % len(slugs)]],
            rng.choice(DEMO_COMMUNES),
            "approved",
            seed=100_000 + n,
        )

    coordination = services.create_commission(
        name="Coordination",
        slug="coordination",
        purpose="Organise le parcours des patients suivis à domicile entre ville, HAD et SSIAD, "
        "et rédige les protocoles de suivi partagés (fiches de suivi, surveillance INR, constantes et alertes).",
        chair=accounts["bureau@exemple.fr"],
    )
    informatique = services.create_commission(
        name="Informatique",
        slug="informatique",
        purpose="Accompagne les adhérents sur la messagerie sécurisée de santé (MSSanté), "
        "les logiciels métier et la sécurité des données.",
        chair=accounts["medecin@exemple.fr"],
    )
    services.set_validator(coordination, accounts["commission@exemple.fr"])
    services.set_validator(coordination, accounts["bureau@exemple.fr"])
    services.add_commission_member(coordination, accounts["infirmiere@exemple.fr"])
    services.set_validator(informatique, accounts["medecin@exemple.fr"])
    if stdout:
        stdout.write(
            f"  {User.objects.count()} comptes, {Profession.objects.count()} professions, 2 commissions"
        )
    return {
        "professions": professions,
        "accounts": accounts,
        "commissions": [coordination, informatique],
    }
