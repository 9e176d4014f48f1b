from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignoffConfig(AppConfig):
    name = "danvan.signoff"
    label = "signoff"
    verbose_name = _("Ký duyệt số liệu")
    url_prefix = "signoff"
