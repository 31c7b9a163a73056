"""What every installation needs from this app: professions, roles, the first bureau account.

Called by ``manage.py setup_portal``; each function is idempotent.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import TO_REVIEW, AssociationSettings, Profession, User
from .nomenclature import TRE_G15
from .roles import apply_roles
from .viewer import Viewer


@transaction.atomic
def setup_professions():
    """The professions of TRE_G15, found again by their code; the bureau's edits stay.

    Only the labels of the nomenclature are (re)written; a profession the bureau
    renamed, activated or deactivated keeps its choice.
    """
    created = 0
    for spec in TRE_G15:
        profession = Profession.objects.filter(code=spec.code).first()
        if profession is None:
            profession = services.create_profession(
                name=spec.name,
                plural=spec.plural,
                slug=spec.slug,
                code=spec.code,
                register=spec.register,
            )
            profession.is_active = spec.active
            created += 1
        profession.official_label = spec.official_label
        profession.name_feminine = profession.name_feminine or spec.name_feminine
        profession.name_en = profession.name_en or spec.name_en
        profession.save()
    return created


def setup_roles():
    return apply_roles()


class BureauAccountError(ValueError):
    """A French message saying why the first bureau account cannot be created."""


@transaction.atomic
def create_bureau_account(*, email, password, first_name="", last_name=""):
    """The first officer: a verified, staff account in the Bureau group.

    Two-factor enrolment is required at its first login (RequireTwoFactorMiddleware).
    Returns ``(user, created)``; an existing account with that e-mail is left as it is
    unless it is not in the bureau yet, in which case it joins it.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise BureauAccountError(
            _("Adresse e-mail invalide : « %(email)s ».") % {"email": email}
        ) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if Viewer(user).is_bureau:
            return user, False
        if user.is_demo_account:
            raise BureauAccountError(
                _("L'adresse %(email)s appartient à un compte de démonstration.") % {"email": email}
            )
        services.make_bureau(user)
        return user, False
    candidate = User(email=email, username=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as exc:
        raise BureauAccountError(" ".join(exc.messages)) from exc
    candidate.set_password(password)
    candidate.save()
    EmailAddress.objects.update_or_create(
        user=candidate, email=email, defaults={"verified": True, "primary": True}
    )
    services.make_bureau(candidate)
    return candidate, True


DEFAULT_TEXTS = {
    "charter": (
        "<p>" + TO_REVIEW + "En adhérant, je m'engage à :</p><ul>"
        "<li>tenir ma fiche d'annuaire à jour et confirmer chaque année qu'elle est exacte ;</li>"
        "<li>respecter le secret professionnel : aucune donnée permettant d'identifier un patient "
        "(nom, numéro de sécurité sociale, date de naissance, adresse) n'est écrite ni déposée "
        "sur le portail ; les échanges sur un patient passent par la messagerie sécurisée de santé ;</li>"
        "<li>échanger avec courtoisie et confraternité dans le forum et les demandes d'entraide ;</li>"
        "<li>n'utiliser les protocoles de l'association que dans le cadre de mon exercice ;</li>"
        "<li>participer, selon mes disponibilités, à l'entraide pour la continuité des soins.</li></ul>"
    ),
    "publisher": TO_REVIEW
    + "Association loi 1901 — nom, adresse du siège, numéro RNA (W…) ou SIREN, téléphone, e-mail.",
    "publication_director": "",
    "host": TO_REVIEW + "Nom de l'hébergeur, adresse postale, numéro de téléphone.",
    "legal_notice": (
        "<p>"
        + TO_REVIEW
        + "Les contenus publiés par l'association sur ce site sont sa propriété ; "
        "les protocoles sont réservés aux adhérents et ne peuvent être diffusés hors de "
        "l'association sans l'accord de la commission qui les a validés.</p>"
        "<p>Les informations des fiches de l'annuaire sont publiées par chaque adhérent, qui choisit "
        "ce qui est visible de tous, des seuls adhérents ou de personne.</p>"
    ),
    "privacy_controller": TO_REVIEW
    + "L'association, représentée par son ou sa présidente ; contact pour les données personnelles : "
    "l'e-mail de contact de l'association.",
    "privacy_policy": (
        "<p>" + TO_REVIEW + "Ce portail ne contient aucune donnée de patient : il est interdit d'y "
        "écrire ou d'y déposer une information permettant d'identifier un patient.</p>"
        "<h3>Finalités et bases légales</h3><ul>"
        "<li>Gestion des adhésions et de l'annuaire des professionnels : exécution du contrat "
        "d'adhésion (article 6.1.b du RGPD).</li>"
        "<li>Annuaire public : consentement de l'adhérent, qui choisit champ par champ ce qui est "
        "public (article 6.1.a).</li>"
        "<li>Forum, remplacements, entraide et notifications : intérêt légitime de l'association à "
        "organiser la coordination et la continuité des soins (article 6.1.f).</li>"
        "<li>Sécurité du portail (journaux de connexion) : intérêt légitime (article 6.1.f).</li></ul>"
        "<h3>Destinataires</h3><p>Les membres du bureau et, pour ce que chacun a rendu visible, "
        "les autres adhérents ou le public. Aucune donnée n'est vendue ni cédée.</p>"
        "<h3>Durées de conservation</h3><ul>"
        "<li>Compte et fiche : pendant l'adhésion ; supprimés à la fermeture du compte.</li>"
        "<li>Candidature refusée : un an après la décision.</li>"
        "<li>Messages du forum : anonymisés à la fermeture du compte.</li>"
        "<li>Journaux de connexion : un an.</li></ul>"
        "<h3>Vos droits</h3><p>Vous pouvez accéder à vos données, les rectifier, les exporter "
        "(« Mon compte » → « Mes données »), vous opposer à un traitement, en demander "
        "l'effacement (« Fermer mon compte ») ou la limitation, en écrivant à l'e-mail de contact "
        "de l'association. Vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).</p>"
    ),
    "accessibility_statement": (
        "<p>" + TO_REVIEW + "L'association s'engage à rendre son portail accessible conformément "
        "au référentiel général d'amélioration de l'accessibilité (RGAA 4.1).</p>"
        "<h3>État de conformité</h3><p>Le portail n'a pas encore fait l'objet d'un audit "
        "complet : il est déclaré non conforme en attendant cet audit.</p>"
        "<h3>Retour d'information et contact</h3><p>Si vous ne parvenez pas à accéder à un "
        "contenu ou à un service, écrivez à l'e-mail de contact de l'association : nous vous "
        "répondrons et vous fournirons l'information sous une autre forme.</p>"
        "<h3>Voies de recours</h3><p>Si vous n'obtenez pas de réponse satisfaisante, vous pouvez "
        "saisir le Défenseur des droits (www.defenseurdesdroits.fr).</p>"
    ),
}


@transaction.atomic
def setup_association(*, name, contact_email=""):
    """Create the association's settings with French texts to reread; never overwrite them."""
    association = AssociationSettings.objects.first()
    if association is None:
        association = AssociationSettings(name=name, contact_email=contact_email, **DEFAULT_TEXTS)
        association.full_clean(exclude=["logo"])
        association.save()
    return association
