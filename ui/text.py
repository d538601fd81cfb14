"""Make stored text safe to show through Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Escape `text` so Markdown shows it literally (no links, HTML, math or directives)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
