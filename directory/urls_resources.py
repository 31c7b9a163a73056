from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.ResourceListView.as_view(), name="list"),
    path("carte.json", views.ResourceMapView.as_view(), name="map"),
]
