"""Store fixtures, and the engines they run on: every test of the store suites that builds a
store runs once on SQLite and once on PostgreSQL (a throwaway server for the session),
unless it is marked `sqlite_only`."""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Iterator
from types import CodeType

import pytest
from sqlalchemy import Engine

from atlas.queries import AtlasData, load_atlas
from tests import factories
from tests.factories import build_store
from tests.postgres_server import ThrowawayPostgres

# The factories that make a store: a test reaching one of them (itself, through its
# fixtures, or through the test helpers they call) touches the store.
STORE_FACTORIES = frozenset(
    {"build_store", "fresh_engine", "empty_store_url", "migrated_store_url"}
)


# The suites whose store tests run on both engines. The page suites (a few seconds of AppTest
# per test, over the same domain functions) run on SQLite, to keep `make test` short.
STORE_SUITES = frozenset({"atlas", "geo"})


def _names_in(code: CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _names_in(constant)
    return names


def _reaches_store_factory(functions: list) -> bool:
    seen: set[int] = set()
    while functions:
        function = inspect.unwrap(functions.pop())
        code = getattr(function, "__code__", None)
        if code is None or id(code) in seen:
            continue
        seen.add(id(code))
        names = _names_in(code)
        if names & STORE_FACTORIES:
            return True
        module_globals = getattr(function, "__globals__", {})
        functions += [
            module_globals[name]
            for name in names
            if inspect.isfunction(module_globals.get(name))
            and module_globals[name].__module__.split(".")[0] == "tests"
        ]
    return False


def touches_store(metafunc: pytest.Metafunc) -> bool:
    """True when the test builds a store, directly or through its fixtures."""
    functions = [metafunc.function]
    for name in metafunc.fixturenames:
        functions += [definition.func for definition in metafunc._arg2fixturedefs.get(name, ())]
    return _reaches_store_factory(functions)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): a store test about SQLite itself (its file, WAL, locking); "
        "it does not run on PostgreSQL",
    )
    config.addinivalue_line(
        "markers",
        "postgresql_only(reason): a store test about a PostgreSQL server (stopping it); "
        "skipped when ATLAS_TEST_ENGINES leaves PostgreSQL out",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("sqlite_only"):
        engines = ["sqlite"]
    elif metafunc.definition.get_closest_marker("postgresql_only"):
        engines = [name for name in factories.TEST_ENGINES if name == "postgresql"]
    elif metafunc.definition.path.parent.name in STORE_SUITES and touches_store(metafunc):
        engines = list(factories.TEST_ENGINES)
    else:
        return
    metafunc.parametrize("store_engine", engines, indirect=True, scope="module")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    yield server
    server.remove()


@pytest.fixture(scope="module", autouse=True)
def store_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """The engine the module's store tests run on ("sqlite" unless parametrised)."""
    name = getattr(request, "param", "sqlite")
    server = request.getfixturevalue("postgres_server") if name == "postgresql" else None
    with factories.stores_on(name, server):
        yield name


@pytest.fixture
def engine() -> Engine:
    return build_store()


@pytest.fixture
def data(engine: Engine) -> AtlasData:
    return load_atlas(engine)


_engine_of_test: dict[str, str] = {}
_store_tests: Counter[str] = Counter()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("store_engine") if callspec else None
        if isinstance(engine, str):  # not a test whose engines were all left out
            _engine_of_test[item.nodeid] = engine
            # Reports carry it to the summary, also from the workers of a parallel run.
            item.user_properties.append(("store_engine", engine))
    # One engine after the other within a module, in whatever order the tests were shuffled
    # into: every switch of engine rebuilds the module's stores.
    modules: dict[str, int] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], len(modules))
    items.sort(
        key=lambda item: (
            modules[item.nodeid.split("::")[0]],
            _engine_of_test.get(item.nodeid, ""),
        )
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    engine = dict(report.user_properties).get("store_engine")
    if report.when == "call" and engine:
        _store_tests[engine] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _store_tests:
        counts = ", ".join(f"{count} on {name}" for name, count in sorted(_store_tests.items()))
        terminalreporter.write_line(f"store tests: {counts}")
