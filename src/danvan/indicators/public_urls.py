from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("anh/<str:app_label>/<str:model_name>/<int:pk>/", public_views.evidence, name="evidence"),
    path("<str:key>/", public_views.unit_page, name="unit"),
]
