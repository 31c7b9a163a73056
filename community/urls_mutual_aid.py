from django.urls import path

from .views import moderation as views_moderation
from .views import mutual_aid as views

app_name = "mutual_aid"

urlpatterns = [
    path("", views.MutualAidListView.as_view(), name="list"),
    path("nouvelle/", views.MutualAidCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MutualAidDetailView.as_view(), name="detail"),
    path("<int:pk>/repondre/", views.MutualAidRespondView.as_view(), name="respond"),
    path("<int:pk>/cloturer/", views.MutualAidCloseView.as_view(), name="close"),
    path("<int:pk>/supprimer/", views_moderation.MutualAidDeleteView.as_view(), name="delete"),
    path(
        "<int:pk>/ma-reponse/supprimer/",
        views_moderation.MutualAidResponseDeleteView.as_view(),
        name="response-delete",
    ),
    path("<int:pk>/corriger/", views_moderation.MutualAidCorrectView.as_view(), name="correct"),
    path(
        "<int:pk>/ma-reponse/corriger/",
        views_moderation.MutualAidResponseCorrectView.as_view(),
        name="response-correct",
    ),
]
