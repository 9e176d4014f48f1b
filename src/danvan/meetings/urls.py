"""The app's own pages beyond the derived ones: the planner's (``plan_urls``), the cadres' phone
pages and calendar feed (``phone_urls``) and the watch lists and reports (``report_urls``)."""

from . import phone_urls, plan_urls, report_urls

urlpatterns = [*plan_urls.urlpatterns, *phone_urls.urlpatterns, *report_urls.urlpatterns]
