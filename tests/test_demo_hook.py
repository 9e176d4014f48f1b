"""The demo hook (``core.demo``): apps' demo modules are built in app order, only the missing
ones on a demo that exists, and reset last app first."""

import datetime as dt
from types import SimpleNamespace

import pytest

from danvan.core import demo


def fake(name: str, built: bool, calls: list[str]) -> SimpleNamespace:
    return SimpleNamespace(
        build=lambda ctx: calls.append(f"build {name}") or {name: 1},
        is_built=lambda ctx: built,
        reset=lambda ctx: calls.append(f"reset {name}") or {name: 0},
    )


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    apps = [("first", fake("first", True, made)), ("second", fake("second", False, made))]
    monkeypatch.setattr(demo, "modules", lambda: iter(apps))
    return made


def context() -> demo.DemoContext:
    return demo.DemoContext(provinces=[], communes=[], villages={}, reference_date=dt.date(2026, 10, 31))


def test_every_app_is_built_in_order(calls):
    assert demo.build_apps(context()) == {"first": 1, "second": 1}
    assert calls == ["build first", "build second"]


def test_only_the_missing_apps_on_an_existing_demo(calls):
    assert demo.build_apps(context(), only_missing=True) == {"second": 1}
    assert calls == ["build second"]


def test_reset_runs_last_app_first(calls):
    demo.reset_apps(context())
    assert calls == ["reset second", "reset first"]


def test_the_context_random_source_is_deterministic():
    ctx = context()
    assert ctx.rng("a").random() == ctx.rng("a").random() != ctx.rng("b").random()


def test_the_installed_apps_demo_modules_have_the_three_functions():
    for label, module in demo.modules():
        for name in ("build", "is_built", "reset"):
            assert callable(getattr(module, name, None)), f"{label}.demo.{name}"
