"""This app's pages beyond the derived ones (mounted under /exemplars/, namespace ``exemplars``)."""

from django.urls import path

from .views import ExemplarTransitionView, origin_search

urlpatterns = [
    path("exemplars/<int:pk>/transition/", ExemplarTransitionView.as_view(), name="exemplar_transition"),
    path("exemplars/origins/search/", origin_search, name="exemplar_origin_search"),
]
