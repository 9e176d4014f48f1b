"""The app's own pages beyond the derived ones: petition moves, routing, merging and replies
(``records_urls``), the similar-petition suggestions and hot spots (``similar_urls``), and the
overdue lists, digest and dialogue shortfalls (``watch_urls``). Public pages: ``public_urls``."""

from . import records_urls, similar_urls, watch_urls

urlpatterns = [*records_urls.urlpatterns, *similar_urls.urlpatterns, *watch_urls.urlpatterns]
