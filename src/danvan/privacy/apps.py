from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "danvan.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")
    url_prefix = "privacy"

    def ready(self) -> None:
        from . import lifecycle  # noqa: F401 — registers the data-subject request's workflow
