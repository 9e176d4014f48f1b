from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "danvan.outreach"
    label = "outreach"
    url_prefix = "outreach"  # its pages (derived from declarations.py) live under /outreach/
    verbose_name = _("\"Ba cùng\" với Nhân dân")
    menu_label = _("\"Ba cùng\"")  # its dropdown in the header menu
