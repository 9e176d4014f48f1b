from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "danvan.campaigns"
    label = "campaigns"
    url_prefix = "campaigns"  # its pages (derived from declarations.py) live under /campaigns/
    verbose_name = _("Phong trào, công trình, đóng góp")
    menu_label = _("Phong trào, đóng góp")  # its dropdown in the header menu

    def ready(self) -> None:
        from . import signals  # noqa: F401 — keeps the public pages fresh
