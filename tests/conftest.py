"""The longest test files run first: ``make test`` hands whole files to its workers in this order
(``--dist loadfile --no-loadscope-reorder``), so none of them starts last and keeps one worker busy
after the other has finished."""

import pytest

# Slowest first (``make test PYTEST_ARGS=--durations=60`` on SQLite, 2 workers); the others keep their order.
SLOW_FIRST = (
    "tests/test_backup.py",
    "tests/test_big_import_browser.py",
    "tests/test_browser.py",
    "src/danvan/exemplars/tests/test_browser.py",
    "src/danvan/campaigns/tests/test_browser.py",
    "src/danvan/meetings/tests/test_offline_browser.py",
    "src/danvan/signoff/tests/test_browser.py",
    "src/danvan/voice/tests/test_public_browser.py",
    "tests/test_crash_safety.py",
    "tests/test_indicators.py",
    "tests/test_demo.py",
    "tests/test_scope_routes.py",
    "tests/test_audit_walker.py",
    "src/danvan/voice/tests/test_demo.py",
    "src/danvan/campaigns/tests/test_demo.py",
    "src/danvan/meetings/tests/test_demo.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {path: n for n, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
