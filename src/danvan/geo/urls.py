from django.urls import path

from . import views

app_name = "geo"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("search/", views.unit_search, name="unit_search"),
    path("<str:key>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("<str:key>/villages/add/", views.VillageEditView.as_view(creating=True), name="village_add"),
    path("<str:key>/edit/", views.VillageEditView.as_view(), name="village_edit"),
    path("<str:key>/delete/", views.VillageDeleteView.as_view(), name="village_delete"),
]
