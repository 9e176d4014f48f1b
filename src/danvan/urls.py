from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("danvan.accounts.urls")),
    path("units/", include("danvan.geo.urls")),
    path("registers/", include("danvan.people.urls")),
    path("data/", include("danvan.core.urls")),
    path("reports/", include("danvan.indicators.urls")),
    path("api/v1/", include("danvan.api.urls")),
    path("", include("danvan.web.urls")),
]
