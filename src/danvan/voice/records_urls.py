"""The petition pages beyond the derived ones: moving a petition or a recommendation through its
lifecycle, forwarding a petition to another body, and the opinions raised at branch meeting visits
that may become petitions."""

from django.urls import path

from danvan.core.workflow import TransitionView

from . import views
from .models import Petition, Recommendation

urlpatterns = [
    path("petitions/<int:pk>/move/", TransitionView.as_view(model=Petition), name="petition_move"),
    path("petitions/<int:pk>/forward/", views.petition_forward, name="petition_forward"),
    path("recommendations/<int:pk>/move/", TransitionView.as_view(model=Recommendation), name="recommendation_move"),
    path("opinions/", views.opinions, name="opinions"),
]
