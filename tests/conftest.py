import pytest
from sqlalchemy import Engine

from atlas.queries import AtlasData, load_atlas
from tests.factories import build_store


@pytest.fixture
def engine() -> Engine:
    return build_store()


@pytest.fixture
def data(engine: Engine) -> AtlasData:
    return load_atlas(engine)
