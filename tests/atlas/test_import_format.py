import re
from pathlib import Path

import pytest

from atlas import records
from atlas.import_format import EXAMPLES, columns, template_bytes, template_rows
from atlas.records import MODELS
from atlas.tabular import IMPORT_KINDS, read_table

DOC = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text("utf-8")
SECTIONS = {"city": "### City", "membership": "### Membership", "practice": "### Practice"}


def _section(kind: str) -> str:
    start = DOC.index(SECTIONS[kind])
    following = DOC.find("\n#", start + 1)
    return DOC[start : following if following > 0 else None]


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_the_docs_table_names_every_model_field(kind: str) -> None:
    named = re.findall(r"^\| `(\w+)` \|", _section(kind), flags=re.MULTILINE)
    assert named == list(MODELS[kind].model_fields)


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_the_columns_are_exactly_the_model_fields(kind: str) -> None:
    assert [column.name for column in columns(kind)] == list(MODELS[kind].model_fields)
    assert set(EXAMPLES[kind]) == set(MODELS[kind].model_fields)


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_every_example_row_is_a_valid_record(kind: str) -> None:
    records.validate(kind, EXAMPLES[kind])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_reads_back_as_its_example_rows(fmt: str) -> None:
    table = read_table(template_bytes(fmt), f"template.{fmt}")
    assert [values["kind"] for _, values in table.rows] == list(IMPORT_KINDS)
    assert [{k: v for k, v in values.items() if v} for _, values in table.rows] == [
        {k: v for k, v in row.items() if v} for row in template_rows()
    ]
