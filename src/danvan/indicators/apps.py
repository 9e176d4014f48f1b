from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "danvan.indicators"
    label = "indicators"
    verbose_name = _("Chỉ tiêu và báo cáo")

    def ready(self) -> None:
        from danvan.core import bulk

        from . import catalog, ledger, signals

        catalog.autodiscover()
        signals.connect()
        bulk.register_batch(ledger.bulk_batch)
