from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "danvan.voice"
    label = "voice"
    url_prefix = "voice"  # its pages (derived from declarations.py) live under /voice/
    verbose_name = _("Tâm tư, nguyện vọng, kiến nghị của Nhân dân")
    menu_label = _("Kiến nghị, đối thoại, giám sát")  # its dropdown in the header menu

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # the workflows, the dashboard panel, the public page's cache signals
        from . import law, lifecycle, panel, public  # noqa: F401

        post_migrate.connect(law.install_after_migrate, sender=self)
