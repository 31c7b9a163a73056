"""The forum tree: common forums, one private forum per profession and per commission.

Forums are found again by their slug, which machina derives from the name: the
names below are therefore part of the contract (renaming a forum in the admin
makes ``ensure_forum_tree`` create a new one).
"""

from django.db import transaction
from django.utils.text import slugify
from machina.apps.forum.models import Forum

from portal.members.models import Commission, Profession
from portal.members.services import bureau_group, members_group

from .permissions import apply_forum_permissions, refuse_anonymous

COMMON_CATEGORY = ("Espace commun", "Les échanges entre tous les adhérents de l'association.")
PROFESSIONS_CATEGORY = ("Espaces des professions", "Un forum privé par profession.")
COMMISSIONS_CATEGORY = ("Commissions", "Les échanges de travail de chaque commission.")

# key -> (name, description)
COMMON_FORUMS = {
    "association": (
        "Vie de l'association",
        "Assemblées, bureau, projets et actualités de l'association.",
    ),
    "remplacements": (
        "Remplacements",
        "Discussions des demandes et offres de remplacement publiées sur le tableau des remplacements.",
    ),
    "entraide": (
        "Entraide et continuité des soins",
        "Demandes d'entraide entre collègues pour assurer la continuité des soins.",
    ),
    "stages": (
        "Stages et étudiants",
        "Offres de stage et accueil des étudiants de chaque profession.",
    ),
    "nouveaux": (
        "Nouveaux installés",
        "Accueil des professionnels nouvellement installés sur le territoire.",
    ),
}


def _slug(name):
    return slugify(name, allow_unicode=True)


def _find(name, *, parent=None, kind=Forum.FORUM_POST):
    return Forum.objects.filter(slug=_slug(name), type=kind, parent=parent).order_by("pk").first()


def _ensure(name, description, *, parent=None, kind=Forum.FORUM_POST):
    forum = _find(name, parent=parent, kind=kind)
    if forum is None:
        forum = Forum.objects.create(name=name, description=description, parent=parent, type=kind)
    return forum


def profession_forum_name(profession):
    return f"Espace des {profession.plural}"


def commission_forum_name(commission):
    return f"Commission {commission.name}"


def _category(spec):
    return _find(spec[0], kind=Forum.FORUM_CAT)


def forum_for(key):
    """The common forum for ``key`` ("association", "remplacements", "entraide", "stages", "nouveaux")."""
    name = COMMON_FORUMS[key][0]
    category = _category(COMMON_CATEGORY)
    return _find(name, parent=category) if category else None


def profession_forum(profession):
    category = _category(PROFESSIONS_CATEGORY)
    return _find(profession_forum_name(profession), parent=category) if category else None


def commission_forum(commission):
    category = _category(COMMISSIONS_CATEGORY)
    return _find(commission_forum_name(commission), parent=category) if category else None


@transaction.atomic
def ensure_forum_tree():
    """Create missing forums and (re)apply their permissions; safe to run any number of times."""
    members, bureau = members_group(), bureau_group()
    refuse_anonymous()
    forums = {}

    common = _ensure(*COMMON_CATEGORY, kind=Forum.FORUM_CAT)
    apply_forum_permissions(
        forum=common, participant_groups=[members], bureau=bureau, category=True
    )
    for key, (name, description) in COMMON_FORUMS.items():
        forums[key] = _ensure(name, description, parent=common)
        apply_forum_permissions(forum=forums[key], participant_groups=[members], bureau=bureau)

    professions = _ensure(*PROFESSIONS_CATEGORY, kind=Forum.FORUM_CAT)
    apply_forum_permissions(
        forum=professions, participant_groups=[members], bureau=bureau, category=True
    )
    for profession in Profession.objects.active().select_related("group"):
        forum = _ensure(
            profession_forum_name(profession),
            f"Forum réservé aux {profession.plural} adhérents.",
            parent=professions,
        )
        apply_forum_permissions(forum=forum, participant_groups=[profession.group], bureau=bureau)
        forums[f"profession:{profession.slug}"] = forum

    # Only commission members see the category, so other members see no empty heading.
    commission_list = list(Commission.objects.select_related("group"))
    commissions = _ensure(*COMMISSIONS_CATEGORY, kind=Forum.FORUM_CAT)
    apply_forum_permissions(
        forum=commissions,
        participant_groups=[c.group for c in commission_list],
        bureau=bureau,
        category=True,
    )
    for commission in commission_list:
        forum = _ensure(
            commission_forum_name(commission),
            f"Forum de travail de la commission {commission.name}.",
            parent=commissions,
        )
        apply_forum_permissions(forum=forum, participant_groups=[commission.group], bureau=bureau)
        forums[f"commission:{commission.slug}"] = forum
    return forums
