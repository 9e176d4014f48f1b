"""A cadre's phone pages (``phone_views``), the service worker under their scope, the endpoint
the offline queue sends reports to, and the private calendar feed (``calendar``)."""

from django.urls import path

from . import calendar, phone_views

urlpatterns = [
    path("my/", phone_views.my_visits, name="my_visits"),
    path("my/report/", phone_views.my_visit_report, name="my_visit_report"),
    path("my/reports/", phone_views.my_visit_sync, name="my_visit_sync"),
    path("my/sw.js", phone_views.service_worker, name="my_service_worker"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar"),
]
