"""The people of an installation, built with factories and the real services (no demo).

``people`` (tests/conftest.py) gives one of each role the portal knows: a bureau officer
(enrolled in two-factor, as production requires), a doctor and a nurse (approved members of
two professions), a commission validator and a plain commission member, an applicant whose
membership is pending, and a signed-up account with no membership at all. Tests about the
demo content use the ``demo`` fixture instead.
"""

from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from portal.members import services
from portal.members.factories import MembershipFactory, UserFactory, bureau_member
from portal.members.models import Commission, Profession, User


def enrol_totp(user):
    """A real TOTP authenticator, as the enrolment page would create it."""
    TOTP.activate(user, generate_totp_secret())
    return user


def member(profession_slug, commune, *, approved=True, **user):
    """A member of the profession ``profession_slug`` (a profession of the setup) practising
    in ``commune``; approved through the approval service unless ``approved=False``."""
    membership = MembershipFactory(
        profession=Profession.objects.get(slug=profession_slug),
        commune=commune,
        approved=approved,
        **{f"user__{field}": value for field, value in user.items()},
    )
    return membership.user


@dataclass(frozen=True)
class People:
    bureau: User
    medecin: User
    infirmiere: User
    commission_member: User  # validator of ``commission``
    commission_helper: User  # member of ``commission``, not a validator (the nurse)
    candidat: User
    signed_up: User  # an account with no membership
    commission: Commission


def build_people():
    bureau = bureau_member(
        profession=Profession.objects.get(slug="medecins"),
        commune="Clermont-l'Hérault",
        user__first_name="Anne",
        user__last_name="Delmas",
    )
    enrol_totp(bureau)
    medecin = member("medecins", "Lodève", first_name="Marc", last_name="Teissier")
    infirmiere = member("infirmiers", "Gignac", first_name="Isabelle", last_name="Combes")
    validator = member(
        "kinesitherapeutes", "Clermont-l'Hérault", first_name="Paul", last_name="Granier"
    )
    candidat = member(
        "orthophonistes", "Paulhan", approved=False, first_name="Lucie", last_name="Pradal"
    )
    signed_up = UserFactory(first_name="Jean", last_name="Sansadhésion")
    commission = services.create_commission(
        name="Commission coordination", slug="coordination", chair=bureau
    )
    services.set_validator(commission, validator)
    services.add_commission_member(commission, infirmiere)
    return People(
        bureau=bureau,
        medecin=medecin,
        infirmiere=infirmiere,
        commission_member=validator,
        commission_helper=infirmiere,
        candidat=candidat,
        signed_up=signed_up,
        commission=commission,
    )
