"""The URL root: fixed mechanisms, then every app with a ``url_prefix`` (``web.derive``)."""

from django.urls import include, path

from danvan.web.derive import app_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("danvan.accounts.urls")),
    path("data/", include("danvan.core.urls")),
    path("reports/", include("danvan.indicators.urls")),
    path("api/v1/", include("danvan.api.urls")),
    *app_urlpatterns(),
    path("", include("danvan.web.urls")),
]
