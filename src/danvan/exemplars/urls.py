"""This app's pages beyond the derived ones (mounted under /exemplars/, namespace ``exemplars``)."""

from django.urls import path

from .views import ExemplarTransitionView

urlpatterns = [
    path("exemplars/<int:pk>/transition/", ExemplarTransitionView.as_view(), name="exemplar_transition"),
]
