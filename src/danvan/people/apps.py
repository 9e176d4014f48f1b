from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "danvan.people"
    label = "people"
    url_prefix = "registers"  # its pages (derived from declarations.py) live under /registers/
    verbose_name = _("Tổ chức, hội viên, hộ gia đình")
    menu_label = _("Hội viên, hộ gia đình")  # its dropdown in the header menu
