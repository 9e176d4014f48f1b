"""``danvan restore FILE [--force]``: put a ``danvan backup`` archive back, then check the fact ledger."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from danvan.core.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu của 'danvan backup' vào cơ sở dữ liệu trống (--force: ghi đè), "
            "rồi kiểm tra sổ dữ kiện.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="tệp .tar.gz do 'danvan backup' tạo")
        parser.add_argument("--force", action="store_true",
                            help="ghi đè một cơ sở dữ liệu đang có dữ liệu (mọi dữ liệu hiện có sẽ mất)")

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            result = restore_archive(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(f"Đã khôi phục bản sao lưu ngày {manifest['created']} (danvan {manifest['danvan']}): "
                          f"{result.tables} bảng, {result.rows:,} dòng, {result.files} tệp tải lên."
                          .replace(",", "."))
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Bản sao lưu của phiên bản cũ hơn: chạy các bước chuyển đổi (migrate).")
            call_command("migrate", interactive=False, verbosity=0)
        try:
            call_command("facts", "check", stdout=self.stdout)
        except SystemExit as exc:
            raise CommandError("Dữ liệu đã được khôi phục nhưng sổ dữ kiện không khớp với dữ liệu gốc: "
                               "chạy 'danvan facts rebuild'.") from exc
