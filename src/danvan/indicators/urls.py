from django.urls import path

from . import public_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panel/", views.panel, name="panel"),
    path("panels/<slug:panel>/", views.panel_block, name="panel_block"),
    path("export/", views.export, name="export"),
    path("publish/", public_views.publish, name="publish"),
    path("published/<int:pk>/unpublish/", public_views.unpublish, name="unpublish"),
]
