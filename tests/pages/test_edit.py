"""The staff editing, review and history pages, driven headless (AppTest)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas.accounts import ADMIN, EDITOR, add_user, disable_user, log_in, log_out
from atlas.queries import load_atlas
from atlas.store import make_engine, revision
from tests.pages.conftest import APP
from ui.auth import SESSION_ENDED, now
from ui.text import md

PASSWORD = "correct horse battery"


def _logged_in(store_url: str, name: str, role: str) -> AppTest:
    engine = make_engine(store_url)
    if name not in {u for (u,) in engine.connect().execute(text("SELECT name FROM users"))}:
        add_user(engine, name, PASSWORD, role, now())
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["auth_token"] = log_in(engine, name, PASSWORD, "test", now())
    return app


def _practice_id(store_url: str, slug: str) -> int:
    with make_engine(store_url).connect() as connection:
        return connection.scalar(text("SELECT id FROM practices WHERE slug = :s"), {"s": slug})


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    app.run()
    app.switch_page(page)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


@pytest.mark.parametrize("page", ["pages/edit.py", "pages/review.py", "pages/history.py"])
def test_staff_pages_are_not_even_listed_for_visitors(app: AppTest, page: str) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)


def test_an_editor_lists_practices_with_their_review_state(store_url: str) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py")
    assert not app.exception
    assert app.title[0].value == "Edit records"
    frame = app.dataframe[0].value
    assert set(frame["review_state"]) == {"published"}
    assert "Energy-positive school" in set(frame["label"])


def test_an_editor_opens_a_practice_form_with_its_review_state(store_url: str) -> None:
    record = str(_practice_id(store_url, "energy-positive-school"))
    app = _open(
        _logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="practice", record=record
    )
    assert not app.exception
    assert app.subheader[0].value == md("Energy-positive school")
    assert app.text_input(key=f"field_practice_{record}_slug").disabled
    assert app.text_area(key=f"field_practice_{record}_summary").value == (
        "A school turned energy-positive."
    )
    assert any("Published" in m.value for m in app.markdown)
    assert any("off the public pages" in c.value for c in app.caption)


def test_a_missing_record_is_said_plainly(store_url: str) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="city", record="999")
    assert not app.exception
    assert app.error[0].value == "There is no city '999'."


def test_history_and_review_pages_open_for_an_editor(store_url: str) -> None:
    for page, title in (("pages/history.py", "History"), ("pages/review.py", "Review")):
        app = _open(_logged_in(store_url, "ewa", EDITOR), page)
        assert not app.exception
        assert app.title[0].value == title


def _practice_form(store_url: str, name: str, role: str) -> tuple[AppTest, str]:
    record = str(_practice_id(store_url, "energy-positive-school"))
    app = _open(_logged_in(store_url, name, role), "pages/edit.py", kind="practice", record=record)
    return app, f"field_practice_{record}_"


def test_a_field_error_is_shown_under_its_field_and_nothing_is_saved(store_url: str) -> None:
    app, field = _practice_form(store_url, "ada", ADMIN)
    app.text_input(key=field + "year").set_value("1700")
    app.button(key="edit_save").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["Year: Input should be greater than or equal to 1990"]
    assert app.text_input(key=field + "year").value == "1700"
    practices = load_atlas(make_engine(store_url)).practices.set_index("slug")
    assert practices.loc["energy-positive-school", "year"] != 1700


def test_the_second_of_two_editors_saving_the_same_version_is_refused(store_url: str) -> None:
    first, field = _practice_form(store_url, "ada", ADMIN)
    second, _ = _practice_form(store_url, "ewa", EDITOR)
    first.text_area(key=field + "summary").set_value("Ada's summary.")
    first.button(key="edit_save").click().run()
    assert [s.value for s in first.success] == [md("Saved “Energy-positive school” (version 2).")]
    second.text_area(key=field + "summary").set_value("Ewa's summary.")
    second.button(key="edit_save").click().run()
    assert not second.exception
    assert "was changed while you edited it" in second.error[0].value
    assert md("Ada's summary.") in second.markdown[0].value
    assert second.text_area(key=field + "summary").value == "Ewa's summary."
    practices = load_atlas(make_engine(store_url)).practices.set_index("slug")
    assert practices.loc["energy-positive-school", "summary"] == "Ada's summary."
    second.button(key=f"reload_{field.removeprefix('field_').rstrip('_')}").click().run()
    assert second.text_area(key=field + "summary").value == "Ada's summary."


def test_an_editor_submits_and_an_admin_publishes(store_url: str) -> None:
    editor, field = _practice_form(store_url, "ewa", EDITOR)
    editor.text_input(key=field + "title").set_value("Energy-positive school, Písek")
    editor.button(key="edit_save").click().run()
    assert any(m.value == "**Review:** Draft" for m in editor.markdown)
    form = field.removeprefix("field_").rstrip("_")
    editor.button(key=f"review_submit_{form}").click().run()
    assert not editor.exception
    assert any(m.value == "**Review:** In review" for m in editor.markdown)
    admin, _ = _practice_form(store_url, "ada", ADMIN)
    admin.button(key=f"review_return_{form}").click().run()
    assert "Comment: say what needs to change" in admin.error[0].value
    admin.button(key=f"review_publish_{form}").click().run()
    assert any(m.value == "**Review:** Published" for m in admin.markdown)
    titles = load_atlas(make_engine(store_url)).practices.set_index("slug")["title"]
    assert titles["energy-positive-school"] == "Energy-positive school, Písek"


def test_history_lists_the_change_and_restores_the_earlier_version(store_url: str) -> None:
    app, field = _practice_form(store_url, "ada", ADMIN)
    app.text_input(key=field + "title").set_value("Renamed school")
    app.button(key="edit_save").click().run()
    record = field.split("_")[2]
    history = _open(
        _logged_in(store_url, "ada", ADMIN), "pages/history.py", kind="practice", record=record
    )
    assert not history.exception
    assert "Version 2 · update by ada" in history.expander[0].label
    restore = [b for b in history.button if b.label == "Restore version 1"]
    restore[0].click().run()
    assert not history.exception
    assert history.success[0].value == md("Version 1 restored as a new version.")
    titles = load_atlas(make_engine(store_url)).practices.set_index("slug")["title"]
    assert titles["energy-positive-school"] == "Energy-positive school"


def test_the_review_queue_names_who_submitted_each_practice(store_url: str) -> None:
    from datetime import datetime

    from atlas import editing
    from atlas.accounts import User

    ewa = User("ewa", EDITOR, disabled=False)
    engine = make_engine(store_url)
    record = _practice_id(store_url, "energy-positive-school")
    with engine.connect() as connection:
        version = connection.scalar(
            text("SELECT version FROM practices WHERE id = :i"), {"i": record}
        )
    editing.move_practice(
        engine,
        User("ada", ADMIN, False),
        record,
        version,
        "return",
        datetime(2026, 11, 25, 9),
        "Add the cost.",
    )
    editing.move_practice(engine, ewa, record, version + 1, "submit", datetime(2026, 11, 25, 10))
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/review.py")
    assert not app.exception
    waiting = app.dataframe[0].value
    assert waiting[["label", "submitted_by"]].values.tolist() == [["Energy-positive school", "ewa"]]


def test_unsaved_edits_hold_back_review_and_deletion_until_saved_or_discarded(
    store_url: str,
) -> None:
    app, field = _practice_form(store_url, "ada", ADMIN)
    form = field.removeprefix("field_").rstrip("_")
    app.text_area(key=field + "summary").set_value("Half-typed summary")
    app.run()
    assert app.warning[0].value.startswith("Unsaved edits")
    assert app.button(key=f"review_return_{form}").disabled
    app.button(key=f"discard_{form}").click().run()
    assert app.text_area(key=field + "summary").value == "A school turned energy-positive."
    assert not app.button(key=f"review_return_{form}").disabled


def test_a_new_practice_is_created_as_a_draft_with_a_slug_from_its_title(store_url: str) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="practice")
    app.button(key="edit_new").click().run()
    field = "field_practice_new_"
    app.button(key="edit_save").click().run()
    assert any(e.value.startswith("Title:") for e in app.error)
    app.text_input(key=field + "title").set_value("Solar roofs on schools")
    app.text_area(key=field + "summary").set_value("Photovoltaics on twelve school roofs.")
    app.multiselect(key=field + "topics").select("energy")
    app.selectbox(key=field + "city").select("pisek")
    app.text_area(key=field + "source").set_value("https://example.org/solar-roofs")
    app.text_input(key=field + "licence").set_value("CC BY 4.0")
    app.button(key="edit_save").click().run()
    assert not app.exception
    assert app.success[0].value == md("Created “Solar roofs on schools”.")
    assert app.subheader[0].value == md("Solar roofs on schools")
    assert any(m.value == "**Review:** Draft" for m in app.markdown)
    with make_engine(store_url).connect() as connection:
        state = connection.scalar(
            text("SELECT review_state FROM practices WHERE slug = 'solar-roofs-on-schools'")
        )
    assert state == "draft"


def test_a_new_city_starts_with_no_country_and_is_placed_from_the_gazetteer(
    store_url: str,
) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="city")
    app.button(key="edit_new").click().run()
    field = "field_city_new_"
    assert app.selectbox(key=field + "country").value is None
    app.text_input(key=field + "name").set_value("Tábor")
    app.selectbox(key=field + "country").select("CZ")
    app.run()
    app.text_input(key="place_query_city_new").set_value("Tábor").run()
    app.button(key="place_use_city_new").click().run()
    assert not app.exception
    assert round(app.number_input(key=field + "latitude").value, 1) == 49.4
    assert app.text_area(key=field + "coord_source").value.startswith("geonames:")
    app.text_area(key=field + "source").set_value("https://www.taborcz.eu")
    app.text_input(key=field + "licence").set_value("CC BY 4.0")
    app.button(key="edit_save").click().run()
    assert app.success[0].value == md("Created “Tábor (CZ)”.")


def _end_session(store_url: str, app: AppTest, how: str) -> None:
    engine = make_engine(store_url)
    if how == "disabled":
        disable_user(engine, "ewa")
    else:
        log_out(engine, app.session_state["auth_token"])


@pytest.mark.parametrize("how", ["disabled", "logged out elsewhere"])
@pytest.mark.parametrize("action", ["save", "delete"])
def test_an_open_form_writes_nothing_once_its_session_has_ended(
    store_url: str, action: str, how: str
) -> None:
    app, field = _practice_form(store_url, "ewa", EDITOR)
    form = field.removeprefix("field_").rstrip("_")
    if action == "save":
        app.text_input(key=field + "title").set_value("Renamed by ewa")
        button = "edit_save"
    else:
        app.checkbox(key=f"confirm_delete_{form}").check().run()
        button = f"delete_{form}"
    before = revision(make_engine(store_url))
    _end_session(store_url, app, how)
    app.button(key=button).click().run()
    assert not app.exception
    assert SESSION_ENDED in [w.value for w in app.warning]
    assert revision(make_engine(store_url)) == before


def test_an_open_history_page_restores_nothing_once_the_account_is_disabled(
    store_url: str,
) -> None:
    app, field = _practice_form(store_url, "ewa", EDITOR)
    app.text_input(key=field + "title").set_value("Renamed school")
    app.button(key="edit_save").click().run()
    history = _open(
        _logged_in(store_url, "ewa", EDITOR),
        "pages/history.py",
        kind="practice",
        record=field.split("_")[2],
    )
    before = revision(make_engine(store_url))
    _end_session(store_url, history, "disabled")
    next(b for b in history.button if b.label == "Restore version 1").click().run()
    assert not history.exception
    assert revision(make_engine(store_url)) == before


def test_an_editor_writes_the_polish_and_bulgarian_texts_and_the_original_language(
    store_url: str,
) -> None:
    app, field = _practice_form(store_url, "ada", ADMIN)
    assert [tab.label for tab in app.tabs] == ["Polish", "Bulgarian"]
    assert app.text_input(key=field + "title_pl").label == "Title (Polish)"
    app.text_input(key=field + "title_pl").set_value("Szkoła energetycznie pozytywna")
    app.text_area(key=field + "summary_bg").set_value("Енергийно позитивно училище.")
    app.selectbox(key=field + "original_language").set_value("bg")
    app.button(key="edit_save").click().run()
    assert not app.exception
    practice = (
        load_atlas(make_engine(store_url)).practices.set_index("slug").loc["energy-positive-school"]
    )
    assert practice["title_pl"] == "Szkoła energetycznie pozytywna"
    assert practice["summary_bg"] == "Енергийно позитивно училище."
    assert practice["original_language"] == "bg"

    record = field.split("_")[2]
    history = _open(
        _logged_in(store_url, "ada", ADMIN), "pages/history.py", kind="practice", record=record
    )
    restore = [b for b in history.button if b.label == "Restore version 1"]
    restore[0].click().run()
    assert not history.exception
    practice = (
        load_atlas(make_engine(store_url)).practices.set_index("slug").loc["energy-positive-school"]
    )
    assert practice["title_pl"] is None
    assert practice["original_language"] == "en"


def test_a_stale_save_of_a_polish_text_is_refused(store_url: str) -> None:
    first, field = _practice_form(store_url, "ada", ADMIN)
    second, _ = _practice_form(store_url, "ewa", EDITOR)
    first.text_input(key=field + "title_pl").set_value("Szkoła Ady")
    first.button(key="edit_save").click().run()
    second.text_input(key=field + "title_pl").set_value("Szkoła Ewy")
    second.button(key="edit_save").click().run()
    assert not second.exception
    titles = load_atlas(make_engine(store_url)).practices.set_index("slug")["title_pl"]
    assert titles["energy-positive-school"] == "Szkoła Ady"


YEAR_TOO_EARLY = {
    "pl": ("Rok", "Wartość powinna być większa lub równa 1990"),
    "bg": ("Година", "Стойността трябва да е по-голяма или равна на 1990"),
}
CHANGED_MEANWHILE = {
    "pl": "Rekord „Energy-positive school” został zmieniony w trakcie edycji",
    "bg": "Записът „Energy-positive school“ беше променен, докато го редактирахте",
}


def _practice_form_in(store_url: str, name: str, role: str, lang: str) -> tuple[AppTest, str]:
    record = str(_practice_id(store_url, "energy-positive-school"))
    app = _logged_in(store_url, name, role)
    app.query_params["lang"] = lang
    return _open(app, "pages/edit.py", kind="practice", record=record, lang=lang), (
        f"field_practice_{record}_"
    )


@pytest.mark.parametrize("lang", ["pl", "bg"])
def test_a_field_error_is_said_in_the_interface_language(store_url: str, lang: str) -> None:
    app, field = _practice_form_in(store_url, "ada", ADMIN, lang)
    app.text_input(key=field + "year").set_value("1700")
    app.button(key="edit_save").click().run()
    assert not app.exception
    label, problem = YEAR_TOO_EARLY[lang]
    assert [e.value for e in app.error] == [f"{label}: {md(problem)}"]


@pytest.mark.parametrize("lang", ["pl", "bg"])
def test_a_stale_save_is_refused_in_the_interface_language(store_url: str, lang: str) -> None:
    first, field = _practice_form_in(store_url, "ada", ADMIN, lang)
    second, _ = _practice_form_in(store_url, "ewa", EDITOR, lang)
    first.text_area(key=field + "summary").set_value("Ada's summary.")
    first.button(key="edit_save").click().run()
    second.text_area(key=field + "summary").set_value("Ewa's summary.")
    second.button(key="edit_save").click().run()
    assert not second.exception
    refusal = second.error[0].value
    assert refusal.startswith(md(CHANGED_MEANWHILE[lang])), refusal
    assert "ada" in refusal
    assert "summary" in refusal
