"""The test settings: danvan's, plus the example app of the recipe (tests/example_app)."""

import tempfile
from pathlib import Path

from danvan.settings import *  # noqa: F403
from danvan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_app"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="danvan-test-media-"))  # uploads of a test run stay out of var/
# Hashing a password with Argon2 takes ~0.2 s: every test's cast creates seven users. Production keeps Argon2
# (danvan.settings); tests/test_accounts.py checks that separately.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One cache per test process, empty at its start (the product's file cache would carry rate-limit counts
# from run to run and from worker to worker); tests/test_serve.py checks the file cache across processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A second alias on the test database, as a read replica would be (core/replica.py): tests/test_replica.py
# points reports at it; every other test reads and writes "default" only.
DATABASES = {**DATABASES, "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}}}  # noqa: F405
DANVAN_REPORT_DATABASE = "default"
DATABASE_ROUTERS: list[str] = []
