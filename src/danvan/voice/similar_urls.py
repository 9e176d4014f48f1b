"""Similar-petition suggestions, merging duplicates into one case, hot spots."""

from django.urls import path

from . import similar_views

urlpatterns = [
    path("similar/", similar_views.similar_fragment, name="similar"),
    path("petitions/<int:pk>/merge/", similar_views.petition_merge, name="petition_merge"),
    path("hotspots/", similar_views.hotspots_page, name="hotspots"),
]
