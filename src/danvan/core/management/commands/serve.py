"""``danvan serve``: the production WSGI server with static files (WhiteNoise), and the background
jobs' worker (``danvan db_worker``) as its child process.

Two servers: gunicorn (the default: ``--workers`` processes of ``--threads`` threads, gthread
workers, the app preloaded) and waitress (``--server waitress``: one process, threads).
``danvan bench http`` measured both on the province demo on PostgreSQL: at 20 users gunicorn's
two processes answered with p95 220 ms against waitress's 360, at 50 users 44 requests/s (p95
490 ms) against 38 (760 ms): one Python process uses one core. The processes share the file cache under ``DANVAN_HOME``
(``settings.CACHES``: public pages, rate limits). See docs/operations.md, "Production server".
"""

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

SERVERS = ("waitress", "gunicorn")
DEFAULT_SERVER = "gunicorn"
DEFAULT_THREADS = {"gunicorn": 4, "waitress": 8}  # a process's threads: gunicorn runs one process per core


def default_workers() -> int:
    """Worker processes of gunicorn: one per core, at least two (one can wait on the database)."""
    return max(2, os.cpu_count() or 1)


def prepare_static() -> None:
    """Collect static files once when STATIC_ROOT is missing (finders serve them meanwhile anyway)."""
    root = Path(settings.STATIC_ROOT)
    if not root.exists() or not any(root.iterdir()):
        root.mkdir(parents=True, exist_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)


def gunicorn_options(host: str, port: int, threads: int, workers: int) -> dict[str, Any]:
    """Settings of gunicorn's ``gthread`` workers: ``workers`` processes of ``threads`` threads each."""
    from django.db import connections

    def pre_fork(server: Any, worker: Any) -> None:
        connections.close_all()  # a database connection is never shared by two processes

    shown = f"[{host}]" if ":" in host else host
    return {"bind": [f"{shown}:{port}"], "workers": workers, "threads": threads, "worker_class": "gthread",
            "preload_app": True, "pre_fork": pre_fork, "proc_name": "danvan", "timeout": 120,
            "keepalive": 30, "graceful_timeout": 10, "forwarded_allow_ips": "127.0.0.1,::1", "loglevel": "warning",
            # The longest request line gunicorn accepts (its default, 4094 bytes, cut an API search of
            # a thousand Vietnamese letters with a 414 before the API could answer it in JSON); nginx's
            # default is the same 8 KB.
            "limit_request_line": 8190}


def _serve_gunicorn(application: Any, options: dict[str, Any]) -> None:
    from django.db import connections

    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as error:
        raise CommandError("gunicorn chưa được cài / is not installed: pip install -e .") from error

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    connections.close_all()  # the jobs' worker start read the database in this (the master) process
    master = os.getpid()
    try:
        Server().run()  # gunicorn handles SIGTERM (graceful) and SIGINT itself, then exits
    except SystemExit as stop:
        if os.getpid() != master or stop.code not in (0, None):
            raise  # a worker process leaving (it was forked inside run()), or a failure


def run_server(host: str, port: int, threads: int, write: Callable[[str], None] = print, *,
               worker: bool = True, server: str = DEFAULT_SERVER, workers: int | None = None) -> None:
    """Serve ``danvan.wsgi`` until interrupted (Ctrl+C or SIGTERM), with the jobs' worker."""
    from danvan.core.jobs import WorkerProcess
    from danvan.wsgi import application

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    owner = os.getpid()  # gunicorn's worker processes are forked from this one and leave through here too
    jobs_worker = WorkerProcess(write).start() if worker else None

    shown = f"[{host}]" if ":" in host else host
    mode = "DEBUG BẬT / ON — không dùng cho môi trường thật" if settings.DEBUG else "DEBUG tắt / off"
    workers = workers or default_workers()
    model = (f"{workers} tiến trình × {threads} luồng / processes × threads" if server == "gunicorn"
             else f"{threads} luồng / threads")
    write(f"Đang phục vụ tại / Serving on http://{shown}:{port}/ ({server}, {model}, {mode})")
    write("Nhấn Ctrl+C để dừng / Press Ctrl+C to stop.")
    if host not in ("127.0.0.1", "localhost", "::1") and "*" not in settings.ALLOWED_HOSTS:
        write(f"Lưu ý / Note: ALLOWED_HOSTS = {', '.join(settings.ALLOWED_HOSTS)}; đặt biến môi trường "
              "ALLOWED_HOSTS nếu truy cập bằng tên hoặc địa chỉ khác.")
    sys.stdout.flush()
    try:
        if server == "gunicorn":
            _serve_gunicorn(application, gunicorn_options(host, port, threads, workers))
        else:
            import waitress

            waitress.serve(application, host=host, port=port, threads=threads, ident="danvan",
                           clear_untrusted_proxy_headers=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if jobs_worker is not None and os.getpid() == owner:
            jobs_worker.stop()
    write("Đã dừng / Stopped.")
    sys.stdout.flush()


class Command(BaseCommand):
    help = ("Chạy máy chủ web (mặc định gunicorn) cho môi trường thật. Cấu hình lấy từ biến môi trường: "
            "DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG (mặc định tắt).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000)")
        parser.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER,
                            help=f"Máy chủ WSGI (mặc định {DEFAULT_SERVER})")
        parser.add_argument("--workers", type=int, default=None,
                            help="Số tiến trình của gunicorn (mặc định: số lõi CPU, ít nhất 2)")
        parser.add_argument("--threads", type=int, default=None,
                            help="Số luồng xử lý mỗi tiến trình (mặc định 4 với gunicorn, 8 với waitress)")
        parser.add_argument("--no-collectstatic", action="store_true", help="Không chạy collectstatic")
        parser.add_argument("--no-worker", action="store_true",
                            help="Không chạy tiến trình tác vụ nền (khi đã chạy riêng 'danvan db_worker')")

    def handle(self, *args: Any, host: str, port: int, server: str, threads: int | None, **options: Any) -> None:
        if not options["no_collectstatic"]:
            prepare_static()
        threads = threads or DEFAULT_THREADS[server]
        run_server(host, port, threads, self.stdout.write, worker=not options["no_worker"], server=server,
                   workers=options["workers"])
