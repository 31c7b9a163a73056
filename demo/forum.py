"""Demo forum: the tree, its permissions and a few conversations (idempotent)."""

from django.db import transaction
from machina.apps.forum_conversation.models import Topic

from forum.conversation import open_topic, open_welcome_topic, reply
from forum.tree import ensure_forum_tree, forum_for, profession_forum
from portal.members.models import Membership, Profession, User

# forum key or profession slug, author e-mail, subject, content, replies [(author, content)]
CONVERSATIONS = [
    (
        "association",
        "bureau@exemple.fr",
        "Assemblée générale du 12 juin",
        "L'assemblée générale aura lieu le **12 juin à 20 h** à la salle des fêtes de Clermont-l'Hérault.\n\n"
        "Ordre du jour : rapport d'activité, protocoles validés cette année, projet de maison de santé.",
        [
            (
                "infirmiere@exemple.fr",
                "Merci, je serai présente. Pouvez-vous prévoir un point sur les gardes ?",
            )
        ],
    ),
    (
        "entraide",
        "infirmiere@exemple.fr",
        "Relais pour des pansements à domicile à Gignac fin juillet",
        "Je m'absente du 28 au 31 juillet : une collègue pourrait-elle reprendre deux tournées de pansements "
        "à domicile sur Gignac ? Aucune donnée patient ici, je transmets les détails par MSSanté.",
        [
            (
                "commission@exemple.fr",
                "Je peux vous mettre en relation avec une infirmière d'Aniane.",
            )
        ],
    ),
    (
        "stages",
        "medecin@exemple.fr",
        "Terrain de stage pour un interne de médecine générale à Lodève",
        "Notre cabinet de groupe accueille un interne en SASPAS à partir de novembre.\n\n"
        "- Lieu : Lodève\n- Durée : 6 mois\n- Encadrement : deux maîtres de stage\n\n"
        "Contact par message privé.",
        [],
    ),
    (
        "medecins",
        "medecin@exemple.fr",
        "Permanence des soins : planning de l'été",
        "Le planning de la permanence des soins pour juillet-août est à compléter avant le 15 juin.",
        [("bureau@exemple.fr", "Je prends le week-end du 14 juillet.")],
    ),
    (
        "infirmiers",
        "infirmiere@exemple.fr",
        "Surveillance INR : retour sur le nouveau protocole",
        "Le protocole de surveillance INR validé par la commission Coordination est en ligne. "
        "Vos retours après un mois d'utilisation ?",
        [],
    ),
]


def _forum(key):
    if key in {"association", "remplacements", "entraide", "stages", "nouveaux"}:
        return forum_for(key)
    return profession_forum(Profession.objects.get(slug=key))


@transaction.atomic
def load(stdout=None):
    forums = ensure_forum_tree()
    users = {u.email: u for u in User.objects.filter(email__endswith="@exemple.fr")}
    created = 0
    for key, author, subject, content, replies in CONVERSATIONS:
        forum = _forum(key)
        if (
            forum is None
            or author not in users
            or Topic.objects.filter(forum=forum, subject=subject).exists()
        ):
            continue
        topic = open_topic(forum, poster=users[author], subject=subject, content=content)
        for replier, text in replies:
            reply(topic, poster=users[replier], content=text)
        created += 1

    # A welcome topic for the most recently approved demo member.
    newcomer = Membership.objects.approved().filter(user__email="membre00@exemple.fr").first()
    if newcomer:
        open_welcome_topic(newcomer, by=users.get("bureau@exemple.fr"))

    if stdout:
        stdout.write(f"  forum : {len(forums)} forums, {created} sujets de démonstration ajoutés")
