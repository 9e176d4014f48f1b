"""Pytest fixtures of the browser tests (a pytest plugin, loaded by the root conftest), shared by
``tests/test_browser.py`` and the apps' own browser tests: a live server and headless Chromium per
test module, and a factory of pages each with its own cookies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, discard_prepared, live_server, screenshot

DESKTOP = {"width": 1280, "height": 900}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The servers' prepared database (browser_support._prepared) is dropped with the session."""
    discard_prepared()


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with live_server() as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A factory of pages, each in its own browser context (its own cookies, so its own login).

    When the test fails, each of its pages is saved as ``failed-<test>-<n>.png``.
    """
    contexts: list[Any] = []
    failed_before = request.session.testsfailed

    def make() -> Any:
        context = browser.new_context(base_url=server.url, viewport=DESKTOP, locale="vi-VN",
                                      accept_downloads=True)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    if request.session.testsfailed > failed_before:  # the call phase has been reported by now
        for index, context in enumerate(contexts):
            for page in context.pages:
                screenshot(page, f"failed-{request.node.name}-{index}")
    for context in contexts:
        context.close()
