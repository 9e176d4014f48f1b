import pytest

from .scenario import Scenario, build


@pytest.fixture
def sx(cast) -> Scenario:
    return build(cast)
