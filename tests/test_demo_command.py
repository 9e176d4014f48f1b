"""The demo command and users on an empty database (tests/test_demo.py shares one built demo)."""

from django.core.management import call_command

from danvan.accounts.models import User
from danvan.core.management.commands import serve
from danvan.demo import bench_generate, generator
from danvan.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, ensure_demo_users
from danvan.demo.management.commands import demo as demo_command
from danvan.people.models import Person

from .test_demo import SMALL


def test_demo_users(db):
    created = ensure_demo_users()
    assert [login.username for login, _, new in created if new] == [login.username for login in DEMO_LOGINS]
    assert not [1 for _, _, new in ensure_demo_users() if new]
    women = User.objects.get(username="phunu")
    assert women.check_password(DEMO_PASSWORD)
    assert [(g.role, g.unit.key, g.org_kind) for g in women.grants_cached()] == [
        ("commune_editor", generator.DEMO_COMMUNE, "women")]
    assert User.objects.get(username="admin").is_system_admin


def test_demo_command_reuses_the_data(db, monkeypatch, capsys):
    real_build = generator.build
    monkeypatch.setattr(generator, "build", lambda progress=None, spec=None: real_build(SMALL, progress))
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    assert "danvan-demo" in first and "Phường Ninh Kiều" in first and "Xong" in first
    call_command("demo", "--no-serve")
    assert "dùng lại" in capsys.readouterr().out
    assert Person.objects.count() > 100
    # Without --no-serve it collects the static files and serves with danvan serve's default server.
    served = []
    monkeypatch.setattr(serve, "prepare_static", lambda: served.append("static files"))
    monkeypatch.setattr(demo_command, "run_server", lambda host, port, threads, write: served.append((host, port, threads)))
    call_command("demo", "--port", "8799")
    assert served == ["static files", ("127.0.0.1", 8799, serve.DEFAULT_THREADS[serve.DEFAULT_SERVER])]
    assert "5/5" in capsys.readouterr().out


def test_bench_profiles(db):
    spec = bench_generate.spec_for("national", seed=7, scale=0.01)
    assert len(spec.provinces) == 34 and spec.members == 100_000 and spec.households == 60_000
    assert bench_generate.spec_for("province", seed=1).members == 300_000
