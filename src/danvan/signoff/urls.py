"""The sign-off pages beyond the derived ones (mounted under /signoff/, namespace ``signoff``)."""

from django.urls import path

from .views import SignOffTransitionView, submit

urlpatterns = [
    path("submit/", submit, name="signoff_submit"),
    path("signoffs/<int:pk>/transition/", SignOffTransitionView.as_view(), name="signoff_transition"),
]
