from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "danvan.geo"
    label = "geo"
    url_prefix = "units"  # its pages (derived from declarations.py) live under /units/
    verbose_name = _("Đơn vị hành chính")
