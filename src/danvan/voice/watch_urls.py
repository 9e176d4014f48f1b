"""The watch pages (``watch_views``): overdue petitions, dialogue-rule shortfalls, a body's digest
(their home-page shortcuts are in ``declarations.py``)."""

from django.urls import path

from . import watch_views

urlpatterns = [
    path("qua-han/", watch_views.overdue, name="overdue"),
    path("tiep-dan-chua-du/", watch_views.shortfalls, name="shortfalls"),
    path("bodies/<int:pk>/digest/", watch_views.body_digest, name="digest"),
]

