from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "danvan core"

    def ready(self) -> None:
        from . import bulk, locks, lookups  # noqa: F401 -- lookups registers ``__under`` on CharField

        def check_locks(sender, first_id=None, last_id=None, updated_ids=(), **kwargs) -> None:
            locks.check_written(sender, first_id, last_id, updated_ids)

        bulk.bulk_written.connect(check_locks, weak=False, dispatch_uid="core.locks")
