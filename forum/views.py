"""machina views with the portal's forms, private attachments and a permission-filtered search."""

import os
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.views.generic import DetailView, ListView
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation import views as machina_views
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_member import views as member_views
from machina.apps.forum_permission.viewmixins import PermissionRequiredMixin

from portal.core.perf import cached_value
from portal.members.access import MemberRequiredMixin

from . import tracking
from .forms import AttachmentFormset, ForumProfileForm, PostForm, TopicForm
from .search import search_posts


class PortalFormsMixin:
    """Use the forms that refuse NIRs and check uploads by content."""

    attachment_formset_class = AttachmentFormset


class TopicView(machina_views.TopicView):
    """machina's topic page without a database write on a plain read.

    One query loads the topic with its forum, poll, the reader's read marks and
    whether they subscribed; the view is counted in the cache (flushed by
    ``flush_topic_views``) and machina's read tracking runs only when the topic
    has posts the reader has not seen. machina's ``topic_viewed`` receivers
    (views counter, read tracking) are replaced by these; the signal is not sent.
    """

    def get_topic(self):
        if not hasattr(self, "topic"):
            user = self.request.user
            queryset = tracking.with_read_marks(Topic.objects.select_related("forum", "poll"), user)
            if user.is_authenticated:
                queryset = queryset.annotate(
                    user_subscribed=Exists(
                        Topic.subscribers.through.objects.filter(
                            topic_id=OuterRef("pk"), user_id=user.pk
                        )
                    )
                )
            self.topic = get_object_or_404(queryset, pk=self.kwargs["pk"])
            if user.is_authenticated:
                # machina's Topic.has_subscriber reads this list instead of querying.
                self.topic._subscribers = [user] if self.topic.user_subscribed else []
        return self.topic

    def send_signal(self, request, response, topic):
        tracking.count_topic_view(topic.pk)
        tracking.mark_topic_read(topic, request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts_html"] = self.posts_html(context)
        return context

    def posts_html(self, context):
        """The page's posts and pagination, rendered once per topic page, language and set of
        forum permissions, then served from the shared cache until a post, topic, attachment
        or user is written: the post list was two thirds of the page's time.

        What each post offers (edit, delete, its attachments) depends on machina's rules:
        superuser, the POST_PERMISSIONS on the forum, authorship and the topic's lock. The
        first two are in the key, the lock is the topic's (its counter); a page holding a post
        of the reader is rendered for them alone and never stored.
        """
        user, forum = self.request.user, context["forum"]
        checker = self.request.forum_permission_handler._get_checker(user)
        signature = (user.is_superuser, *(checker.has_perm(p, forum) for p in POST_PERMISSIONS))
        return cached_value(
            "topic-posts",
            (
                context["topic"].pk,
                context["page_obj"].number,
                translation.get_language(),
                signature,
            ),
            POSTS_MODELS,
            lambda: {
                "posters": {post.poster_id for post in context["posts"]},
                "html": render_to_string(
                    "forum_conversation/_topic_posts.html", context, self.request
                ),
            },
            POSTS_SECONDS,
            shareable=lambda posts: user.pk not in posts["posters"],
        )["html"]


# What a post shows depends on: editing and deleting (own or any), downloading attachments.
POST_PERMISSIONS = (
    "can_edit_own_posts",
    "can_edit_posts",
    "can_delete_own_posts",
    "can_delete_posts",
    # The permission's codename (machina's handler method is can_download_files).
    "can_download_file",
)
POSTS_MODELS = (
    "forum_conversation.post",
    "forum_conversation.topic",
    "forum_attachments.attachment",
    "members.user",
    "forum_member.forumprofile",
)
POSTS_SECONDS = 300


class TopicCreateView(PortalFormsMixin, machina_views.TopicCreateView):
    post_form_class = TopicForm


class TopicUpdateView(PortalFormsMixin, machina_views.TopicUpdateView):
    post_form_class = TopicForm


class PostCreateView(PortalFormsMixin, machina_views.PostCreateView):
    post_form_class = PostForm


class PostUpdateView(PortalFormsMixin, machina_views.PostUpdateView):
    post_form_class = PostForm


class AttachmentView(PermissionRequiredMixin, DetailView):
    """Serve an attachment from private storage to those who may read its forum and download files.

    Anonymous users are sent to the login page, members without the right get a 403.
    """

    model = Attachment

    def get_queryset(self):
        return Attachment.objects.select_related("post__topic__forum")

    def get_controlled_object(self):
        if not hasattr(self, "_attachment"):
            self._attachment = self.get_object()
        return self._attachment.post.topic.forum

    def perform_permissions_check(self, user, obj, perms):
        handler = self.request.forum_permission_handler
        return handler.can_read_forum(obj, user) and handler.can_download_files(obj, user)

    def get(self, request, *args, **kwargs):
        attachment = self._attachment
        if not attachment.post.approved and not request.forum_permission_handler.can_approve_posts(
            attachment.post.topic.forum, request.user
        ):
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=os.path.basename(attachment.file.name)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class SearchView(LoginRequiredMixin, ListView):
    """Search the posts of the forums the user may read, with the portal's search.

    haystack's simple backend ignores filters (it would return posts of private
    forums), so the search runs on the portal's own index (forum.search): accents,
    plurals, synonyms and one typo forgiven, the same on SQLite and PostgreSQL.
    """

    template_name = "forum_search/search.html"
    paginate_by = 20
    max_terms = 8

    def get_terms(self):
        return (self.request.GET.get("q") or "").split()[: self.max_terms]

    def get_queryset(self):
        terms = self.get_terms()
        if not terms:
            return Post.objects.none()
        handler = self.request.forum_permission_handler
        readable = handler.get_readable_forums(Forum.objects.all(), self.request.user)
        posts = Post.approved_objects.filter(
            topic__forum__in=readable, topic__approved=True
        ).select_related("poster", "topic", "topic__forum")
        return search_posts(posts, " ".join(terms))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = " ".join(self.get_terms())
        context["querystring"] = urlencode({"q": context["query"]})
        return context


class ForumProfileView(MemberRequiredMixin, member_views.ForumProfileDetailView):
    """machina's member profile, for approved members only.

    Stock machina shows it to anyone: with sequential ids, a visitor could list every
    member's full name and post count, including members whose directory entry is hidden.
    """


class UserPostsView(MemberRequiredMixin, member_views.UserPostsView):
    """A member's posts (in the forums the reader may read), for approved members only."""


class ForumProfileUpdateView(MemberRequiredMixin, member_views.ForumProfileUpdateView):
    """Signature and avatar: only those who may post have something to sign."""

    form_class = ForumProfileForm
