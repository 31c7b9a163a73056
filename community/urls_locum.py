from django.urls import path

from .views import locum as views
from .views import moderation as views_moderation
from .views import topics

app_name = "locum"

urlpatterns = [
    path("", views.LocumListView.as_view(), name="list"),
    path("nouvelle/", views.LocumCreateView.as_view(), name="create"),
    path("<int:pk>/", views.LocumDetailView.as_view(), name="detail"),
    path("<int:pk>/disponible/", views.LocumRespondView.as_view(), name="respond"),
    path("<int:pk>/pourvue/", views.LocumFillView.as_view(), name="fill"),
    path("<int:pk>/annuler/", views.LocumCancelView.as_view(), name="cancel"),
    path("<int:pk>/supprimer/", views_moderation.LocumDeleteView.as_view(), name="delete"),
    path(
        "<int:pk>/ma-reponse/supprimer/",
        views_moderation.LocumResponseDeleteView.as_view(),
        name="response-delete",
    ),
    path("disponibilites/", views.OfferListView.as_view(), name="offer-list"),
    path("disponibilites/nouvelle/", views.OfferCreateView.as_view(), name="offer-create"),
    path(
        "disponibilites/<int:pk>/retirer/", views.OfferWithdrawView.as_view(), name="offer-withdraw"
    ),
    path("stage/nouveau/", topics.InternshipCreateView.as_view(), name="internship-create"),
    path("installation/nouveau/", topics.NewcomerCreateView.as_view(), name="newcomer-create"),
    path("<int:pk>/corriger/", views_moderation.LocumCorrectView.as_view(), name="correct"),
    path(
        "<int:pk>/ma-reponse/corriger/",
        views_moderation.LocumResponseCorrectView.as_view(),
        name="response-correct",
    ),
]
