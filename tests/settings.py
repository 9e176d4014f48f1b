"""The test settings: danvan's, plus the example app of the recipe (tests/example_app)."""

from danvan.settings import *  # noqa: F403
from danvan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_app"]
