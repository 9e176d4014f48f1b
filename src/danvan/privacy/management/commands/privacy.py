"""``danvan privacy anonymise [--years N] [--dry-run]``: the retention rule (``privacy.retention``)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.context import actor

from ...retention import anonymise, retention_years


class Command(BaseCommand):
    help = "Bảo vệ dữ liệu cá nhân: ẩn danh người đã thôi sinh hoạt quá thời hạn lưu trữ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("anonymise", help="Ẩn danh người mà mọi sinh hoạt chi hội đã kết thúc quá N năm.")
        run.add_argument("--years", type=int, default=None,
                         help="Số năm lưu trữ sau khi thôi sinh hoạt (mặc định PRIVACY_RETENTION_YEARS = 5).")
        run.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không sửa.")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] if options["years"] is not None else retention_years()
        with actor(None, "command"):
            count = anonymise(years, dry_run=options["dry_run"])
        verb = "Sẽ ẩn danh" if options["dry_run"] else "Đã ẩn danh"
        self.stdout.write(f"{verb} {count} người (thôi sinh hoạt quá {years} năm).")
