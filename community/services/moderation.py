"""Reports, removals by the bureau and deletions by authors: every write of moderation.

``report()`` records a member's "Signaler"; ``remove()`` (the bureau) and ``delete_own()``
(the author, while the request is open) delete the content and everything that repeats its
text: a locum request's forum topic, the dashboard notifications, every cached copy. A
``Removal`` keeps who removed what, when and why, without the text; the author of content
removed by the bureau gets an e-mail with the reason and a link, never the content.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from machina.apps.forum_conversation.models import Post, Topic

from forum.signals import post_url
from portal.members.emails import queue_email
from portal.members.viewer import Viewer

from ..models import (
    LocumRequest,
    LocumResponse,
    MutualAidRequest,
    MutualAidResponse,
    Notification,
    Removal,
    Report,
    TargetKind,
)
from .topics import locum_topic_content


@dataclass(frozen=True)
class Target:
    kind: str
    model: type
    author_field: str

    def author_id(self, obj):
        return getattr(obj, f"{self.author_field}_id")


TARGETS = {
    TargetKind.POST: Target(TargetKind.POST, Post, "poster"),
    TargetKind.LOCUM: Target(TargetKind.LOCUM, LocumRequest, "author"),
    TargetKind.LOCUM_RESPONSE: Target(TargetKind.LOCUM_RESPONSE, LocumResponse, "responder"),
    TargetKind.AID: Target(TargetKind.AID, MutualAidRequest, "author"),
    TargetKind.AID_RESPONSE: Target(TargetKind.AID_RESPONSE, MutualAidResponse, "responder"),
}


def get_target(kind, pk):
    """The reported object, or None when it is gone (or the kind is unknown)."""
    target = TARGETS.get(kind)
    if target is None:
        return None
    return target.model.objects.filter(pk=pk).first()


def target_url(kind, obj):
    if kind == TargetKind.POST:
        return post_url(obj)
    if kind in (TargetKind.LOCUM_RESPONSE, TargetKind.AID_RESPONSE):
        return obj.request.get_absolute_url()
    return obj.get_absolute_url()


def target_context(kind, obj):
    """Where the content was, in words that repeat none of its text."""
    if kind == TargetKind.POST:
        return _("forum « %(forum)s »") % {"forum": obj.topic.forum.name}
    if kind in (TargetKind.LOCUM_RESPONSE, TargetKind.AID_RESPONSE):
        obj = obj.request
    if isinstance(obj, LocumRequest):
        return _("demande de remplacement n° %(pk)s (%(commune)s)") % {
            "pk": obj.pk,
            "commune": obj.commune,
        }
    return _("demande d'entraide n° %(pk)s (%(commune)s)") % {"pk": obj.pk, "commune": obj.commune}


def is_open(kind, obj):
    """Authors may change what they wrote while the request is open (posts: the topic unlocked)."""
    if kind == TargetKind.POST:
        return not obj.topic.is_locked
    if kind in (TargetKind.LOCUM_RESPONSE, TargetKind.AID_RESPONSE):
        obj = obj.request
    return obj.is_open


# --- reports -------------------------------------------------------------------------------


@transaction.atomic
def report(kind, pk, *, by, reason):
    """Record a member's report (once per member while it waits) for the bureau's queue."""
    obj = get_target(kind, pk)
    if obj is None:
        raise ValidationError(_("Ce contenu n'existe plus."))
    existing = Report.objects.pending().filter(target_kind=kind, target_id=pk, reported_by=by)
    if existing.exists():
        return existing.get()
    return Report.objects.create(
        target_kind=kind,
        target_id=pk,
        target_url=target_url(kind, obj),
        author_id=TARGETS[kind].author_id(obj),
        reason=reason,
        reported_by=by,
    )


@transaction.atomic
def dismiss(report_obj, *, by):
    """The bureau keeps the content: the reports on it leave the queue."""
    _check_bureau(by)
    now = timezone.now()
    Report.objects.pending().filter(
        target_kind=report_obj.target_kind, target_id=report_obj.target_id
    ).update(status=Report.Status.DISMISSED, handled_by=by, handled_at=now)


def _check_bureau(user):
    if not Viewer.of(user).is_bureau:
        raise PermissionDenied(_("Seul le bureau peut retirer un contenu signalé."))


# --- removal -------------------------------------------------------------------------------


def _delete_attachment_files(posts):
    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    for attachment in Attachment.objects.filter(post__in=posts):
        attachment.file.delete(save=False)


def _delete_post(post):
    topic = post.topic
    if post.is_alone:
        _delete_attachment_files(topic.posts.all())
        topic.delete()
        return
    _delete_attachment_files([post])
    was_head = post.is_topic_head
    post.delete()  # machina renews the topic's and the forum's counters
    if was_head:
        # The topic's subject was the first post's: it goes too, in the replies' "Re:" as well.
        neutral = _("Sujet retiré")
        Post.objects.filter(topic=topic, subject__contains=topic.subject).update(subject=neutral)
        Topic.objects.filter(pk=topic.pk).update(subject=neutral, slug="sujet-retire")


def _delete_topic(topic):
    if topic is None:
        return
    _delete_attachment_files(topic.posts.all())
    topic.delete()


def _delete_response(response):
    """The answer and the notification its author's answer left on the requester's dashboard."""
    request = response.request
    kind = (
        Notification.Kind.LOCUM_RESPONSE
        if isinstance(response, LocumResponse)
        else Notification.Kind.MUTUAL_AID_RESPONSE
    )
    target = (
        {"locum_request": request}
        if isinstance(response, LocumResponse)
        else {"mutual_aid_request": request}
    )
    notification = (
        Notification.objects.filter(
            user_id=request.author_id, kind=kind, created_at__gte=response.created_at, **target
        )
        .order_by("created_at")
        .first()
    )
    if notification is not None:
        notification.delete()
    response.delete()


def _delete(kind, obj):
    if kind == TargetKind.POST:
        _delete_post(obj)
    elif kind == TargetKind.LOCUM:
        topic = obj.topic
        obj.delete()  # its answers and notifications go with it
        _delete_topic(topic)  # the topic repeats its details and conditions
    elif kind == TargetKind.AID:
        obj.delete()
    else:
        _delete_response(obj)


@transaction.atomic
def remove(kind, pk, *, by, reason):
    """The bureau removes reported content everywhere and tells its author why."""
    _check_bureau(by)
    obj = get_target(kind, pk)
    if obj is None:
        raise ValidationError(_("Ce contenu a déjà été retiré."))
    target = TARGETS[kind]
    author = getattr(obj, target.author_field)
    removal = Removal.objects.create(
        target_kind=kind,
        target_id=pk,
        context=target_context(kind, obj),
        author=author,
        reason=reason,
        removed_by=by,
    )
    _delete(kind, obj)
    Report.objects.pending().filter(target_kind=kind, target_id=pk).update(
        status=Report.Status.REMOVED, handled_by=by, handled_at=removal.removed_at
    )
    if author is not None and author.email:
        context = {"removal": removal}
        transaction.on_commit(lambda: queue_email("forum/email/removed", context, [author]))
    return removal


@transaction.atomic
def delete_own(kind, obj, *, by):
    """The author deletes what they wrote, while the request is open; a trace is kept."""
    target = TARGETS[kind]
    if target.author_id(obj) != by.pk:
        raise PermissionDenied(_("Seul l'auteur peut supprimer ce contenu."))
    if not is_open(kind, obj):
        raise ValidationError(_("Cette demande est close : elle ne peut plus être modifiée."))
    removal = Removal.objects.create(
        target_kind=kind,
        target_id=obj.pk,
        context=target_context(kind, obj),
        author=by,
        reason=Removal.Reason.AUTHOR,
        removed_by=by,
    )
    _delete(kind, obj)
    Report.objects.pending().filter(target_kind=kind, target_id=obj.pk).update(
        status=Report.Status.REMOVED, handled_by=by, handled_at=removal.removed_at
    )
    return removal


# What an author may correct on each kind: the free text they typed (dates, profession and
# commune decide who was told, so a request with those wrong is deleted and published again).
CORRECTABLE_FIELDS = {
    TargetKind.LOCUM: ("housing_notes", "software", "conditions"),
    TargetKind.AID: ("description",),
    TargetKind.LOCUM_RESPONSE: ("message",),
    TargetKind.AID_RESPONSE: ("message",),
}


@transaction.atomic
def correct_own(kind, obj, *, by, **values):
    """The author corrects the text they wrote while the request is open.

    A locum request's discussion topic repeats its text: its first post is rewritten too.
    Nothing is e-mailed again (e-mails never carried the text).
    """
    target = TARGETS[kind]
    if target.author_id(obj) != by.pk:
        raise PermissionDenied(_("Seul l'auteur peut corriger ce contenu."))
    if not is_open(kind, obj):
        raise ValidationError(_("Cette demande est close : elle ne peut plus être modifiée."))
    fields = CORRECTABLE_FIELDS[kind]
    for name in fields:
        if name in values:
            setattr(obj, name, values[name])
    obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in fields])
    obj.save(update_fields=list(fields))
    if kind == TargetKind.LOCUM and obj.topic_id:
        post = obj.topic.first_post
        if post is not None:
            post.content = locum_topic_content(obj)
            post.updated_by = by
            post.save()
    return obj
