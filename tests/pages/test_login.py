from streamlit.testing.v1 import AppTest


def test_login_page_offers_a_form_and_needs_no_account_to_browse(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/login.py").run()
    assert not app.exception
    assert [t.label for t in app.text_input] == ["User name", "Password"]
    assert "Visitors need no account" in app.caption[0].value
