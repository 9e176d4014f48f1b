"""``danvan bench http``: the served province demo under load.

For each server (``--server waitress,gunicorn``, both by default) it starts ``danvan serve`` on a free loopback port
(127.0.0.1 only, no jobs' worker), waits until the login page answers and a demo user can log in,
then runs locust headless (``danvan/demo/locustfile.py``: commune editors and the province
specialist) once per user count (``--users 20,50``) for ``--duration`` seconds, and prints from
locust's CSV statistics the requests per second and, per request kind, the count, failures and
p50 / p95 / p99. The target: p95 ≤ 300 ms at 20 users, no failures. The server is stopped with
SIGTERM at the end. The database is ``--database-url`` or ``DATABASE_URL`` (PostgreSQL expected);
it must hold the demo (``danvan demo --no-serve``; ``--prepare`` builds it when missing).
"""

import csv
import http.cookiejar
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from danvan.core.management.commands.serve import SERVERS

HELP = ("Đo tải HTTP bản trình diễn đang chạy (locust, chỉ 127.0.0.1): số yêu cầu/giây, p50/p95/p99 theo "
        "loại yêu cầu, ở 20 và 50 người dùng đồng thời; so sánh máy chủ (gunicorn, waitress).")

TARGET_USERS = 20
TARGET_P95_MS = 300.0
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass(frozen=True)
class Stat:
    """One row of locust's ``*_stats.csv``: a request kind, or the total (``name == "Aggregated"``)."""

    method: str
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def parse_stats(text: str) -> list[Stat]:
    """The rows of locust's ``--csv`` statistics file (``<prefix>_stats.csv``), the total last."""
    return [Stat(method=row["Type"], name=row["Name"], requests=int(row["Request Count"]),
                 failures=int(row["Failure Count"]), rps=_number(row["Requests/s"]), p50=_number(row["50%"]),
                 p95=_number(row["95%"]), p99=_number(row["99%"]))
            for row in csv.DictReader(io.StringIO(text))]


def total(stats: list[Stat]) -> Stat:
    """The aggregated row."""
    return next(stat for stat in stats if stat.name == "Aggregated")


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--database-url", default=None,
                        help="CSDL chứa bản trình diễn (mặc định biến DATABASE_URL); nên dùng PostgreSQL.")
    parser.add_argument("--users", default="20,50", help="Số người dùng đồng thời, cách nhau dấu phẩy (mặc định 20,50).")
    parser.add_argument("--duration", type=int, default=60, help="Số giây đo cho mỗi số người dùng (mặc định 60).")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="Người dùng bắt đầu mỗi giây (mặc định 10).")
    parser.add_argument("--server", default=",".join(SERVERS),
                        help=f"Máy chủ cần đo, cách nhau dấu phẩy (mặc định cả hai / both: {','.join(SERVERS)}).")
    parser.add_argument("--workers", type=int, default=None, help="Số tiến trình gunicorn (mặc định như danvan serve).")
    parser.add_argument("--threads", type=int, default=None, help="Số luồng mỗi tiến trình (mặc định như danvan serve).")
    parser.add_argument("--prepare", action="store_true", help="Tạo bản trình diễn nếu CSDL chưa có.")
    parser.add_argument("--keep", action="store_true", help="Giữ thư mục chứa CSV của locust và nhật ký máy chủ.")


def _csv_list(value: str, kind: Callable[[str], Any]) -> list[Any]:
    try:
        return [kind(item.strip()) for item in value.split(",") if item.strip()]
    except ValueError as error:
        raise CommandError(f"Danh sách không hợp lệ / invalid list: {value!r}") from error


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _danvan(*args: str) -> list[str]:
    return [sys.executable, "-m", "danvan", *args]


