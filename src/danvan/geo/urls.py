"""Village pages of the unit tree (the list, detail and search pages come from declarations.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:key>/villages/add/", views.VillageEditView.as_view(creating=True), name="village_add"),
    path("<str:key>/edit/", views.VillageEditView.as_view(), name="village_edit"),
    path("<str:key>/delete/", views.VillageDeleteView.as_view(), name="village_delete"),
]
