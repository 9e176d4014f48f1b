"""The public intake's pages (no login), under ``/cong-khai/voice/`` as ``voice_public:<name>``
(``indicators.public_urls.app_public_urlpatterns``)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("tra-cuu/", public_views.track, name="track"),
    path("<str:key>/gui-kien-nghi/", public_views.submit, name="submit"),
    path("<str:key>/gui-kien-nghi/da-gui/", public_views.receipt, name="receipt"),
    path("<str:key>/tra-loi/", public_views.answers, name="answers"),
]
