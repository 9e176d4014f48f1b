"""This app's pages beyond the derived ones (mounted under /privacy/, namespace ``privacy``)."""

from django.urls import path

from .views import DataRequestTransitionView

urlpatterns = [
    path("data-requests/<int:pk>/transition/", DataRequestTransitionView.as_view(), name="datarequest_transition"),
]
