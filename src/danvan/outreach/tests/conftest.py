import pytest

from . import scenario


@pytest.fixture
def bc(cast) -> scenario.Scenario:
    return scenario.build(cast)
