"""The interface's message catalogues: every message of the code translated into Polish and
Bulgarian, placeholders kept, plural forms declared, the template up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from atlas.export import ATTRIBUTION
from ui import downloads

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "locale"
TRANSLATED = ("pl", "bg")
PLURAL_FORMS = {"pl": 3, "bg": 2}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _catalogue(lang: str) -> Catalog:
    return _read(LOCALE / lang / "LC_MESSAGES" / "atlas.po", lang)


def _ids(catalog: Catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages of the code as `make messages` extracts them today."""
    keywords = re.search(r"^BABEL_KEYWORDS := (.+)$", (REPO / "Makefile").read_text(), re.M)
    assert keywords, "the Makefile names the extraction keywords"
    output = tmp_path_factory.mktemp("catalogue") / "atlas.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), *keywords[1].split()]
        + ["--no-location", "-o", str(output)]
        + [str(REPO / name) for name in ("app.py", "pages", "ui", "geo", "atlas")]
    )
    return _read(output)


def test_the_template_holds_the_messages_of_the_code(extracted: Catalog) -> None:
    template = _read(LOCALE / "atlas.pot")
    assert _ids(extracted) - _ids(template) == set(), "run `make messages`"
    assert _ids(template) - _ids(extracted) == set(), "run `make messages`"
    assert len(extracted) > 400


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(extracted: Catalog, lang: str) -> None:
    catalog = _catalogue(lang)
    assert _ids(extracted) - _ids(catalog) == set(), f"run `make messages`, translate {lang}"
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
            or message.fuzzy
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_placeholder(lang: str) -> None:
    changed = []
    for message in _catalogue(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set().union(*(_placeholders(text) for text in ids))
        changed += [(ids[0], text) for text in strings if _placeholders(text) != wanted]
    assert changed == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogues_declare_their_plural_forms(lang: str) -> None:
    catalog = _catalogue(lang)
    assert catalog.num_plurals == PLURAL_FORMS[lang]
    for message in catalog:
        if message.pluralizable and message.id:
            assert len(message.string) == PLURAL_FORMS[lang], message.id


def test_the_attribution_a_page_shows_is_the_one_the_files_carry() -> None:
    assert downloads.ATTRIBUTION == ATTRIBUTION
