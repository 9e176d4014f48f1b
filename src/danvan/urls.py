"""The URL root: fixed mechanisms, then every app with a ``url_prefix`` (``web.derive``)."""

from django.urls import include, path, re_path

from danvan.api.api import not_found as api_not_found
from danvan.indicators.public_urls import app_public_urlpatterns
from danvan.web.derive import app_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("danvan.accounts.urls")),
    path("data/", include("danvan.core.urls")),
    path("reports/", include("danvan.indicators.urls")),
    path("cong-khai/", include(app_public_urlpatterns())),  # the apps' public pages, before the unit pages
    path("cong-khai/", include("danvan.indicators.public_urls")),  # public pages, no login
    path("api/v1/", include("danvan.api.urls")),
    re_path(r"^api/", api_not_found),  # any other address under /api/: 404 in JSON
    *app_urlpatterns(),
    path("", include("danvan.web.urls")),
]
