import pytest

from danvan.core.testing import Cast, build_cast


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The national unit lists are loaded once into the test database."""
    from danvan.geo.services import load_units

    with django_db_blocker.unblock():
        load_units()


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()
