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
