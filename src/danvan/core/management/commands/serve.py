"""``danvan serve``: the production WSGI server (waitress) with static files (WhiteNoise), and the
background jobs' worker (``danvan db_worker``) as its child process."""

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def prepare_static() -> None:
    """Collect static files once when STATIC_ROOT is missing (finders serve them meanwhile anyway)."""
    root = Path(settings.STATIC_ROOT)
    if not root.exists() or not any(root.iterdir()):
        root.mkdir(parents=True, exist_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)


def run_server(host: str, port: int, threads: int, write: Callable[[str], None] = print, *,
               worker: bool = True) -> None:
    """Serve ``danvan.wsgi`` with waitress until interrupted (Ctrl+C or SIGTERM), with the jobs' worker."""
    import waitress

    from danvan.core.jobs import WorkerProcess
    from danvan.wsgi import application

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    jobs_worker = WorkerProcess(write).start() if worker else None

    shown = f"[{host}]" if ":" in host else host
    mode = "DEBUG BẬT / ON — không dùng cho môi trường thật" if settings.DEBUG else "DEBUG tắt / off"
    write(f"Đang phục vụ tại / Serving on http://{shown}:{port}/ (waitress, {threads} luồng / threads, {mode})")
    write("Nhấn Ctrl+C để dừng / Press Ctrl+C to stop.")
    if host not in ("127.0.0.1", "localhost", "::1") and "*" not in settings.ALLOWED_HOSTS:
        write(f"Lưu ý / Note: ALLOWED_HOSTS = {', '.join(settings.ALLOWED_HOSTS)}; đặt biến môi trường "
              "ALLOWED_HOSTS nếu truy cập bằng tên hoặc địa chỉ khác.")
    try:
        waitress.serve(application, host=host, port=port, threads=threads, ident="danvan",
                       clear_untrusted_proxy_headers=True)
    except KeyboardInterrupt:
        write("Đã dừng / Stopped.")
    finally:
        if jobs_worker is not None:
            jobs_worker.stop()
    sys.stdout.flush()


class Command(BaseCommand):
    help = ("Chạy máy chủ web (waitress) cho môi trường thật. Cấu hình lấy từ biến môi trường: DATABASE_URL, "
            "SECRET_KEY, ALLOWED_HOSTS, DEBUG (mặc định tắt).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000)")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng xử lý (mặc định 8)")
        parser.add_argument("--no-collectstatic", action="store_true", help="Không chạy collectstatic")
        parser.add_argument("--no-worker", action="store_true",
                            help="Không chạy tiến trình tác vụ nền (khi đã chạy riêng 'danvan db_worker')")

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        if not options["no_collectstatic"]:
            prepare_static()
        run_server(host, port, threads, self.stdout.write, worker=not options["no_worker"])
