from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.geo.services import load_units


class Command(BaseCommand):
    help = "Administrative units: 'load' loads the current and legacy national lists (offline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        counts = load_units(progress=lambda step: self.stdout.write(f"  … {step}") if options["verbosity"] > 1 else None)
        self.stdout.write(self.style.SUCCESS(
            "Đã nạp: {provinces} tỉnh, {communes} xã; đơn vị cũ: {legacy_provinces} tỉnh, "
            "{legacy_districts} huyện, {legacy_communes} xã; {successions} liên kết kế thừa.".format(**counts)
        ))
