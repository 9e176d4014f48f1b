"""The planner's actions beyond the derived pages (``plan_declarations``): re-plan, publish, pin and
exclude a planned visit."""

from django.urls import path

from . import plan_views

urlpatterns = [
    path("plans/<int:pk>/replan/", plan_views.replan, name="plan_replan"),
    path("plans/<int:pk>/publish/", plan_views.publish, name="plan_publish"),
    path("planned-visits/<int:pk>/pin/", plan_views.pin, name="plan_visit_pin"),
    path("planned-visits/<int:pk>/exclude/", plan_views.exclude, name="plan_visit_exclude"),
]
