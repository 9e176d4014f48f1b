from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignoffConfig(AppConfig):
    name = "danvan.signoff"
    label = "signoff"
    verbose_name = _("Ký duyệt số liệu")
    url_prefix = "signoff"

    def ready(self) -> None:
        from danvan.core.locks import register_provider

        from . import lifecycle, panel  # noqa: F401 — registers the workflow and the dashboard panel
        from .locks import locked

        register_provider(locked)
