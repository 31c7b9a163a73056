from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.library, name="library"),
    path("nouveau/", views.protocol_create, name="create"),
    path("validation/", views.validation_queue, name="validation"),
    path("notifications/", views.notifications_toggle, name="notifications"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/versions/nouvelle/", views.version_create, name="version-create"),
    path("<slug:slug>/versions/<int:version_pk>/", views.version_detail, name="version"),
    path(
        "<slug:slug>/versions/<int:version_pk>/<slug:action>/",
        views.version_action,
        name="version-action",
    ),
    path("<slug:slug>/telecharger/<int:version_pk>/", views.download, name="download"),
    path("<slug:slug>/relire/<int:version_pk>/", views.review_download, name="review-download"),
]
