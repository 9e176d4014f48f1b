"""``danvan demo``: migrate, load units, build the demo province (once), create demo users, serve."""

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import actor
from danvan.core.management.commands.serve import DEFAULT_SERVER, DEFAULT_THREADS, run_server
from danvan.geo.services import load_units


def ensure_home() -> None:
    """The embedded SQLite database lives under DANVAN_HOME; create the folder on first run."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DANVAN_HOME.mkdir(parents=True, exist_ok=True)


class Command(BaseCommand):
    help = ("Bản trình diễn: cập nhật CSDL, nạp đơn vị hành chính, tạo dữ liệu mẫu Thành phố Cần Thơ (một lần), "
            "tạo người dùng mẫu rồi chạy máy chủ tại http://127.0.0.1:8000.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=None,
                            help="Số luồng mỗi tiến trình máy chủ (mặc định như danvan serve: 4)")
        parser.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ")
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu mẫu cũ và tạo lại")

    def step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(text))

    def handle(self, *args: Any, **options: Any) -> None:
        from danvan.demo import generator
        from danvan.demo.accounts import DEMO_PASSWORD, ensure_demo_users

        started = time.perf_counter()
        ensure_home()
        self.step("1/5 Cập nhật cơ sở dữ liệu / Migrating the database")
        call_command("migrate", interactive=False, verbosity=0)

        self.step("2/5 Nạp đơn vị hành chính / Loading administrative units")
        counts = load_units()
        if counts["communes"] or counts["legacy_communes"]:
            self.stdout.write(f"  Đã nạp {counts['provinces']} tỉnh, {generator.vn(counts['communes'])} xã; "
                              f"{generator.vn(counts['legacy_communes'])} xã cũ.")
        else:
            self.stdout.write("  Đã có sẵn / already loaded.")

        # The users first: apps' demo data may link records to them (a field cadre's login).
        self.step("3/5 Người dùng mẫu / Demo users")
        with actor(None, source="command"):
            logins = ensure_demo_users()
        width = max(len(login.username) for login, _, _ in logins)
        for login, unit, created in logins:
            from danvan.accounts.choices import Role
            from danvan.people.choices import OrgKind

            narrowed = f", chỉ {OrgKind(login.org_kind).label}" if login.org_kind else ""
            note = "" if created else " (đã có; mật khẩu giữ nguyên)"
            self.stdout.write(f"  {login.username:<{width}}  mật khẩu / password: {DEMO_PASSWORD}  ·  "
                              f"{Role(login.role).label} · {unit.name}{narrowed}{note}")

        self.step("4/5 Dữ liệu mẫu Thành phố Cần Thơ / Demo data")
        with actor(None, source="command"):
            if options["reset"]:
                deleted = generator.reset()
                self.stdout.write(f"  Đã xóa dữ liệu mẫu cũ / deleted: {deleted}")
            if generator.is_built():
                self.stdout.write("  Dữ liệu mẫu đã có, dùng lại / Demo data found, reusing it "
                                  "(--reset để tạo lại / to rebuild).")
                added = generator.build_missing_apps(progress=lambda text: self.stdout.write(f"  … {text}"))
                if added:
                    self.stdout.write("  Bổ sung dữ liệu mẫu / added: " + ", ".join(
                        f"{name} {generator.vn(count)}" for name, count in added.items()))
            else:
                try:
                    result = generator.build(progress=lambda text: self.stdout.write(f"  … {text}"))
                except (generator.DemoExists, ValueError) as error:
                    raise CommandError(f"{error} Dùng --reset để tạo lại.") from error
                c = result.counts
                self.stdout.write(self.style.SUCCESS(
                    f"  Xong trong {result.seconds:.1f} giây / built in {result.seconds:.1f} s: "
                    f"{generator.vn(c['villages'])} thôn/ấp, {generator.vn(c['branchs'])} chi hội/chi đoàn, "
                    f"{generator.vn(c['households'])} hộ, {generator.vn(c['persons'])} người, "
                    f"{generator.vn(c['memberships'])} hội viên."))
                self.stdout.write(f"  (ghi bảng / inserts {result.insert_seconds:.1f} s, sổ chỉ tiêu / fact ledger "
                                  f"{result.signal_seconds:.1f} s)")

        from danvan.demo import trust

        trust.ensure(write=self.stdout.write)  # a background import and a deleted member to restore
        self.stdout.write(f"  Sẵn sàng sau / ready after {time.perf_counter() - started:.1f} s.")
        if options["no_serve"]:
            return
        self.step("5/5 Máy chủ / Server")
        from danvan.core.management.commands.serve import prepare_static

        prepare_static()
        run_server(options["host"], options["port"], options["threads"] or DEFAULT_THREADS[DEFAULT_SERVER], self.stdout.write)
