from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "danvan.meetings"
    label = "meetings"
    url_prefix = "meetings"  # its pages (derived from declarations.py) live under /meetings/
    verbose_name = _("Dự sinh hoạt chi, tổ hội")
    menu_label = _("Dự sinh hoạt")  # its dropdown in the header menu
