from django.urls import path

from . import views
from .search.suggest import SuggestionsView

app_name = "directory"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("carte.json", views.SearchMapView.as_view(), name="search-map"),
    path("communes/", views.CommuneAutocompleteView.as_view(), name="communes"),
    path("suggestions/", SuggestionsView.as_view(), name="suggestions"),
    path("moi/", views.OwnEntryEditView.as_view(), name="entry-edit"),
    path("<int:pk>/", views.EntryView.as_view(), name="entry"),
    path("<int:pk>/vcard/", views.EntryVCardView.as_view(), name="entry-vcard"),
    path("<int:pk>/modifier/", views.EntryEditView.as_view(), name="entry-edit-other"),
    path("<int:pk>/confirmer/", views.EntryConfirmView.as_view(), name="entry-confirm"),
    path("<int:pk>/delegations/", views.DelegateView.as_view(), name="entry-delegates"),
]
