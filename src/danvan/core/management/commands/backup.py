"""``danvan backup [--output FILE]``: the database, the uploaded files and a manifest in one tar.gz."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, các tệp đã tải lên và tệp kê khai vào một tệp .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path,
                            help="tệp sao lưu (mặc định: danvan-backup-<ngày giờ>.tar.gz trong thư mục hiện tại)")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        output = output or Path(f"danvan-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        self.stdout.write(f"Đã sao lưu vào {output}: {manifest['engine']}, {len(manifest['counts'])} bảng, "
                          f"{rows:,} dòng, {files} tệp tải lên.".replace(",", "."))
