from django.urls import path, re_path

from .api import api, not_found

urlpatterns = [
    path("", not_found),  # the API root (ninja's own raises an HTML 404); the docs are at docs
    path("", api.urls),
    re_path(r"", not_found),  # any other address under /api/v1/: 404 in JSON
]
