"""The watch pages (``watch_views``): overdue petitions, dialogue-rule shortfalls, a body's digest;
and the home-page shortcuts to them for the users who write (editors, specialists)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import register_shortcut

from . import panel, watch_views  # noqa: F401 — panel registers the dashboard panel

urlpatterns = [
    path("qua-han/", watch_views.overdue, name="overdue"),
    path("tiep-dan-chua-du/", watch_views.shortfalls, name="shortfalls"),
    path("bodies/<int:pk>/digest/", watch_views.body_digest, name="digest"),
]


def _writes(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can_write())  # type: ignore[attr-defined]


register_shortcut(_("Kiến nghị quá hạn"), "voice:overdue", _writes)
register_shortcut(_("Tiếp dân, đối thoại chưa đủ theo quy định"), "voice:shortfalls", _writes)
