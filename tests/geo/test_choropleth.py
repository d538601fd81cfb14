from geo.choropleth import country_choropleth


def test_labels_are_escaped_html_and_never_run_as_templates() -> None:
    html = country_choropleth({"PL": 3}, "<b>Q{{7*7}}Q</b>").get_root().render()
    assert "<b>" not in html
    assert "Q49Q" not in html
    assert "{{" not in html
