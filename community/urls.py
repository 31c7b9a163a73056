"""The ``community`` URL namespace under /forum/: the forum integration's pages (forum.urls,
which shadow machina's) and the moderation's: "Signaler" and an author deleting their post."""

from django.urls import path

from forum.urls import urlpatterns as forum_patterns

from .views import moderation

app_name = "community"

urlpatterns = [
    path(
        "forum/<str:forum_slug>-<int:forum_pk>/topic/<str:topic_slug>-<int:topic_pk>/"
        "<int:pk>/post/delete/",
        moderation.PostDeleteView.as_view(),
        name="post-delete",
    ),
    path("signaler/<str:kind>/<int:pk>/", moderation.ReportView.as_view(), name="report"),
    *forum_patterns,
]
