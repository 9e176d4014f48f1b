from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "danvan.exemplars"
    label = "exemplars"
    url_prefix = "exemplars"  # its pages (derived from declarations.py) live under /exemplars/
    verbose_name = _("Mô hình, điển hình \"Dân vận khéo\"")

    def ready(self) -> None:
        from . import lifecycle, signals  # noqa: F401 — registers the workflow; keeps the public page fresh
