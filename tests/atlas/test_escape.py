import json

import pytest

from atlas import escape


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("X${alert(1)}", "X&#36;&#123;alert(1)&#125;"),
        ("a`b", "a&#96;b"),
        ("back\\slash", "back&#92;slash"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        ("{{7*7}} {% x %}", "&#123;&#123;7*7&#125;&#125; &#123;% x %&#125;"),
        (None, ""),
    ],
)
def test_tooltip_text_cannot_leave_a_template_literal(text, escaped: str) -> None:
    assert escape.tooltip(text) == escaped


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script>", "line": "a\u2028b", "n": [{"k": 1}]}
    text = escape.script_json(value)
    assert "</script" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize("value", ["{{7*7}}", "{% if 1 %}x{% endif %}", "{#", ["}{", {"a": "{{"}]])
def test_script_json_holds_no_template_delimiter(value) -> None:
    text = escape.script_json(value)
    assert not any(mark in text for mark in ("{{", "{%", "{#"))
    assert json.loads(text) == value


@pytest.mark.parametrize("function", [escape.html_text, escape.tooltip])
def test_html_text_holds_no_template_delimiter(function) -> None:
    assert "{" not in function("{{ cycler.__init__.__globals__.os.getpid() }} {%x%} {#")


def test_markdown_shows_links_and_images_literally() -> None:
    assert escape.markdown("![x](http://e/i.png)") == r"\!\[x\]\(http\://e/i\.png\)"


def test_tooltip_lines_escape_every_line_and_keep_their_own_markup() -> None:
    text = escape.tooltip_lines("A ${x} → B", ["<i>c</i> → `d`"])
    assert text == "<b>A &#36;&#123;x&#125; → B</b><br>&lt;i&gt;c&lt;/i&gt; → &#96;d&#96;"


def test_html_table_escapes_every_value_and_link() -> None:
    table = escape.html_table(
        "<i>caption</i>",
        ["Name", "<b>Count</b>"],
        [["<img src=x onerror=alert(1)>", "{{ 7*7 }}"], ["Plain", "12"]],
        ['city?city="><script>', None],
        right_aligned=[1],
    )
    for markup in ("<img", "<script>", "<b>", "<i>", "{{"):
        assert markup not in table
    assert '<a href="city?city=&quot;&gt;&lt;script&gt;">' in table
    assert '<th scope="row">Plain</th><td class="atlas-number">12</td>' in table
    assert table.count("<tr>") == 3  # the header row and two rows


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", " JavaScript:alert(1)", "https://elsewhere.example", "//x.example"],
)
def test_html_table_links_only_within_the_atlas(link: str) -> None:
    with pytest.raises(ValueError, match="links only within the atlas"):
        escape.html_table("Cities", ["Name"], [["Ada"]], [link])
