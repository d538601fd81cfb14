import json

import pytest

from atlas import escape


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("X${alert(1)}", "X&#36;{alert(1)}"),
        ("a`b", "a&#96;b"),
        ("back\\slash", "back&#92;slash"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        (None, ""),
    ],
)
def test_tooltip_text_cannot_leave_a_template_literal(text, escaped: str) -> None:
    assert escape.tooltip(text) == escaped


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script>", "line": "a\u2028b"}
    text = escape.script_json(value)
    assert "</script" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value


def test_markdown_shows_links_and_images_literally() -> None:
    assert escape.markdown("![x](http://e/i.png)") == r"\!\[x\]\(http\://e/i\.png\)"
