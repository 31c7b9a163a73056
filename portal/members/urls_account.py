from django.urls import path

from . import views_account

app_name = "my_account"

urlpatterns = [
    path("", views_account.hub, name="hub"),
    path("notifications/", views_account.notifications, name="notifications"),
    path("notifications/desabonner/<str:token>/", views_account.unsubscribe, name="unsubscribe"),
    path("mes-donnees/", views_account.export, name="export"),
    path("fermer/", views_account.close, name="close"),
]
