"""``danvan facts rebuild|check``: recompute the fact ledger, or verify it against the records."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from danvan.indicators import ledger


class Command(BaseCommand):
    help = "Rebuild the fact ledger from the records (staging table, swapped in), or check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--limit", type=int, default=50, help="differences to print (check)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, action: str, limit: int, no_progress: bool, **options: Any) -> None:
        if action == "rebuild":
            total = ledger.source_sizes()
            with tqdm(total=total, unit="bản ghi", disable=no_progress, file=sys.stderr,
                      desc="Tính lại dữ kiện") as bar:
                count = ledger.rebuild(progress=bar.update)
            self.stdout.write(f"Đã tính lại sổ dữ kiện: {count:,} dòng.".replace(",", "."))
            return
        total, differences = ledger.check(limit)
        if not total:
            self.stdout.write("Sổ dữ kiện khớp với dữ liệu gốc.")
            return
        self.stdout.write(f"Sổ dữ kiện KHÔNG khớp: {total} nhóm dòng khác nhau (in tối đa {limit}):")
        for diff in differences:
            if diff.side.startswith("totals"):
                row = diff.row
                where = ("tổng lũy kế lưu trong sổ" if diff.side == "totals" else "tổng lũy kế tính từ dữ kiện")
                self.stdout.write(
                    f"  [{where}] {row['indicator']} đến ngày {row['day']} = {row['value']} "
                    f"(cấp {row['grain']}, tỉnh={row['province_id']} xã={row['commune_id']} "
                    f"nghèo={row['poverty'] or '-'} nhóm={row['category'] or '-'})"
                )
                continue
            where = ("có trong sổ, không suy ra được từ dữ liệu gốc" if diff.side == "ledger"
                     else "suy ra từ dữ liệu gốc, thiếu trong sổ")
            row = diff.row
            self.stdout.write(
                f"  [{where}] {row['indicator']} nguồn={row['source']}#{row['ref']} ngày={row['day']} "
                f"giá trị={row['value']} ×{diff.count} tỉnh={row['province_id']} xã={row['commune_id']} "
                f"thôn={row['village_id']} tổ chức={row['org_kind'] or '-'}"
            )
        self.stdout.write("Chạy 'danvan facts rebuild' để tính lại.")
        sys.exit(1)
