"""Demo protocols: PDFs built in code, one protocol with two versions, one awaiting validation (idempotent)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import ModelLogEntry

from documents import services
from documents.factories import ProtocolFactory, ProtocolVersionFactory, pdf_file
from documents.models import Protocol, ProtocolVersion
from portal.members.models import Commission, Profession, User

FOLLOW_UP_V1 = [
    (
        "Identification et intervenants",
        [
            "Nom du médecin traitant, infirmier(e) référent(e), pharmacie, kinésithérapeute : coordonnées et MSSanté.",
            "Personne de confiance et aidant principal : téléphone joignable 24 h/24.",
            "Structures : HAD, SSIAD, service d'aide à domicile, CCAS (jours et horaires de passage).",
        ],
    ),
    (
        "À chaque passage",
        [
            "Date, heure, intervenant, soins réalisés.",
            "Constantes si prescrites : TA, FC, température, SpO2, glycémie capillaire, douleur (EVA 0-10).",
            "Observations : appétit, hydratation, transit, état cutané (risque d'escarre), moral, chutes.",
            "Transmission à l'équipe : ce que le suivant doit surveiller.",
        ],
    ),
    (
        "Rythme de relecture",
        [
            "Relecture de la fiche par le médecin traitant au moins une fois par mois.",
            "Réunion de coordination (téléphone ou visio) si hospitalisation, chute ou changement de traitement.",
        ],
    ),
]
FOLLOW_UP_V2 = [
    *FOLLOW_UP_V1,
    (
        "Ajouts de la version 1.1",
        [
            "Rubrique « traitements à risque » : anticoagulants, insuline, opioïdes, diurétiques.",
            "Rubrique « directives anticipées » : existence et lieu de conservation du document.",
            "Score de Norton à l'entrée puis tous les 15 jours chez le patient alité.",
        ],
    ),
]
INR = [
    (
        "Cible et fréquence des contrôles",
        [
            "Cible habituelle INR 2 à 3 (fibrillation atriale, maladie thromboembolique veineuse).",
            "Cible 2,5 à 3,5 pour certaines valves mécaniques : toujours se référer à la prescription.",
            "Contrôle tous les 2 à 4 jours à l'initiation jusqu'à 2 INR consécutifs dans la cible, puis chaque semaine, "
            "puis au moins une fois par mois.",
            "Contrôle supplémentaire dans les 3 à 5 jours après tout changement de traitement (antibiotique, amiodarone...).",
        ],
    ),
    (
        "Conduite selon le résultat (patient sans saignement, cible 2-3)",
        [
            "INR < 2 : prévenir le médecin traitant le jour même ; ne pas modifier seul la dose.",
            "INR entre 3 et 4 : prévenir le médecin ; contrôle à 2-3 jours.",
            "INR entre 4 et 6 : prévenir le médecin le jour même ; saut d'une prise possible sur avis médical.",
            "INR > 6 : avis médical immédiat ; vitamine K per os selon prescription ; contrôle le lendemain.",
            "Tout saignement, quelle que soit la valeur : appel du médecin ou du 15.",
        ],
    ),
    (
        "Tableau de suivi",
        [
            "Date du prélèvement, laboratoire, valeur INR, dose prescrite (mg), prochaine date de contrôle.",
            "Carnet AVK du patient tenu à jour à chaque passage.",
        ],
    ),
]
VITALS = [
    (
        "Seuils d'alerte chez l'adulte à domicile (sauf consignes du médecin)",
        [
            "Pression artérielle systolique < 90 mmHg ou > 180 mmHg.",
            "Fréquence cardiaque < 50 /min ou > 120 /min au repos.",
            "Fréquence respiratoire > 25 /min.",
            "SpO2 < 92 % en air ambiant (< 88 % chez l'insuffisant respiratoire chronique connu).",
            "Température < 36 °C ou > 38,5 °C.",
            "Glycémie capillaire < 0,70 g/L ou > 3 g/L.",
            "Prise de poids > 2 kg en 3 jours chez l'insuffisant cardiaque.",
        ],
    ),
    (
        "Qui prévenir",
        [
            "Un seuil franchi : médecin traitant le jour même ; transmission écrite dans la fiche de suivi.",
            "Deux seuils ou plus, douleur thoracique, confusion brutale : appeler le 15.",
        ],
    ),
    (
        "Fréquence de mesure",
        [
            "Patient stable : à chaque passage prescrit, au moins une fois par semaine.",
            "Retour d'hospitalisation : quotidienne la première semaine.",
        ],
    ),
]
FALL = [
    (
        "Dans l'immédiat",
        [
            "Ne pas relever précipitamment : rechercher douleur, déformation, plaie, perte de connaissance.",
            "Appeler le 15 si : perte de connaissance, douleur de hanche avec impossibilité d'appui, "
            "traumatisme crânien sous anticoagulant, plaie qui saigne abondamment.",
            "Mesurer TA, FC, glycémie capillaire ; noter l'heure de la chute et le temps passé au sol.",
        ],
    ),
    (
        "Dans les 48 heures",
        [
            "Prévenir le médecin traitant ; revoir les traitements (psychotropes, antihypertenseurs).",
            "Évaluer le domicile : éclairage, tapis, salle de bains, chaussage ; proposer la téléassistance.",
            "Kinésithérapie : test de lever de chaise, Timed Up and Go (> 14 s = risque élevé).",
        ],
    ),
    (
        "Suivi",
        [
            "Signaler la chute dans la fiche de suivi ; réévaluer à 1 mois.",
            "Après 2 chutes en 6 mois : bilan en consultation ou hôpital de jour gériatrique.",
        ],
    ),
]


def _backdate(version, *, days):
    """Move a validated version (its protocol's creation, its own steps, its history) back
    by ``days``, as if the commission had validated it then."""
    shift = timedelta(days=days)
    ProtocolVersion.objects.filter(pk=version.pk).update(
        created_at=F("created_at") - shift,
        submitted_at=F("submitted_at") - shift,
        validated_at=F("validated_at") - shift,
    )
    Protocol.objects.filter(pk=version.protocol_id, created_at__gt=timezone.now() - shift).update(
        created_at=F("created_at") - shift
    )
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProtocolVersion),
        object_id=str(version.pk),
    ).update(timestamp=F("timestamp") - shift)


@transaction.atomic
def load(stdout=None):
    if Protocol.objects.exists():
        if stdout:
            stdout.write("  protocoles : déjà chargés")
        return
    coordination = Commission.objects.get(slug="coordination")
    infirmiere = User.objects.get(email="infirmiere@exemple.fr")
    validator = User.objects.get(email="commission@exemple.fr")
    bureau = User.objects.get(email="bureau@exemple.fr")
    professions = {p.slug: p for p in Profession.objects.all()}
    today = timezone.localdate()

    def protocol(title, category, targets, tags, review_date, is_public=False, summary=""):
        return ProtocolFactory(
            title=title,
            summary=summary,
            category=category,
            commission=coordination,
            review_date=review_date,
            target_professions=[professions[s] for s in targets],
            tags=tags,
            is_public=is_public,
            created_by=infirmiere,
        )

    def version(p, number, sections, changes, *, author=infirmiere, approve=True):
        return ProtocolVersionFactory(
            protocol=p,
            number=number,
            changes=changes,
            created_by=author,
            file=pdf_file(f"{p.slug}-{number}.pdf", p.title, number, sections),
            status=ProtocolVersion.Status.PUBLISHED
            if approve
            else ProtocolVersion.Status.SUBMITTED,
            validated_by=validator,
            comment="Relu en commission, conforme.",
        )

    follow_up = protocol(
        "Fiche de suivi du patient à domicile",
        Protocol.Category.HOME_FOLLOW_UP,
        ["infirmiers", "medecins", "kinesitherapeutes", "pharmaciens"],
        ["domicile", "coordination", "transmissions"],
        today + timedelta(days=540),
        is_public=True,
        summary="Fiche partagée laissée au domicile : intervenants, constantes, observations et transmissions "
        "entre professionnels à chaque passage.",
    )
    follow_up_v1 = version(follow_up, "1.0", FOLLOW_UP_V1, "Création.")
    v11 = services.add_version(
        follow_up,
        number="1.1",
        by=infirmiere,
        changes="Ajout des traitements à risque, des directives anticipées et du score de Norton.",
        file=pdf_file("fiche-suivi-1.1.pdf", follow_up.title, "1.1", FOLLOW_UP_V2),
    )
    services.submit(v11, by=infirmiere)
    services.request_changes(
        v11, by=validator, comment="Préciser la fréquence du score de Norton chez le patient alité."
    )
    services.replace_file(
        v11,
        by=infirmiere,
        changes="Ajout des traitements à risque, des directives anticipées et du score "
        "de Norton (tous les 15 jours chez le patient alité).",
        file=pdf_file("fiche-suivi-1.1.pdf", follow_up.title, "1.1", FOLLOW_UP_V2),
    )
    services.submit(v11, by=infirmiere)
    services.approve(v11, by=bureau, comment="Validé.", notify=False)

    inr = protocol(
        "Fiche de surveillance INR (AVK)",
        Protocol.Category.INR,
        ["infirmiers", "medecins", "pharmaciens"],
        ["AVK", "anticoagulants", "INR"],
        today + timedelta(days=365),
        summary="Cible, rythme des contrôles et conduite à tenir selon la valeur de l'INR chez le patient "
        "sous antivitamine K suivi à domicile.",
    )
    inr_v1 = version(inr, "1.0", INR, "Création.")

    fall = protocol(
        "Conduite à tenir devant une chute à domicile",
        Protocol.Category.COURSE_OF_ACTION,
        ["infirmiers", "medecins", "kinesitherapeutes"],
        ["chute", "personne âgée"],
        today - timedelta(days=20),
        summary="Ce que fait le premier professionnel sur place après une chute, puis dans les 48 heures.",
    )
    fall_v1 = version(fall, "1.0", FALL, "Création.", author=bureau)

    vitals = protocol(
        "Constantes et seuils d'alerte",
        Protocol.Category.VITAL_SIGNS,
        ["infirmiers", "medecins"],
        ["constantes", "alerte"],
        today + timedelta(days=730),
        summary="Seuils d'alerte des constantes chez l'adulte suivi à domicile et qui prévenir.",
    )
    version(vitals, "1.0", VITALS, "Création.", approve=False)
    # Validated long enough ago for their dates to agree: the fall protocol, a year old, is
    # past its review date; the follow-up sheet's 1.0 came months before its 1.1 (today).
    _backdate(fall_v1, days=385)
    _backdate(follow_up_v1, days=240)
    _backdate(inr_v1, days=60)
    if stdout:
        stdout.write(f"  {Protocol.objects.count()} protocoles (dont 1 en attente de validation)")
