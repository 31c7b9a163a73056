"""Demo content of the locum and mutual-aid boards (idempotent; run after the forum tree)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from community import services
from community.models import LocumOffer, LocumRequest, MutualAidRequest
from portal.members.models import Membership, Profession, User

INSULIN_DESCRIPTION = (
    "Relais pour injections d'insuline à domicile pendant 3 jours à Lodève, matin (8 h) et soir "
    "(19 h), à partir de demain. L'infirmière habituelle est arrêtée. Patient autonome pour la "
    "glycémie capillaire. Transmissions et coordonnées par MSSanté après votre réponse."
)


def _next_february(today):
    start = date(today.year, 2, 9)
    return start if start > today else date(today.year + 1, 2, 9)


def _nearby_colleague(profession, commune, exclude):
    """An approved member of ``profession`` practising near ``commune`` (demo matching)."""
    from directory.geo import communes_near

    return (
        User.objects.filter(
            membership__status=Membership.Status.APPROVED,
            membership__profession=profession,
            membership__commune__in=communes_near(commune, 30),
        )
        .exclude(email__in=exclude)
        .order_by("email")
        .first()
    )


@transaction.atomic
def load(stdout=None):
    users = {u.email: u for u in User.objects.filter(email__endswith="@exemple.fr")}
    nurse, doctor = users.get("infirmiere@exemple.fr"), users.get("medecin@exemple.fr")
    if nurse is None or doctor is None:
        return
    nurses = Profession.objects.get(slug="infirmiers")
    doctors = Profession.objects.get(slug="medecins")
    today = timezone.localdate()
    created = []

    with services.emails_suppressed():
        # 1. A nurse in Gignac looking for a locum for two weeks in February.
        if not LocumRequest.objects.filter(author=nurse, commune="Gignac").exists():
            start = _next_february(today)
            services.publish_locum_request(
                author=nurse,
                profession=nurses,
                kind=LocumRequest.Kind.OCCASIONAL,
                start=start,
                end=start + timedelta(days=13),
                commune="Gignac",
                fee_share=80,
                housing=True,
                housing_notes="Studio meublé au-dessus du cabinet.",
                software="Albus",
                conditions=(
                    "Cabinet de deux infirmières, tournée à domicile le matin "
                    "(environ 25 passages), "
                    "permanence au cabinet de 17 h à 18 h. Voiture indispensable. "
                    "Pansements complexes, injections, surveillance diabète."
                ),
                contact_preference=LocumRequest.Contact.PHONE,
            )
            created.append("demande de remplacement infirmière à Gignac")

        # 2. A GP request in Lodève, already filled by a colleague who answered.
        if not LocumRequest.objects.filter(author=doctor, commune="Lodève").exists():
            locum = services.publish_locum_request(
                author=doctor,
                profession=doctors,
                kind=LocumRequest.Kind.REGULAR,
                start=today + timedelta(days=20),
                end=today + timedelta(days=50),
                commune="Lodève",
                fee_share=75,
                software="Weda",
                conditions=(
                    "Remplacement les mercredis et un samedi matin sur deux, à la maison de santé."
                ),
                contact_preference=LocumRequest.Contact.MSSANTE,
            )
            colleague = _nearby_colleague(doctors, "Lodève", exclude=[doctor.email])
            if colleague is not None:
                services.respond_available(
                    locum, colleague, "Je suis disponible les mercredis, et deux samedis par mois."
                )
                services.mark_filled(locum, by=doctor, chosen_user=colleague)
            created.append("demande de remplacement médecin à Lodève (pourvue)")

        # 3. An offer of availability from a nurse who wants locums.
        offerer = users.get("membre20@exemple.fr")
        if offerer is not None and not LocumOffer.objects.filter(author=offerer).exists():
            profession = offerer.membership.profession
            services.publish_locum_offer(
                author=offerer,
                profession=profession,
                start=today + timedelta(days=10),
                end=today + timedelta(days=75),
                communes=f"{offerer.membership.commune}, Clermont-l'Hérault, Gignac",
                radius_km=30,
                notes=(
                    "Remplaçante depuis trois ans, habituée aux tournées rurales. "
                    "Logiciel Albus ou Topaze."
                ),
            )
            created.append("offre de disponibilité")

        # 4. An urgent mutual-aid request, with no patient data.
        if not MutualAidRequest.objects.filter(author=doctor, commune="Lodève").exists():
            services.publish_mutual_aid(
                author=doctor,
                profession_needed=nurses,
                commune="Lodève",
                start=today + timedelta(days=1),
                duration_days=3,
                urgency=MutualAidRequest.Urgency.TODAY,
                description=INSULIN_DESCRIPTION,
            )
            created.append("demande d'entraide urgente à Lodève")

    if stdout and created:
        stdout.write("  tableaux : " + ", ".join(created))
