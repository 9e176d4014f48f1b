"""Shared pytest fixtures: for tests/ and for the apps' own tests (src/danvan/<app>/tests/)."""

import pytest

from danvan.testing import Cast, build_cast

pytest_plugins = ["tests.browser_fixtures"]  # server, browser, new_page: for every browser test


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The national unit lists are loaded once into the test database."""
    from danvan.geo.services import load_units

    with django_db_blocker.unblock():
        load_units()


def _flushes_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A transactional test ends with a flush of every table, the national unit lists included:
    load them back once its fixtures are torn down, so the tests after it find them."""
    result = yield
    if nextitem is not None and _flushes_database(item):  # after the last test the database is gone
        from pytest_django.plugin import blocking_manager_key

        from danvan.geo.services import load_units

        with item.config.stash[blocking_manager_key].unblock():
            load_units()
    return result


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in the default language: a test that switched to English must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
