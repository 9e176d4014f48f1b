"""Moved to ``danvan.testing`` (core imports no app); kept only while tests are updated."""

from danvan.testing import *  # noqa: F403
from danvan.testing import Cast, build_cast, make_user, make_village  # noqa: F401
