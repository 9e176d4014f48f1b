"""``danvan serve`` as a real process (gunicorn, the default, and waitress), the cache its processes
share, and ``danvan bench http``'s reading of locust's CSV statistics."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from django.core.cache import CacheHandler

from danvan.demo.bench_http import Server, parse_stats, table, total

STATS_CSV = """\
Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,\
Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,household detail,120,0,85,97.4,40,610,15233.0,2.0,0.0,85,95,110,120,160,230,300,420,610,610,610
POST,API activity PATCH,40,2,66,70.1,31,380,812.0,0.6667,0.0333,66,71,80,88,120,190,250,380,380,380,380
GET,report export XLSX,3,0,N/A,900.0,700,1200,9000.0,0.05,0.0,,,,,,,,,,,
,Aggregated,163,2,80,95.2,31,1200,11453.9,2.7167,0.0333,80,90,100,110,150,220,300,400,1200,1200,1200
"""


def test_parse_stats_reads_counts_rates_and_percentiles():
    stats = parse_stats(STATS_CSV)
    assert [s.name for s in stats] == ["household detail", "API activity PATCH", "report export XLSX", "Aggregated"]
    patch = stats[1]
    assert (patch.method, patch.requests, patch.failures) == ("POST", 40, 2)
    assert (patch.rps, patch.p50, patch.p95, patch.p99) == (0.6667, 66.0, 190.0, 380.0)
    assert (stats[2].p50, stats[2].p99) == (0.0, 0.0)  # too few requests: locust leaves percentiles empty
    everything = total(stats)
    assert (everything.requests, everything.failures, everything.rps, everything.p95) == (163, 2, 2.7167, 220.0)
    lines = table(stats)
    assert lines[-1].split()[:4] == ["TỔNG", "/", "total", "163"]  # the total comes last
    assert "POST API activity PATCH" in lines[2]  # then the slowest p95 first


@pytest.mark.parametrize("name", ["gunicorn", "waitress"])
def test_serve_answers_and_stops_on_sigterm(tmp_path, name):
    """Each server (gunicorn, the default, and waitress) serves a static file (WhiteNoise, no database
    read) and exits 0 on SIGTERM."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DANVAN_HOME=str(tmp_path), PYTHONUNBUFFERED="1")
    server = Server(name, env, tmp_path / "serve.log", workers=2 if name == "gunicorn" else None, threads=2)
    server.args = [*server.args, "--no-collectstatic", "--skip-checks"]
    static = "/static/vendor/pico-2.1.1.min.css"
    try:
        banner = server.start(timeout=60, probe=static)  # static files answer before the URLs are loaded
        assert f"({name}, 2 " in banner
        with urllib.request.urlopen(server.base + static, timeout=10) as response:  # noqa: S310
            assert response.status == 200 and response.read(20).startswith(b"@charset")
    finally:
        code = server.stop()
    assert code == 0
    assert "Đã dừng / Stopped." in server.log.read_text()


READ_IN_ANOTHER_PROCESS = """
import json, sys
import django
from django.conf import settings
settings.configure(CACHES={"default": json.loads(sys.argv[1])})
django.setup()
from django.core.cache import cache
print(cache.get("public-version"))
"""


def test_the_servers_processes_share_one_cache(tmp_path):
    """The product's cache (public pages, rate limits) is seen by every process of the server: a
    value one process sets, another reads."""
    import danvan.settings

    config = {**danvan.settings.CACHES["default"], "LOCATION": str(tmp_path / "cache")}
    cache = CacheHandler({"default": config})["default"]
    cache.set("public-version", 7, None)
    out = subprocess.run([sys.executable, "-c", READ_IN_ANOTHER_PROCESS, json.dumps(config)], capture_output=True,  # noqa: S603
                         text=True, check=True, timeout=60)
    assert out.stdout.strip() == "7"
