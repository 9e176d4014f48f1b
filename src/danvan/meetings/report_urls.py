"""The watch lists and the standing committee's report (``report_views``)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("theo-doi/can-bo/", report_views.watch_cadres, name="watch_cadres"),
    path("theo-doi/chi-hoi/", report_views.watch_branches, name="watch_branches"),
    path("theo-doi/lich-hop/", report_views.watch_meetings, name="watch_meetings"),
    path("bao-cao-thuong-vu/", report_views.standing_report, name="standing_report"),
]
