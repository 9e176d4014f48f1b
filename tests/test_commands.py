"""Commands: users, token, serve, bench."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from danvan.accounts.models import ApiToken, Grant, User
from danvan.core.models import ChangeRecord

GOOD_PASSWORD = "mat-khau-thu-nghiem-2026"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_users_create(db):
    out, _ = run("users", "create", "nhapxa", "--role", "commune_editor", "--unit", "31135",
                 "--org-kind", "women", "--password", GOOD_PASSWORD, "--name", "Trần Thị Lan")
    assert "Đã tạo người dùng 'nhapxa'" in out and "Phường Ninh Kiều" in out
    user = User.objects.get(username="nhapxa")
    assert user.check_password(GOOD_PASSWORD) and user.first_name == "Trần Thị Lan"
    grant = Grant.objects.get(user=user)
    assert (grant.role, grant.unit.key, grant.org_kind) == ("commune_editor", "31135", "women")
    record = ChangeRecord.objects.get(object_id=user.pk, action="create")
    assert record.source == "command" and record.unit_path == "VN/92/31135/"
    out, _ = run("users", "list")
    assert "nhapxa" in out and "Hội Liên hiệp Phụ nữ" in out


def test_users_create_generates_a_password_without_a_terminal(db):
    out, _ = run("users", "create", "xemtinh", "--role", "viewer", "--unit", "92")
    password = out.split("Mật khẩu (chỉ hiện một lần): ")[1].strip()
    assert User.objects.get(username="xemtinh").check_password(password)


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "boss", "--unit", "92"], "Vai trò 'boss' không hợp lệ"),
    (["--role", "viewer", "--unit", "99999"], "Không có đơn vị hành chính mã '99999'"),
    (["--role", "viewer", "--unit", "L93"], "là đơn vị cũ"),
    (["--role", "viewer", "--unit", "92", "--org-kind", "club"], "Loại tổ chức 'club' không hợp lệ"),
    (["--role", "viewer", "--unit", "92", "--password", "123"], "Mật khẩu không hợp lệ"),
])
def test_users_create_rejects_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("users", "create", "sai", *args)
    assert not User.objects.filter(username="sai").exists()
    assert not Grant.objects.exists() and not ChangeRecord.objects.exists()


def test_users_create_rejects_a_taken_username(db):
    run("users", "create", "trung", "--role", "viewer", "--unit", "92", "--password", GOOD_PASSWORD)
    with pytest.raises(CommandError, match="Tên đăng nhập 'trung' đã tồn tại"):
        run("users", "create", "trung", "--role", "province_specialist", "--unit", "92", "--password", GOOD_PASSWORD)
    assert Grant.objects.count() == 1


def test_token_create_prints_a_working_token(db):
    user = User.objects.create_user("apiuser", password=GOOD_PASSWORD)
    out, err = run("token", "create", "apiuser", "--name", "đồng bộ")
    raw = out.strip()
    assert raw.startswith("dv_") and "Đã cấp mã" in err
    token = ApiToken.objects.get(digest=hashlib.sha256(raw.encode()).hexdigest())
    assert token.user == user and token.name == "đồng bộ" and token.prefix == raw[:8]
    assert ChangeRecord.objects.filter(object_id=token.pk, source="command").exists()
    out, _ = run("token", "list", "apiuser")
    assert token.prefix in out


def test_token_create_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng 'ai'"):
        run("token", "create", "ai")
    assert not ApiToken.objects.exists()


def _fake_worker(monkeypatch, calls):
    from danvan.core import jobs

    # The background-job worker starts with the server and stops with it (tests/test_jobs.py runs a real one).
    monkeypatch.setattr(jobs.WorkerProcess, "start", lambda self: calls.append("worker started") or self)
    monkeypatch.setattr(jobs.WorkerProcess, "stop", lambda self: calls.append("worker stopped"))


def test_serve_runs_gunicorn_by_default(monkeypatch, tmp_path, settings):
    from gunicorn.app.base import BaseApplication

    from danvan.wsgi import application

    settings.STATIC_ROOT = tmp_path / "static"
    calls = []
    _fake_worker(monkeypatch, calls)
    monkeypatch.setattr(BaseApplication, "run", lambda self: calls.append((self.wsgi(), self.cfg)))
    out, _ = run("serve", "--port", "8765", "--workers", "3", "--no-collectstatic")
    assert calls[0] == "worker started" and calls[2] == "worker stopped"
    app, cfg = calls[1]
    assert app is application
    assert (cfg.bind, cfg.workers, cfg.threads, cfg.worker_class_str, cfg.preload_app) == (
        ["127.0.0.1:8765"], 3, 4, "gthread", True)
    assert cfg.limit_request_line == 8190  # an API search with a long text reaches the API (422 in JSON)
    assert "http://127.0.0.1:8765/ (gunicorn, 3 tiến trình × 4 luồng" in out


def test_serve_runs_waitress_on_request(monkeypatch, tmp_path, settings):
    import waitress

    from danvan.wsgi import application

    settings.STATIC_ROOT = tmp_path / "static"
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    _fake_worker(monkeypatch, calls)
    out, _ = run("serve", "--server", "waitress", "--port", "8765", "--threads", "2", "--no-collectstatic")
    assert calls == ["worker started",
                     (application, {"host": "127.0.0.1", "port": 8765, "threads": 2, "ident": "danvan",
                                    "clear_untrusted_proxy_headers": True}),
                     "worker stopped"]
    assert "http://127.0.0.1:8765/" in out
    calls.clear()
    run("serve", "--server", "waitress", "--port", "8765", "--no-collectstatic", "--no-worker")  # a worker run elsewhere
    assert [c for c in calls if isinstance(c, str)] == []


@override_settings(DEBUG=False)
def test_static_files_are_served_without_collectstatic(db):
    response = Client().get("/static/vendor/pico-2.1.1.min.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"@charset") or response["Content-Type"].startswith("text/css")


def test_bench_dispatcher_lists_generate():
    from danvan.demo.management.commands import bench

    assert "generate" in bench.SUBCOMMANDS
    with pytest.raises(CommandError):
        call_command("bench", "nothing")


def test_bench_import_runs_every_phase(monkeypatch):
    """A tiny run of `danvan bench import`: every phase runs and prints its rate (no timing asserted)."""
    import io

    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "danvan.settings")  # its child processes: the product
    out = io.StringIO()
    call_command("bench", "import", "--rows", "400", "--xlsx-rows", "100", "--orm-rows", "50",
                 "--household-rows", "300", "--base-scale", "0", stdout=out)
    text = out.getvalue()
    rows = {line[:19].strip(): line[19:].split() for line in text.splitlines() if line[:19].strip()}
    for phase, count in (("thô hội viên", "400"), ("CSV hội viên", "400"), ("XLSX hội viên", "100"),
                         ("ORM từng dòng", "50"), ("thô hộ", "300"), ("CSV hộ", "300")):
        assert rows[phase][0] == count, text  # every phase ran and printed its row count and rate
    assert rows["thô hộ"][-1] == "1.00" and 0 < float(rows["CSV hộ"][-1]) < 100  # the ratio to the raw limit
    assert "Mục tiêu / targets:" in text
