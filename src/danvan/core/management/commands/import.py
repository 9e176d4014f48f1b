from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import actor
from danvan.core.imports import ImportFailed, formats_markdown, run_import, specs


class Command(BaseCommand):
    help = "Nhập tệp CSV/XLSX (villages, organizations, branches, households, members): tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="Loại dữ liệu: " + ", ".join(specs()))
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--formats", action="store_true", help="In mô tả các định dạng tệp (Markdown).")
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra toàn bộ tệp, không ghi gì.")
        parser.add_argument("--user", help="Nhập với quyền và phạm vi của người dùng này.")

    def handle(self, *args: Any, kind: str | None, file: Path | None, dry_run: bool, user: str | None,
               formats: bool, **options: Any) -> None:
        if formats:
            self.stdout.write(formats_markdown(), ending="")
            return
        if not kind or file is None:
            raise CommandError("Cần KIND và FILE, ví dụ: danvan import members hoi-vien.xlsx")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Không có người dùng '{user}'.")
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp '{file}'.")
        show = options["verbosity"] > 0
        with actor(account, source="command"), file.open("rb") as stream:
            try:
                result = run_import(
                    kind, stream, file.name, account, dry_run=dry_run,
                    progress=(lambda n: self.stderr.write(f"\r  … {n:,} dòng".replace(",", "."), ending="")) if show else None,
                )
            except ImportFailed as failure:
                if show:
                    self.stderr.write("")
                for line in failure.errors:
                    self.stderr.write(line)
                if failure.total_errors > len(failure.errors):
                    self.stderr.write(f"… và {failure.total_errors - len(failure.errors)} lỗi khác.")
                raise CommandError(f"Tệp bị từ chối, không ghi dòng nào ({failure.total_errors} lỗi).") from None
        if show:
            self.stderr.write("")
        verb = "Kiểm tra xong (không ghi)" if dry_run else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(
            f"{verb}: {result.rows} dòng — {result.created} mới, {result.updated} cập nhật."
        ))
