from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panel/", views.panel, name="panel"),
    path("export/", views.export, name="export"),
]
