"""Pages of this app beside the derived ones (mounted under its ``url_prefix``, namespace ``outreach``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plan-vs-actual/", views.plan_vs_actual_page, name="plan_vs_actual"),
]
