"""Writes on profession spaces: their private document collection, their editors."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from portal.members.services import bureau_group

# What an editor of a space may do on the space page and its subpages (news, pages).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# What an editor may do with the documents of the space's collection.
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def editors_group_name(profession):
    return f"Éditeurs : {profession.name}"


def collection_name(profession):
    return f"Espace des {profession.plural}"


def restrict_page(page, groups):
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    elif restriction.restriction_type != PageViewRestriction.GROUPS:
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
    restriction.groups.set(groups)


def _restrict_collection(collection, groups):
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.set(groups)


@transaction.atomic
def setup_space(page):
    """Make ``page`` a working space: view restriction, private collection, editors group.

    Safe to run any number of times (the demo and the "page created" hook both call it).
    """
    profession = page.profession
    allowed = [profession.group, bureau_group()]
    restrict_page(page, allowed)

    collection = page.documents_collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=collection_name(profession)).first()
        if collection is None:
            collection = root.add_child(name=collection_name(profession))
    _restrict_collection(collection, allowed)

    group = page.editors_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=editors_group_name(profession))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for codename in EDITOR_DOCUMENT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )

    if page.documents_collection_id != collection.pk or page.editors_group_id != group.pk:
        page.documents_collection = collection
        page.editors_group = group
        # A plain update: these fields are not content, they need no revision.
        type(page).objects.filter(pk=page.pk).update(
            documents_collection=collection, editors_group=group
        )
    return page


def space_editors(page):
    from portal.members.models import User

    if page.editors_group_id is None:
        return User.objects.none()
    return User.objects.filter(groups=page.editors_group_id).order_by(*User.name_order())


@transaction.atomic
def add_space_editor(page, user):
    """Let ``user`` maintain ``page`` (introduction, links, events, news, documents)."""
    if page.editors_group_id is None:
        setup_space(page)
    user.groups.add(page.editors_group)


@transaction.atomic
def remove_space_editor(page, user):
    if page.editors_group_id is not None:
        user.groups.remove(page.editors_group)
