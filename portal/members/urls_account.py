from django.urls import path

from . import views_account

app_name = "my_account"

urlpatterns = [
    path("mes-donnees/", views_account.export, name="export"),
    path("fermer/", views_account.close, name="close"),
]
