import pytest

from atlas.sources import Source, markdown_link, parse_sources, source_url_problem


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("", []),
        (None, []),
        ("Page — https://a.eu/x", [Source("Page", "https://a.eu/x")]),
        (
            "Main — https://a.eu/x; Second – http://b.pl/y",
            [Source("Main", "https://a.eu/x"), Source("Second", "http://b.pl/y")],
        ),
        ("https://a.eu/x", [Source("https://a.eu/x", "https://a.eu/x")]),
        ("Town hall web page (2024)", [Source("Town hall web page (2024)")]),
        ("Broken — https://nodot", [Source("Broken — https://nodot")]),
    ],
)
def test_parse_sources(text, sources) -> None:
    assert parse_sources(text) == sources


def test_rule_a_source_cites_an_http_page() -> None:
    assert source_url_problem("Old note; Page — https://a.eu/x") is None
    assert "no http(s) URL" in source_url_problem("Town hall web page (2024)")


def test_a_markdown_link_escapes_its_title_and_cannot_be_closed_by_its_url() -> None:
    link = markdown_link(Source("A [b](javascript:x)", "https://a.eu/x_(y)"))
    assert link == r"[A \[b\]\(javascript\:x\)](https://a.eu/x_%28y%29)"
    assert markdown_link(Source("*plain*")) == r"\*plain\*"
