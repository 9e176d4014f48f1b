"""The works' public pages (no login), under ``/cong-khai/campaigns/`` as ``campaigns_public:<name>``
(``indicators.public_urls.app_public_urlpatterns``)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("work/<int:pk>/", public_views.work_page, name="work"),
    path("work/<int:pk>/thong-bao/", public_views.notice, name="notice"),
    path("work/<int:pk>/thong-bao.docx", public_views.notice_docx, name="notice_docx"),
]
