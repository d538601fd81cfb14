import pytest
from streamlit.testing.v1 import AppTest

from atlas.accounts import EDITOR, add_user, log_in
from atlas.import_format import template_bytes
from atlas.store import make_engine
from ui.auth import now


def test_the_bulk_import_page_is_not_listed_for_visitors(app: AppTest) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/bulk_import.py")


def test_the_bulk_import_page_closes_once_its_user_is_logged_out(
    app: AppTest, store_url: str
) -> None:
    _as_editor(app, store_url).run()
    app.switch_page("pages/bulk_import.py").run()
    assert app.title[0].value == "Bulk import"
    del app.session_state["auth_token"]
    app.run()
    assert not app.exception
    assert "Bulk import" not in [title.value for title in app.title]
    assert not app.get("file_uploader")


def _as_editor(app: AppTest, store_url: str) -> AppTest:
    engine = make_engine(store_url)
    add_user(engine, "ewa", "correct horse battery", EDITOR, now())
    app.session_state["auth_token"] = log_in(engine, "ewa", "correct horse battery", "t", now())
    return app


def test_the_bulk_import_page_is_listed_for_editors_and_offers_the_template(
    app: AppTest, store_url: str
) -> None:
    _as_editor(app, store_url).run()
    app.switch_page("pages/bulk_import.py").run()
    assert not app.exception
    assert app.title[0].value == "Bulk import"
    assert template_bytes("csv").startswith(b"\xef\xbb\xbfkind,")


BAD_ROW = (
    b"kind,slug,name,country,latitude,longitude,coord_source,source,licence,colour\r\n"
    b"city,nowe,Nowe,XX,50,20,manual,census table 2021,CC BY 4.0,red\r\n"
)
ROW_PROBLEMS = {
    "en": [
        "unknown column (see docs/import-format.md)",
        "not an ISO 3166-1 alpha-2 country code: 'XX'",
    ],
    "pl": [
        "nieznana kolumna (zob. docs/import-format.md)",
        "to nie jest kod kraju ISO 3166-1 alpha-2: 'XX'",
    ],
    "bg": [
        "непозната колона (вж. docs/import-format.md)",
        "не е код на държава по ISO 3166-1 alpha-2: 'XX'",
    ],
}
EMPTY_FILE = {  # the file name as the page writes it, markdown escaped
    "en": "Cannot read empty\\.csv: the file is empty",
    "pl": "Nie można odczytać empty\\.csv: plik jest pusty",
    "bg": "empty\\.csv не може да бъде прочетен: файлът е празен",
}


def _upload_as_editor(app: AppTest, store_url: str, lang: str, name: str, data: bytes) -> AppTest:
    app.query_params["lang"] = lang
    _as_editor(app, store_url).run()
    app.switch_page("pages/bulk_import.py")
    app.query_params["lang"] = lang
    app.run()
    app.file_uploader(key="bulk_file").set_value((name, data, "text/csv"))
    return app.run()


@pytest.mark.parametrize("lang", ["en", "pl", "bg"])
def test_a_rejected_row_is_explained_in_the_interface_language(
    app: AppTest, store_url: str, lang: str
) -> None:
    _upload_as_editor(app, store_url, lang, "cities.csv", BAD_ROW)
    assert not app.exception
    problems = app.dataframe[0].value["problem"].tolist()
    assert problems == ROW_PROBLEMS[lang]


@pytest.mark.parametrize("lang", ["en", "pl", "bg"])
def test_an_unreadable_file_is_refused_in_the_interface_language(
    app: AppTest, store_url: str, lang: str
) -> None:
    _upload_as_editor(app, store_url, lang, "empty.csv", b"")
    assert not app.exception
    assert app.error[0].value == EMPTY_FILE[lang]
