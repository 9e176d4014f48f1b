from django.urls import path

from . import trash, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("trash/", trash.TrashListView.as_view(), name="trash"),
    path("trash/<int:pk>/", trash.TrashEntryView.as_view(), name="trash_entry"),
]