def _can_log_in(base: str, username: str, password: str) -> bool:
    """Log in through the form as a browser would (CSRF cookie and field)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base}/accounts/login/", timeout=30) as page:  # noqa: S310 — our loopback server
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    if found is None:
        return False
    data = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": found.group(1)}).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})  # noqa: S310
    with opener.open(request, timeout=30) as answer:  # noqa: S310
        return "/accounts/login/" not in answer.url  # a failed login shows the form again


class Server:
    """``danvan serve`` as a child process on a free loopback port."""

    def __init__(self, kind: str, env: dict[str, str], log: Path, workers: int | None, threads: int | None) -> None:
        self.kind, self.env, self.log = kind, env, log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        extra = [*(["--workers", str(workers)] if workers else []), *(["--threads", str(threads)] if threads else [])]
        self.args = _danvan("serve", "--host", "127.0.0.1", "--port", str(self.port), "--server", kind,
                            "--no-worker", *extra)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0, probe: str = "/accounts/login/") -> str:
        """Start and wait until ``probe`` answers (by default the login page); returns the banner line."""
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(self.args, env=self.env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"danvan serve dừng / exited ({self.process.returncode}):\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.base + probe, timeout=5) as page:  # noqa: S310
                    if page.status == 200:
                        return next((line for line in self.tail().splitlines() if "http://" in line), self.base)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise CommandError(f"danvan serve không trả lời sau / did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def stop(self) -> int | None:
        """SIGTERM, as an operator's service manager would; SIGKILL after 30 s. Returns the exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def run_locust(base: str, users: int, duration: int, spawn_rate: float, prefix: Path, env: dict[str, str]) -> list[Stat]:
    """One headless locust run; the parsed statistics (locust exits 1 when a request failed: not an error here)."""
    args = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
            "-r", str(spawn_rate), "-t", f"{duration}s", "--stop-timeout", "10", "--reset-stats", "--csv", str(prefix),
            "--host", base, "--only-summary", "--loglevel", "WARNING"]
    with prefix.with_suffix(".log").open("wb") as out:
        done = subprocess.run(args, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        log = prefix.with_suffix(".log").read_text(errors="replace")[-3000:]
        raise CommandError(f"locust không ghi thống kê / wrote no statistics (exit {done.returncode}):\n{log}")
    return parse_stats(stats_file.read_text())


def failures(prefix: Path, limit: int = 5) -> list[str]:
    """The most frequent failures of a run (``<prefix>_failures.csv``)."""
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    rows = sorted(csv.DictReader(io.StringIO(path.read_text())), key=lambda row: -int(row["Occurrences"]))
    return [f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error'][:160]}" for row in rows[:limit]]


def table(stats: list[Stat]) -> list[str]:
    """Per request kind: count, failures, req/s, p50/p95/p99 (ms); the total last."""
    width = max(len(stat.name) for stat in stats) + 7
    lines = [f"  {'loại yêu cầu / request kind':<{width}} {'số / n':>7} {'lỗi':>5} {'req/s':>7} "
             f"{'p50':>7} {'p95':>7} {'p99':>7}"]
    for stat in sorted(stats, key=lambda s: (s.name == "Aggregated", -s.p95)):
        label = "TỔNG / total" if stat.name == "Aggregated" else f"{stat.method} {stat.name}"
        lines.append(f"  {label:<{width}} {stat.requests:>7} {stat.failures:>5} {stat.rps:>7.1f} "
                     f"{stat.p50:>7.0f} {stat.p95:>7.0f} {stat.p99:>7.0f}")
    return lines


def run(command: Any, **options: Any) -> None:
    write = command.stdout.write
    servers = _csv_list(options["server"], str)
    unknown = [name for name in servers if name not in SERVERS]
    if unknown:
        raise CommandError(f"Máy chủ không biết / unknown server: {', '.join(unknown)} ({', '.join(SERVERS)})")
    user_counts = _csv_list(options["users"], int)
    url = options["database_url"] or os.environ.get("DATABASE_URL", "")
    env = {**os.environ, **({"DATABASE_URL": url} if url else {})}
    if not url.startswith(("postgres://", "postgresql://")):
        write(command.style.WARNING("Cảnh báo / warning: không phải PostgreSQL / not PostgreSQL "
                                    f"({url or 'SQLite mặc định / default'}); số đo không đại diện cho môi trường thật."))
    if options["prepare"]:
        write("Chuẩn bị bản trình diễn / preparing the demo (danvan demo --no-serve) …")
        done = subprocess.run(_danvan("demo", "--no-serve"), env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode:
            raise CommandError(done.stdout[-1500:] + done.stderr[-1500:])

    from danvan.demo.accounts import DEMO_PASSWORD

    work = Path(tempfile.mkdtemp(prefix="danvan-bench-http-"))
    summary: list[tuple[str, int, Stat]] = []
    for kind in servers:
        server = Server(kind, env, work / f"serve-{kind}.log", options["workers"], options["threads"])
        write(f"\n== {kind} ==")
        try:
            write(f"  {server.start()}")
            if not _can_log_in(server.base, "xa", DEMO_PASSWORD):
                raise CommandError("Không đăng nhập được 'xa' / cannot log in: CSDL chưa có bản trình diễn? "
                                   "Chạy với --prepare / build it with --prepare.")
            for users in user_counts:
                prefix = work / f"{kind}-{users}"
                load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
                write(f"\n  {users} người dùng đồng thời / concurrent users, {options['duration']} s; locust cùng máy / "
                      f"on the same machine ({os.cpu_count()} lõi / cores, tải / load average {load}) …")
                stats = run_locust(server.base, users, options["duration"], options["spawn_rate"], prefix, env)
                everything = total(stats)
                summary.append((kind, users, everything))
                write(f"  {everything.rps:.1f} yêu cầu/giây / requests/s; thời gian đáp ứng / response time, ms:")
                for line in table(stats):
                    write(line)
                for line in failures(prefix):
                    write(f"    lỗi / failure: {line}")
        finally:
            code = server.stop()
            write(f"  máy chủ dừng / server stopped (SIGTERM → exit {code})")
    write("\nTóm tắt / summary (ms):")
    write(f"  {'máy chủ / server':<18} {'users':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'lỗi':>5}")
    for kind, users, stat in summary:
        write(f"  {kind:<18} {users:>5} {stat.rps:>7.1f} {stat.p50:>6.0f} {stat.p95:>6.0f} {stat.p99:>6.0f} "
              f"{stat.failures:>5}")
    for kind, users, stat in summary:
        if users == TARGET_USERS:
            met = stat.p95 <= TARGET_P95_MS and stat.failures == 0
            write(f"  {kind}: p95 {stat.p95:.0f} ms ≤ {TARGET_P95_MS:.0f} ms ở / at {TARGET_USERS} người dùng, "
                  f"không lỗi / no errors: {'ĐẠT / met' if met else 'CHƯA ĐẠT / not met'}")
    if options["keep"]:
        write(f"CSV và nhật ký / CSV and logs: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
