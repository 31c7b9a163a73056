"""Forum URLs that take precedence over machina's (same paths, checked first in portal/urls.py).

machina's templates keep reversing machina's URL names; these patterns shadow
the matching paths so the portal's forms, attachment view and search are used.
They are served in the ``community`` namespace (community/urls.py), with the
moderation's report and post deletion.
"""

from django.urls import include, path

from . import views

conversation_patterns = [
    path("topic/<str:slug>-<int:pk>/", views.TopicView.as_view(), name="topic"),
    path("topic/create/", views.TopicCreateView.as_view(), name="topic-create"),
    path("topic/<str:slug>-<int:pk>/update/", views.TopicUpdateView.as_view(), name="topic-update"),
    path(
        "topic/<str:topic_slug>-<int:topic_pk>/post/create/",
        views.PostCreateView.as_view(),
        name="post-create",
    ),
    path(
        "topic/<str:topic_slug>-<int:topic_pk>/<int:pk>/post/update/",
        views.PostUpdateView.as_view(),
        name="post-update",
    ),
]

urlpatterns = [
    path("forum/<str:forum_slug>-<int:forum_pk>/", include(conversation_patterns)),
    path("attachment/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("search/", views.SearchView.as_view(), name="search"),
    # machina's forum_member patterns, members only (same paths, matched first).
    path("member/profile/edit/", views.ForumProfileUpdateView.as_view(), name="profile-update"),
    path("member/profile/<str:pk>/", views.ForumProfileView.as_view(), name="profile"),
    path("member/profile/<str:pk>/posts/", views.UserPostsView.as_view(), name="user-posts"),
]
