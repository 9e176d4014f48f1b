"""``danvan voice_digest``: send each responsible body its daily digest of petitions."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.voice import digest

HELP = """Gửi bản tin kiến nghị hằng ngày cho từng cơ quan tiếp nhận, giải quyết (Body) đang hoạt động có
kiến nghị được chuyển đến: kiến nghị mới từ hôm qua, đến hạn hôm nay và ngày mai, quá hạn (số ngày).
Cơ quan chưa có thư điện tử không nhận được bản tin: lệnh liệt kê để bổ sung (không vụ việc nào quá
hạn mà không ai biết). --dry-run in bản tin ra màn hình, không gửi.

Chạy mỗi sáng, ví dụ lúc 6 giờ:
  cron:    0 6 * * *  cd /srv/danvan && .venv/bin/danvan voice_digest --site-url https://danvan.example.vn
  systemd: danvan-digest.service (Type=oneshot, ExecStart=/srv/danvan/.venv/bin/danvan voice_digest)
           + danvan-digest.timer ([Timer] OnCalendar=*-*-* 06:00, Persistent=true)
Thư gửi qua cấu hình EMAIL_* của Django (DEFAULT_FROM_EMAIL là địa chỉ gửi).

Send each active body with petitions routed to it its daily digest (new since yesterday, due
today and tomorrow, overdue with days); bodies without e-mail are listed. Run daily (cron/systemd
timer as above)."""


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày '{text}' không hợp lệ: ghi theo dạng 2026-03-31.") from exc


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="In bản tin ra màn hình, không gửi thư.")
        parser.add_argument("--date", help="Ngày của bản tin (YYYY-MM-DD; mặc định hôm nay).")
        parser.add_argument("--unit", help="Chỉ các cơ quan thuộc đơn vị này (mã đơn vị, ví dụ 92).")
        parser.add_argument("--site-url", default="", help="Địa chỉ trang danvan để ghi liên kết trong thư.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["date"]) if options["date"] else timezone.localdate()
        unit = None
        if options["unit"]:
            unit = AdminUnit.objects.filter(key=options["unit"].strip()).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã '{options['unit']}'.")
        dry = options["dry_run"]
        result = digest.run(today, unit=unit, dry_run=dry, site_url=options["site_url"])
        for item in result.sent:
            counts = item.counts()
            verb = "Bản tin (chưa gửi)" if dry else "Đã gửi"
            self.stdout.write(f"{verb} {item.body.name} <{item.body.email}>: {counts['new']} mới, "
                              f"{counts['due_today']} đến hạn hôm nay, {counts['due_tomorrow']} đến hạn ngày mai, "
                              f"{counts['overdue']} quá hạn")
            if dry:
                self.stdout.write(item.text())
        for item in result.no_email:
            counts = item.counts()
            self.stdout.write(f"CHƯA GỬI ĐƯỢC — {item.body.name} ({item.body.unit.name}) chưa có thư điện tử: "
                              f"{counts['new']} mới, {counts['overdue']} quá hạn")
        self.stdout.write(f"{today:%d/%m/%Y}: {len(result.sent)} bản tin {'in ra' if dry else 'đã gửi'}, "
                          f"{len(result.no_email)} cơ quan chưa có thư điện tử, "
                          f"{len(result.nothing)} cơ quan không có gì mới.")
