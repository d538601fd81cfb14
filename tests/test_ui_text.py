import pytest

from ui.text import md


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Písek", "Písek"),
        ("[link](http://x)", r"\[link\]\(http\:\/\/x\)".replace(r"\/", "/")),
        ("<b>bold</b>", r"\<b\>bold\</b\>"),
        ("$x$ *y* _z_", r"\$x\$ \*y\* \_z\_"),
        (None, ""),
    ],
)
def test_md_escapes_markdown_and_html(text, escaped: str) -> None:
    assert md(text) == escaped
